/**
 * The estimator at its DEFAULT settings against exact values on 28 seeded sets of 13–16 rows
 * (D = 1..3, λ = 0.01..1; some with 1–5 other providers, some noisy, poisoned or with outliers):
 * the 95th percentile of each set's worst-row error / max|exact value| is at most 2 %.
 * Exact values come from enumerateRowValues (tested against the independent reference).
 */
import { describe, expect, it } from 'vitest';
import { enumerateRowValues } from '../../../ts/valuation/enumerate-row-values.js';
import { estimateRowValues } from '../../../ts/valuation/estimate-row-values.js';
import type { RowValueInput } from '../../../ts/valuation/types.js';
import { correlatedRows, outliers, poison } from '../helpers/row-cases.js';

function seededSet(c: number): RowValueInput {
  const n = 13 + (c % 4);
  const d = 1 + (c % 3);
  const rho = c % 2 ? 0.9 : 0.5;
  const noise = c % 5 === 0 ? 2 : c % 5 === 1 ? 1 : 0.3;
  let rows = correlatedRows(1000 + c, n, { d, rho, noise });
  if (c % 3 === 0) rows = poison(rows, c % n);
  if (c % 4 === 1) rows = outliers(rows, 5);
  const others = c % 3 === 2 ? Array.from({ length: 1 + (c % 5) }, (_, q) => correlatedRows(2000 + 10 * c + q, 3 + 2 * q, { d, noise })) : undefined;
  return { rows, ...(others ? { others } : {}), validation: correlatedRows(3000 + c, 32, { d, rho }), lambda: [0.01, 0.1, 1][c % 3]! };
}

describe('estimateRowValues at its defaults', () => {
  it('has a 95th-percentile worst-row error ≤ 2 % of max|value| on 28 seeded sets of 13–16 rows', () => {
    const errors: number[] = [];
    for (let c = 0; c < 28; c++) {
      const input = seededSet(c);
      const exact = enumerateRowValues(input);
      const mc = estimateRowValues(input);
      expect(mc.converged).toBe(true);
      const scale = Math.max(...exact.values.map(Math.abs));
      errors.push(Math.max(...exact.values.map((v, i) => Math.abs(mc.values[i]! - v))) / scale);
    }
    expect(errors.filter((e) => e > 0).length).toBe(28); // estimated, not exact
    errors.sort((a, b) => a - b);
    expect(errors[Math.ceil(0.95 * errors.length) - 1]!).toBeLessThanOrEqual(0.02);
  }, 120_000);
});
