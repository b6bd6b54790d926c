import { describe, expect, it } from 'vitest';
import { fitRidge } from '../../../ts/valuation/fit-ridge.js';
import { RowStats } from '../../../ts/valuation/row-stats.js';
import { seededRandom } from '../../../ts/data/seeded-random.js';
import * as ref from '../helpers/reference.js';
import { inputError } from '../helpers/errors.js';

const statsOf = (rows: { x: number[]; y: number }[]) => {
  const s = new RowStats(rows[0]!.x.length);
  for (const r of rows) s.add(r.x, r.y);
  return s;
};

describe('fitRidge (float64 ridge, intercept unpenalised)', () => {
  const r = seededRandom(3);
  const one = Array.from({ length: 30 }, () => {
    const x = 10 * r.next() - 5;
    return { x: [x], y: 2 * x + 1 + 0.3 * (r.next() - 0.5) };
  });

  it('matches the float64 reference for one feature', () => {
    for (const lambda of [0.01, 0.5, 40]) {
      const m = fitRidge(statsOf(one), lambda);
      const e = ref.ridge(one.map((p) => ({ x: p.x[0]!, y: p.y })), lambda);
      expect(m.w[0]).toBeCloseTo(e.w, 12);
      expect(m.b).toBeCloseTo(e.b, 12);
    }
  });

  it('solves the two-feature centred normal equations (Cramer) with correlated features', () => {
    const rows = Array.from({ length: 25 }, () => {
      const a = r.next();
      const b = 0.95 * a + 0.05 * r.next();
      return { x: [a, b], y: 3 * a - 2 * b + 0.5 + 0.01 * r.next() };
    });
    const lambda = 0.02;
    const n = rows.length;
    const mean = (f: (p: (typeof rows)[0]) => number) => rows.reduce((s, p) => s + f(p), 0) / n;
    const [ma, mb, my] = [mean((p) => p.x[0]!), mean((p) => p.x[1]!), mean((p) => p.y)];
    const c = (f: (p: (typeof rows)[0]) => number, g: (p: (typeof rows)[0]) => number) => rows.reduce((s, p) => s + f(p) * g(p), 0);
    const da = (p: (typeof rows)[0]) => p.x[0]! - ma;
    const db = (p: (typeof rows)[0]) => p.x[1]! - mb;
    const dy = (p: (typeof rows)[0]) => p.y - my;
    const [aa, ab, bb, ay, by] = [c(da, da) + lambda, c(da, db), c(db, db) + lambda, c(da, dy), c(db, dy)];
    const det = aa * bb - ab * ab;
    const w0 = (ay * bb - ab * by) / det;
    const w1 = (aa * by - ab * ay) / det;
    const m = fitRidge(statsOf(rows), lambda);
    expect(m.w[0]).toBeCloseTo(w0, 9);
    expect(m.w[1]).toBeCloseTo(w1, 9);
    expect(m.b).toBeCloseTo(my - w0 * ma - w1 * mb, 9);
  });

  it('gives an intercept-only model for one row and is shift-invariant in the intercept', () => {
    const m = fitRidge(statsOf([{ x: [3, 4], y: 7 }]), 0.01);
    expect([...m.w]).toEqual([0, 0]);
    expect(m.b).toBe(7);
    const shifted = one.map((p) => ({ x: [p.x[0]! + 100], y: p.y + 50 }));
    const a = fitRidge(statsOf(one), 0.3);
    const b = fitRidge(statsOf(shifted), 0.3);
    expect(b.w[0]).toBeCloseTo(a.w[0]!, 9);
    expect(b.b).toBeCloseTo(a.b + 50 - 100 * a.w[0]!, 7);
  });

  it('refuses an empty set and a system that is not numerically positive definite', () => {
    expect(() => fitRidge(new RowStats(1), 1)).toThrow(RangeError);
    const rows = [{ x: [1e9, 1e9], y: 1 }, { x: [1e9 + 1, 1e9 + 1], y: 2 }, { x: [2e9, 2e9 + 1], y: 2 }];
    expect(inputError(() => fitRidge(statsOf(rows), 1e-30)).code).toBe('ILL_CONDITIONED');
  });
});
