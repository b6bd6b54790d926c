import { describe, expect, it } from 'vitest';
import { exactRowValues } from '../../../ts/valuation/exact-row-values.js';
import type { Row } from '../../../ts/valuation/types.js';
import * as ref from '../helpers/reference.js';
import { inputError } from '../helpers/errors.js';
import { correlatedRows, poison } from '../helpers/row-cases.js';

const pts = (rows: readonly Row[]) => rows.map((r) => ({ x: r.x[0]!, y: r.y }));

/** Row Shapley values by averaging marginals over all n! orders, with the float64 reference ridge (D = 1). */
function bruteForce(rows: Row[], validation: Row[], lambda: number): number[] {
  const val = pts(validation);
  const meanY = val.reduce((a, p) => a + p.y, 0) / val.length;
  const base = ref.loss(val, { w: 0, b: meanY });
  const v = (set: Row[]) => (set.length === 0 ? 0 : base - ref.loss(val, ref.ridge(pts(set), lambda)));
  const phi = new Array<number>(rows.length).fill(0);
  let orders = 0;
  const permute = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) {
      orders++;
      let prev = 0;
      prefix.forEach((i, k) => {
        const cur = v(prefix.slice(0, k + 1).map((j) => rows[j]!));
        phi[i]! += cur - prev;
        prev = cur;
      });
      return;
    }
    rest.forEach((i) => permute([...prefix, i], rest.filter((j) => j !== i)));
  };
  permute([], rows.map((_, i) => i));
  return phi.map((p) => p / orders);
}

describe('exactRowValues (enumeration of all subsets)', () => {
  const val1 = correlatedRows(2, 15, { d: 1 });

  it('equals the average over all n! orders computed with the float64 reference ridge (D = 1)', () => {
    const rows = poison(correlatedRows(1, 6, { d: 1 }), 2);
    for (const lambda of [0.01, 1]) {
      const exact = exactRowValues({ rows, validation: val1, lambda });
      const brute = bruteForce(rows, val1, lambda);
      exact.values.forEach((v, i) => expect(v).toBeCloseTo(brute[i]!, 9));
    }
  });

  it('is efficient: alone the values add up to v(all rows); the poisoned row is the most negative', () => {
    const rows = poison(correlatedRows(3, 10), 4);
    const validation = correlatedRows(4, 20);
    const exact = exactRowValues({ rows, validation, lambda: 0.1 });
    const sum = exact.values.reduce((a, v) => a + v, 0);
    expect(sum).toBeCloseTo(exact.total, 10);
    expect(Math.min(...exact.values)).toBe(exact.values[4]);
    expect(exact.values[4]!).toBeLessThan(0);
  });

  it('with other providers, adds up to the provider’s Shapley value in the provider game (float64 reference)', () => {
    const rows = correlatedRows(5, 7, { d: 1 });
    const others = [correlatedRows(6, 5, { d: 1 }), poison(correlatedRows(7, 4, { d: 1 }), 0), correlatedRows(8, 9, { d: 1 })];
    const lambda = 0.05;
    const exact = exactRowValues({ rows, others, validation: val1, lambda });
    const provider = ref.shapley([pts(rows), ...others.map(pts)], pts(val1), lambda).phi[0]!;
    expect(exact.total).toBeCloseTo(provider, 10);
    expect(exact.values.reduce((a, v) => a + v, 0)).toBeCloseTo(provider, 10);
  });

  it('gives equal rows equal values, and one row alone its own value v({row})', () => {
    const base = correlatedRows(9, 5);
    const rows = [...base, base[1]!];
    const validation = correlatedRows(10, 12);
    const exact = exactRowValues({ rows, validation, lambda: 0.2 });
    expect(exact.values[5]).toBeCloseTo(exact.values[1]!, 12);
    const single = exactRowValues({ rows: [base[0]!], validation, lambda: 0.2 });
    expect(single.values[0]).toBe(single.total);
  });

  it('refuses more than 12 rows, more than 7 other providers, λ ≤ 0 and malformed rows', () => {
    const validation = correlatedRows(11, 5);
    expect(inputError(() => exactRowValues({ rows: correlatedRows(12, 13), validation, lambda: 1 })).code).toBe('EXACT_TOO_LARGE');
    const others = Array.from({ length: 8 }, (_, i) => correlatedRows(20 + i, 2));
    expect(inputError(() => exactRowValues({ rows: correlatedRows(12, 3), others, validation, lambda: 1 })).code).toBe('EXACT_TOO_LARGE');
    const rows = correlatedRows(13, 4);
    expect(inputError(() => exactRowValues({ rows, validation, lambda: 0 })).code).toBe('INPUT_BAD_LAMBDA');
    expect(inputError(() => exactRowValues({ rows, validation, lambda: Number.NaN })).code).toBe('INPUT_BAD_LAMBDA');
    expect(inputError(() => exactRowValues({ rows: [], validation, lambda: 1 })).code).toBe('INPUT_NO_ROWS');
    expect(inputError(() => exactRowValues({ rows, validation: [], lambda: 1 })).code).toBe('INPUT_NO_ROWS');
    expect(inputError(() => exactRowValues({ rows, others: [[]], validation, lambda: 1 })).code).toBe('INPUT_NO_ROWS');
    expect(inputError(() => exactRowValues({ rows: [...rows, { x: [1], y: 2 }], validation, lambda: 1 })).code).toBe('INPUT_FEATURE_MISMATCH');
    expect(inputError(() => exactRowValues({ rows: [{ x: [], y: 1 }], validation, lambda: 1 })).code).toBe('INPUT_FEATURE_MISMATCH');
    expect(inputError(() => exactRowValues({ rows, validation: [{ x: [1, Infinity], y: 0 }], lambda: 1 })).code).toBe('INPUT_NOT_A_NUMBER');
  });
});
