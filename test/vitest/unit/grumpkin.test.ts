import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRUMPKIN_GENERATOR, GRUMPKIN_ORDER, assertOnCurve, isOnCurve, isScalar, multiply, multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import { FIELD_MODULUS } from '../../../ts/protocol/layout.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { inputError } from '../helpers/errors.js';

// @noble/curves instantiated with Grumpkin's parameters against Barretenberg's own Grumpkin
// (bb.js grumpkinMul); the register circuit tests check it against Noir's scalar multiplication.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

const bytes = (v: bigint) => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));
const big = (b: Uint8Array) => BigInt('0x' + Buffer.from(b).toString('hex'));

async function bbMul(point: { x: bigint; y: bigint }, k: bigint) {
  const { point: out } = await api.grumpkinMul({ point: { x: bytes(point.x), y: bytes(point.y) }, scalar: bytes(k) });
  return { x: big(out.x), y: big(out.y) };
}

describe('Grumpkin', () => {
  it('has the generator of Noir on y² = x³ − 17 and a group order above p', () => {
    expect(isOnCurve(GRUMPKIN_GENERATOR)).toBe(true);
    expect(GRUMPKIN_ORDER > FIELD_MODULUS).toBe(true);
    expect(multiplyGenerator(1n)).toEqual(GRUMPKIN_GENERATOR);
    // (n − 1)·G = −G
    expect(multiplyGenerator(GRUMPKIN_ORDER - 1n)).toEqual({ x: 1n, y: FIELD_MODULUS - GRUMPKIN_GENERATOR.y });
  });

  it('matches bb.js grumpkinMul bit for bit (fixed and variable base)', async () => {
    const scalars = [2n, 3n, 777n, (1n << 128n) + 5n, FIELD_MODULUS - 1n, GRUMPKIN_ORDER - 2n, 0x1234567890abcdef1234567890abcdef1234567890abcdefn];
    const base = multiplyGenerator(987654321n);
    for (const k of scalars) {
      expect(multiplyGenerator(k), `k = ${k}`).toEqual(await bbMul(GRUMPKIN_GENERATOR, k));
      expect(multiply(base, k), `k = ${k} on another base`).toEqual(await bbMul(base, k));
    }
  });

  it('ECDH agrees: a·(b·G) = b·(a·G)', () => {
    const a = 0xdeadbeefn;
    const b = FIELD_MODULUS - 12345n;
    expect(multiply(multiplyGenerator(b), a)).toEqual(multiply(multiplyGenerator(a), b));
  });

  it('refuses points off the curve, the identity and out-of-field coordinates', () => {
    expect(inputError(() => assertOnCurve({ x: 1n, y: 2n }, 'K')).code).toBe('BAD_CURVE_POINT');
    expect(inputError(() => multiply({ x: 0n, y: 0n }, 5n)).code).toBe('BAD_CURVE_POINT');
    const g = GRUMPKIN_GENERATOR;
    expect(isOnCurve({ x: g.x + FIELD_MODULUS, y: g.y })).toBe(false);
    expect(isOnCurve({ x: -1n, y: g.y })).toBe(false);
  });

  it('refuses scalars outside [1, n)', () => {
    for (const k of [0n, -1n, GRUMPKIN_ORDER, GRUMPKIN_ORDER + 1n]) {
      expect(isScalar(k)).toBe(false);
      expect(inputError(() => multiplyGenerator(k)).code).toBe('BAD_SCALAR');
    }
  });
});
