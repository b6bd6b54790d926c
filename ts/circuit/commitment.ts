/**
 * Data commitments exactly as the circuit computes them (`noir/commitment/src/lib.nr`): rows packed
 * P to a field element, three elements (one chunk of R rows) per Poseidon2 permutation, then
 * (salt, n, payee). The permutation is bb.js `poseidon2Permutation`, the same Poseidon2 as Noir's
 * `std::hash::poseidon2_permutation`.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { FIELD_MODULUS } from '../protocol/layout.js';
import type { FixedRow } from './model.js';
import { DATA_OFFSET, TAG_PROVIDER, type CircuitShape } from './params.js';

/** The packing parameters of a shape. */
type Packing = Pick<CircuitShape, 'd' | 'p' | 'r' | 'rowBits'>;

/** A row slot of a chunk: a data row or padding (`null`). */
export type Slot = FixedRow | null;

/** present + Σ_t (V_t + 2^34)·2^(1 + 35t) over V = (X_0..X_{D−1}, Y); padding packs as all-zero values. */
export function packRow(slot: Slot, shape: Packing): bigint {
  const values = slot ? [...slot.x, slot.y] : new Array<bigint>(shape.d + 1).fill(0n);
  if (values.length !== shape.d + 1) throw new RangeError(`a row of this shape has ${shape.d} feature(s)`);
  let packed = slot ? 1n : 0n;
  values.forEach((v, t) => {
    packed += (v + DATA_OFFSET) << BigInt(1 + 35 * t);
  });
  return packed;
}

/** The three field elements of a chunk of R slots. */
export function packChunk(slots: readonly Slot[], shape: Packing): [bigint, bigint, bigint] {
  const { p: P, r: R, rowBits: ROW_BITS } = shape;
  if (slots.length !== R) throw new RangeError(`a chunk has ${R} slots`);
  const out: bigint[] = [];
  for (let f = 0; f < 3; f++) {
    let acc = 0n;
    for (let s = 0; s < P; s++) acc += packRow(slots[f * P + s]!, shape) << BigInt(ROW_BITS * s);
    out.push(acc);
  }
  return out as [bigint, bigint, bigint];
}

/** Splits rows into chunks of R slots, padding the last one. */
export function chunk(rows: readonly FixedRow[], chunks: number | undefined, shape: Packing): Slot[][] {
  const R = shape.r;
  chunks ??= Math.max(1, Math.ceil(rows.length / R));
  const out: Slot[][] = [];
  for (let c = 0; c < chunks; c++) {
    const slots: Slot[] = [];
    for (let s = 0; s < R; s++) slots.push(rows[c * R + s] ?? null);
    out.push(slots);
  }
  return out;
}

/**
 * Rows chunked and packed once, for everything that reads them: the R-slot chunks (the circuits'
 * row inputs), their three field elements each (the commitment sponge and the registration
 * plaintext), and the row count.
 */
export interface PackedRows {
  n: number;
  chunks: Slot[][];
  elements: bigint[];
}

/** Chunks `rows` ({@link chunk}) and packs every chunk ({@link packChunk}), once. */
export function packRows(rows: readonly FixedRow[], chunks: number | undefined, shape: Packing): PackedRows {
  const slots = chunk(rows, chunks, shape);
  return { n: rows.length, chunks: slots, elements: slots.flatMap((c) => packChunk(c, shape)) };
}

const toBytes = (v: bigint) => Uint8Array.from(Buffer.from((((v % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS).toString(16).padStart(64, '0'), 'hex'));
const fromBytes = (b: Uint8Array) => BigInt('0x' + Buffer.from(b).toString('hex'));

/** Poseidon2 permutation of a width-4 state (bb.js). */
export async function permute(api: Barretenberg, state: readonly bigint[]): Promise<bigint[]> {
  const { outputs } = await api.poseidon2Permutation({ inputs: state.map(toBytes) });
  return outputs.map(fromBytes);
}

/** The sponge of `noir/commitment` from `[0, 0, 0, tag]`: absorb every chunk, then (salt, n, payee); output lane 0. */
export async function commitChunks(
  api: Barretenberg,
  chunks: readonly Slot[][],
  salt: bigint,
  n: bigint,
  tag: bigint,
  payee: bigint,
  shape: Packing,
): Promise<bigint> {
  return commitElements(api, chunks.flatMap((c) => packChunk(c, shape)), salt, n, tag, payee);
}

/** The sponge of `commit.nr` over already packed elements (three per chunk). */
async function commitElements(api: Barretenberg, elements: readonly bigint[], salt: bigint, n: bigint, tag: bigint, payee: bigint): Promise<bigint> {
  let state = [0n, 0n, 0n, tag];
  for (let i = 0; i < elements.length; i += 3) {
    state = await permute(api, [state[0]! + elements[i]!, state[1]! + elements[i + 1]!, state[2]! + elements[i + 2]!, state[3]!]);
  }
  const out = await permute(api, [state[0]! + salt, state[1]! + n, state[2]! + payee, state[3]!]);
  return out[0]!;
}

/** A provider's commitment ({@link providerCommitment}) from its rows packed once ({@link packRows} with the default chunk count). */
export function packedProviderCommitment(api: Barretenberg, packed: PackedRows, salt: bigint, payee: bigint): Promise<bigint> {
  if (payee <= 0n || payee >= 1n << 160n) throw new RangeError('payee must be a non-zero 160-bit address');
  return commitElements(api, packed.elements, salt, BigInt(packed.n), TAG_PROVIDER, payee);
}

/**
 * A provider's commitment to its rows (chunked from the start, padding at the end), its salt and
 * the address it registers from and is paid at (`payee`, as a 160-bit integer): a commitment
 * copied by another address cannot be proven, so front-running a registration gains nothing.
 */
export function providerCommitment(api: Barretenberg, rows: readonly FixedRow[], salt: bigint, payee: bigint, shape: Packing): Promise<bigint> {
  return packedProviderCommitment(api, packRows(rows, undefined, shape), salt, payee);
}
