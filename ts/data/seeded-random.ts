/**
 * A small seeded PRNG for the Monte Carlo estimators: xoshiro128** (Blackman & Vigna) with its
 * 128-bit state filled from the seed by splitmix32. No global state: every call makes a fresh
 * generator, so a seed fixes the whole stream.
 */
import { InputError } from '../errors/index.js';

/** A deterministic stream of uniform numbers. */
export interface SeededRandom {
  /** Uniform in [0, 1) with 53 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n), n a positive integer ≤ 2^32. */
  below(n: number): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
}

/**
 * A generator for `seed` (an integer 0..2^32−1) and an optional sub-stream number.
 * @throws InputError `INPUT_BAD_OPTION` for a seed or stream that is not such an integer
 */
export function seededRandom(seed: number, stream = 0): SeededRandom {
  for (const [name, v] of [['seed', seed], ['stream', stream]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new InputError('INPUT_BAD_OPTION', `${name} must be an integer from 0 to 4294967295, got ${v}.`);
    }
  }
  let sm = (seed ^ Math.imul(stream, 0x9e3779b9) ^ 0x5bd1e995) >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // the all-zero state is a fixed point
  const next32 = (): number => {
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]!;
    const s3 = s[3]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    const n2 = (s2 ^ s0) >>> 0;
    const n3 = (s3 ^ s1) >>> 0;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  };
  const next = (): number => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  const below = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`below: n must be an integer in 1..2^32, got ${n}`);
    // Rejection sampling on 32 bits: exactly uniform.
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const r = next32();
      if (r < limit) return r % n;
    }
  };
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = below(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  };
  return { next, below, shuffle };
}
