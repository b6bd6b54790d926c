import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';
import { describe, expect, it } from 'vitest';
import { packChunk, type Slot } from '../../../ts/circuit/commitment.js';
import { parsePlaintext, registrationPlaintext, unpackElement, usedChunks } from '../../../ts/crypto/packing.js';
import { registerShape } from '../../../ts/crypto/register-shape.js';
import { SHAPES, type Shape } from '../../../ts/protocol/shapes/index.js';
import { line } from '../helpers/datasets.js';
import { linesD } from '../helpers/reference-multi.js';

const REGISTER_SHAPE = registerShape(DEFAULT_SHAPE);

const { c: C, ncp: NCP, r: R } = REGISTER_SHAPE;

describe('registration plaintext', () => {
  it('is the packed used chunks, zeros, then the salt; parsing inverts it', () => {
    for (const n of [1, R - 1, R, R + 1, 128]) {
      const rows = line(60 + n, n);
      const pt = registrationPlaintext(rows, 9n, DEFAULT_SHAPE);
      expect(pt).toHaveLength(C);
      expect(pt.slice(3 * usedChunks(n, DEFAULT_SHAPE)).slice(0, -1).every((v) => v === 0n)).toBe(true);
      expect(pt[C - 1]).toBe(9n);
      expect(parsePlaintext(pt, n, DEFAULT_SHAPE)).toEqual({ rows, salt: 9n });
    }
  });

  it('unpacks an element into its P slots, padding as null', () => {
    const rows = line(70, 2);
    const slots: Slot[] = [rows[0]!, rows[1]!, ...new Array<Slot>(R - 2).fill(null)];
    const [e0, e1] = packChunk(slots, DEFAULT_SHAPE);
    expect(unpackElement(e0, DEFAULT_SHAPE)).toEqual([rows[0], rows[1], null]);
    expect(unpackElement(e1, DEFAULT_SHAPE)).toEqual([null, null, null]);
  });

  it('says why a plaintext is malformed', () => {
    const rows = line(71, 10);
    const pt = registrationPlaintext(rows, 1n, DEFAULT_SHAPE);
    const set = (i: number, v: bigint) => pt.map((x, j) => (j === i ? v : x));
    expect(parsePlaintext(set(0, pt[0]! + (1n << 213n)), 10, DEFAULT_SHAPE)).toMatch(/bits beyond/);
    // Element 3 holds rows 9 (present), 10 and 11 (padding): give row 10 an X.
    expect(parsePlaintext(set(3, pt[3]! + (1n << 72n)), 10, DEFAULT_SHAPE)).toMatch(/padding row holds data/);
    expect(parsePlaintext(set(3 * NCP - 1, 1n), 10, DEFAULT_SHAPE)).toMatch(/not 0/);
    expect(parsePlaintext(pt, 9, DEFAULT_SHAPE)).toMatch(/past the used chunks/);
    expect(parsePlaintext(pt, 11, DEFAULT_SHAPE)).toMatch(/not exactly the first 11/);
    expect(parsePlaintext(pt, 0, DEFAULT_SHAPE)).toMatch(/outside/);
    expect(parsePlaintext(pt.slice(1), 10, DEFAULT_SHAPE)).toMatch(/expected/);
    // A value pushed beyond 10^10 (still 35 bits): X of row 0 is bits 1..35 of element 0.
    const big = registrationPlaintext([{ x: [10n ** 10n], y: 0n }], 0n, DEFAULT_SHAPE);
    expect(parsePlaintext(big.map((x, j) => (j === 0 ? x + 2n : x)), 1, DEFAULT_SHAPE)).toMatch(/out of range/);
  });
});

describe('registration plaintext of every shipped shape', () => {
  for (const shape of SHAPES) {
    it(`${shape.name}: ${shape.p} row(s) per element, ${shape.r} per chunk, C = ${shape.ciphertextLength}; parsing inverts it at the range limits`, () => {
      const M = shape.maxAbsData;
      for (const n of [1, shape.r - 1, shape.r, shape.r + 1, shape.nProvider]) {
        if (n < 1) continue;
        const rows = linesD(80 + n, n, shape.d);
        rows[0] = { x: new Array<bigint>(shape.d).fill(M), y: -M };
        const pt = registrationPlaintext(rows, 3n, shape);
        expect(pt).toHaveLength(shape.ciphertextLength);
        expect(pt.slice(3 * usedChunks(n, shape), -1).every((v) => v === 0n)).toBe(true);
        expect(parsePlaintext(pt, n, shape)).toEqual({ rows, salt: 3n });
      }
      // More rows than one registration holds (N_PROVIDER), or none, have no plaintext.
      expect(() => registrationPlaintext(linesD(7, shape.nProvider + 1, shape.d), 3n, shape)).toThrow(new RegExp(`holds 1\\.\\.${shape.nProvider} \\(its N_PROVIDER\\)`));
      expect(() => registrationPlaintext([], 3n, shape)).toThrow(/0 rows/);
      const slots = unpackElement(registrationPlaintext([{ x: new Array<bigint>(shape.d).fill(-M), y: M }], 0n, shape)[0]!, shape);
      expect(slots).toEqual([{ x: new Array<bigint>(shape.d).fill(-M), y: M }, ...new Array<Slot>(shape.p - 1).fill(null)]);
      // One unit past the shape's range (still inside the 35-bit packing) does not parse.
      const past = registrationPlaintext([{ x: new Array<bigint>(shape.d).fill(M), y: 0n }], 0n, shape);
      expect(parsePlaintext(past.map((x, j) => (j === 0 ? x + 2n : x)), 1, shape)).toMatch(/out of range/);
      // Another shape's plaintext has another length.
      const other = SHAPES.find((s) => s.ciphertextLength !== shape.ciphertextLength)!;
      expect(parsePlaintext(pt0(shape), 1, other)).toMatch(/expected/);
    });
  }
});

function pt0(shape: Shape): bigint[] {
  return registrationPlaintext([{ x: new Array<bigint>(shape.d).fill(1n), y: 1n }], 0n, shape);
}
