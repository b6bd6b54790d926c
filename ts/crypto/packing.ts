/**
 * The plaintext of a registration: the packed chunk elements of `ts/circuit/commitment.ts`
 * (0 past the used chunks) and the salt; and the inverse, unpacking decrypted elements into rows
 * with every check the circuit made on the way in. Every function takes the settlement shape
 * whose registration circuit is meant (default k8d1n128): its D, packing (P rows per element,
 * R = 3P rows per chunk), capacity (NCP chunks, C = 3·NCP + 1 elements) and data range.
 */
import { packRows, type PackedRows, type Slot } from '../circuit/commitment.js';
import type { FixedRow } from '../circuit/model.js';
import { DATA_OFFSET } from '../circuit/params.js';
import type { Shape } from '../protocol/shapes/index.js';

/** Chunks holding n rows: ceil(n / R). */
export const usedChunks = (n: number, shape: Shape) => Math.ceil(n / shape.r);

/** pt[0..3·NCP) = packed elements of the used chunks then 0, pt[3·NCP] = salt. */
export function registrationPlaintext(rows: readonly FixedRow[], salt: bigint, shape: Shape): bigint[] {
  if (rows.length < 1 || rows.length > shape.nProvider) {
    throw new RangeError(`${rows.length} rows: one registration of shape ${shape.name} holds 1..${shape.nProvider} (its N_PROVIDER)`);
  }
  return plaintextOf(packRows(rows, usedChunks(rows.length, shape), shape), salt, shape);
}

/** {@link registrationPlaintext} of rows already packed (their used chunks). */
export function plaintextOf(packed: PackedRows, salt: bigint, shape: Shape): bigint[] {
  const out = [...packed.elements];
  while (out.length < 3 * shape.ncp) out.push(0n);
  out.push(salt);
  return out;
}

/** Why an element does not unpack, or the P slots it holds. */
export function unpackElement(element: bigint, shape: Shape): Slot[] | string {
  const rowBits = BigInt(shape.rowBits);
  if (element >> (rowBits * BigInt(shape.p)) !== 0n) return 'an element has bits beyond its packed rows';
  const rowMask = (1n << rowBits) - 1n;
  const valueMask = (1n << 35n) - 1n;
  const slots: Slot[] = [];
  for (let s = 0; s < shape.p; s++) {
    const packed = (element >> (rowBits * BigInt(s))) & rowMask;
    const present = packed & 1n;
    const values: bigint[] = [];
    for (let t = 0; t <= shape.d; t++) values.push(((packed >> BigInt(1 + 35 * t)) & valueMask) - DATA_OFFSET);
    if (present === 0n) {
      if (values.some((v) => v !== 0n)) return 'a padding row holds data';
      slots.push(null);
      continue;
    }
    if (values.some((v) => v > shape.maxAbsData || v < -shape.maxAbsData)) return 'a value is out of range';
    slots.push({ x: values.slice(0, shape.d), y: values[shape.d]! });
  }
  return slots;
}

/**
 * Rows and salt from a decrypted plaintext holding `n` rows, or why it is not a well-formed
 * registration plaintext (rows not a prefix of n rows, data out of range, unused elements not 0).
 */
export function parsePlaintext(plaintext: readonly bigint[], n: number, shape: Shape): { rows: FixedRow[]; salt: bigint } | string {
  if (plaintext.length !== shape.ciphertextLength) return `expected ${shape.ciphertextLength} elements, got ${plaintext.length}`;
  if (!Number.isInteger(n) || n < 1 || n > shape.nProvider) return `num_rows ${n} is outside 1..${shape.nProvider}`;
  const used = usedChunks(n, shape);
  const slots: Slot[] = [];
  for (let i = 0; i < 3 * shape.ncp; i++) {
    if (i >= 3 * used) {
      if (plaintext[i] !== 0n) return 'an element past the used chunks is not 0';
      continue;
    }
    const out = unpackElement(plaintext[i]!, shape);
    if (typeof out === 'string') return out;
    slots.push(...out);
  }
  const rows: FixedRow[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    if ((slot !== null) !== i < n) return `the present rows are not exactly the first ${n}`;
    if (slot) rows.push(slot);
  }
  return { rows, salt: plaintext[3 * shape.ncp]! };
}
