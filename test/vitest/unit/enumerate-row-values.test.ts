import { describe, expect, it } from 'vitest';
import { enumerateRowValues } from '../../../ts/valuation/enumerate-row-values.js';
import { exactRowValues } from '../../../ts/valuation/exact-row-values.js';
import { inputError } from '../helpers/errors.js';
import { correlatedRows, outliers, poison } from '../helpers/row-cases.js';

describe('enumerateRowValues (the production exact path, Gray-code walk over the shared game)', () => {
  it('equals the independent reference (exactRowValues) alone and with other providers', () => {
    const cases = [
      { rows: poison(correlatedRows(1, 12), 3), validation: correlatedRows(2, 32), lambda: 0.01 },
      { rows: outliers(correlatedRows(3, 9, { d: 3, noise: 1 }), 4), validation: correlatedRows(4, 20, { d: 3 }), lambda: 1 },
      { rows: correlatedRows(5, 10, { d: 1 }), others: [correlatedRows(6, 4, { d: 1 }), poison(correlatedRows(7, 6, { d: 1 }), 2), correlatedRows(8, 1, { d: 1 })], validation: correlatedRows(9, 16, { d: 1 }), lambda: 0.05 },
      { rows: correlatedRows(10, 6), others: Array.from({ length: 7 }, (_, q) => correlatedRows(11 + q, 3)), validation: correlatedRows(20, 12), lambda: 0.1 },
    ];
    for (const input of cases) {
      const fast = enumerateRowValues(input);
      const reference = exactRowValues(input);
      const scale = Math.max(...reference.values.map(Math.abs));
      fast.values.forEach((v, i) => expect(Math.abs(v - reference.values[i]!)).toBeLessThan(1e-9 * scale));
      expect(Math.abs(fast.total - reference.total)).toBeLessThan(1e-9 * scale);
      expect(Math.abs(fast.values.reduce((a, v) => a + v, 0) - fast.total)).toBeLessThan(1e-9 * scale);
    }
  });

  it('takes more rows than the reference (16 here) and stays efficient', () => {
    const input = { rows: poison(correlatedRows(30, 16), 0), validation: correlatedRows(31, 32), lambda: 0.1 };
    expect(inputError(() => exactRowValues(input)).code).toBe('EXACT_TOO_LARGE');
    const r = enumerateRowValues(input);
    expect(r.values.reduce((a, v) => a + v, 0)).toBeCloseTo(r.total, 9);
    expect(Math.min(...r.values)).toBe(r.values[0]);
  });

  it('refuses more than 20 rows, more than 7 other providers and bad input', () => {
    const validation = correlatedRows(40, 5);
    expect(inputError(() => enumerateRowValues({ rows: correlatedRows(41, 21), validation, lambda: 1 })).code).toBe('EXACT_TOO_LARGE');
    const others = Array.from({ length: 8 }, (_, i) => correlatedRows(50 + i, 2));
    expect(inputError(() => enumerateRowValues({ rows: correlatedRows(42, 3), others, validation, lambda: 1 })).code).toBe('EXACT_TOO_LARGE');
    expect(inputError(() => enumerateRowValues({ rows: correlatedRows(43, 3), validation, lambda: 0 })).code).toBe('INPUT_BAD_LAMBDA');
    expect(inputError(() => enumerateRowValues({ rows: [], validation, lambda: 1 })).code).toBe('INPUT_NO_ROWS');
  });
});
