import { describe, expect, it } from 'vitest';
import { loadPenguins } from '../../../ts/data/tables/penguins.js';
import { exactRowValues } from '../../../ts/valuation/exact-row-values.js';
import { providerRowValues } from '../../../ts/valuation/provider-row-values.js';
import { inputError } from '../helpers/errors.js';

describe('providerRowValues (the CLI entry point) on the shipped penguins round', () => {
  const { training, validation } = loadPenguins();
  const row = (r: { x: { value: number }[]; y: { value: number } }) => ({ x: r.x.map((v) => v.value), y: r.y.value });

  it('values each of a provider’s rows within the round, adding up to its Shapley value, within its error of exact', () => {
    const res = providerRowValues(training, validation, 'provider3', 0.01, { seed: 1, relativeTolerance: 0.1 });
    expect(res.withOthers).toBe(true);
    expect(res.rows.map((r) => r.line)).toEqual(training.rows.filter((r) => r.provider === 'provider3').map((r) => r.line));
    const own = training.rows.filter((r) => r.provider === 'provider3').map(row);
    const others = training.providers.filter((p) => p !== 'provider3').map((p) => training.rows.filter((r) => r.provider === p).map(row));
    const exact = exactRowValues({ rows: own, others, validation: validation.rows.map(row), lambda: 0.01 });
    expect(res.estimate.total).toBeCloseTo(exact.total, 10);
    res.rows.forEach((r, i) => expect(Math.abs(r.value - exact.values[i]!)).toBeLessThanOrEqual(4 * r.standardError));
  });

  it('values the rows alone on request, and refuses an unknown provider', () => {
    const res = providerRowValues(training, validation, 'provider1', 0.01, { alone: true, maxPermutations: 64 });
    expect(res.withOthers).toBe(false);
    expect(res.estimate.sum).toBeCloseTo(res.estimate.total, 10);
    expect(inputError(() => providerRowValues(training, validation, 'mallory', 0.01)).code).toBe('INPUT_UNKNOWN_PROVIDER');
  });
});
