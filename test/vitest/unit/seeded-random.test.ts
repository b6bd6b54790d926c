import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../ts/data/seeded-random.js';
import { inputError } from '../helpers/errors.js';

describe('seededRandom', () => {
  it('is deterministic for a seed and stream, and differs between seeds and streams', () => {
    const take = (seed: number, stream = 0) => {
      const r = seededRandom(seed, stream);
      return Array.from({ length: 8 }, () => r.next());
    };
    expect(take(5)).toEqual(take(5));
    expect(take(5)).not.toEqual(take(6));
    expect(take(5, 1)).not.toEqual(take(5, 0));
  });

  it('gives uniform numbers in [0, 1) and exactly uniform integers below n', () => {
    const r = seededRandom(1);
    const counts = new Array<number>(7).fill(0);
    let sum = 0;
    let inRange = true;
    for (let i = 0; i < 70000; i++) {
      const u = r.next();
      inRange &&= u >= 0 && u < 1;
      sum += u;
      counts[r.below(7)]! += 1;
    }
    expect(inRange).toBe(true);
    expect(Math.abs(sum / 70000 - 0.5)).toBeLessThan(0.005);
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500); // > 5σ away would fail
  });

  it('shuffles into a permutation, every order about equally often', () => {
    const r = seededRandom(9);
    const seen = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const p = r.shuffle([0, 1, 2]);
      seen.set(p.join(''), (seen.get(p.join('')) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['012', '021', '102', '120', '201', '210']);
    for (const c of seen.values()) expect(Math.abs(c - 1000)).toBeLessThan(200);
  });

  it('refuses a seed or stream outside 0..2^32−1 and a bad bound', () => {
    expect(inputError(() => seededRandom(-1)).code).toBe('INPUT_BAD_OPTION');
    expect(inputError(() => seededRandom(1.5)).code).toBe('INPUT_BAD_OPTION');
    expect(inputError(() => seededRandom(2 ** 32)).code).toBe('INPUT_BAD_OPTION');
    expect(inputError(() => seededRandom(1, -2)).code).toBe('INPUT_BAD_OPTION');
    expect(() => seededRandom(1).below(0)).toThrow(RangeError);
  });
});
