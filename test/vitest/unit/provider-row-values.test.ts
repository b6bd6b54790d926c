import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeValues } from '../../../ts/cli/commands/value.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { loadPenguins } from '../../../ts/data/tables/penguins.js';
import { exactRowValues } from '../../../ts/valuation/exact-row-values.js';
import { providerRowValues, ROW_GAME_ALONE, ROW_GAME_WITH_OTHERS, valuesExactly } from '../../../ts/valuation/provider-row-values.js';
import { inputError } from '../helpers/errors.js';

describe('providerRowValues (the CLI entry point) on the shipped penguins round', () => {
  const { training, validation } = loadPenguins();
  const row = (r: { x: { value: number }[]; y: { value: number } }) => ({ x: r.x.map((v) => v.value), y: r.y.value });
  const own = training.rows.filter((r) => r.provider === 'provider3').map(row);
  const others = training.providers.filter((p) => p !== 'provider3').map((p) => training.rows.filter((r) => r.provider === p).map(row));
  const reference = exactRowValues({ rows: own, others, validation: validation.rows.map(row), lambda: 0.01 });

  it('values a small provider’s rows exactly (the independent reference’s numbers), adding up to its Shapley value of `zkml value`', () => {
    const res = providerRowValues(training, validation, 'provider3', 0.01);
    expect(res).toMatchObject({ withOthers: true, method: 'exact', game: ROW_GAME_WITH_OTHERS });
    expect(res.estimate).toBeUndefined();
    expect(res.rows.map((r) => r.line)).toEqual(training.rows.filter((r) => r.provider === 'provider3').map((r) => r.line));
    const scale = Math.max(...reference.values.map(Math.abs));
    res.rows.forEach((r, i) => {
      expect(Math.abs(r.value - reference.values[i]!)).toBeLessThan(1e-9 * scale);
      expect(r.standardError).toBe(0);
    });
    expect(res.sum).toBeCloseTo(reference.total, 10);
    expect(res.total).toBeCloseTo(reference.total, 10);
    // The provider's φ as the circuit computes it (fixed point, 8 decimals): the same number up to its rounding.
    const tables = join(PACKAGE_ROOT, 'ts', 'data', 'tables');
    const phi = Number(computeValues(join(tables, 'penguins-training.csv'), join(tables, 'penguins-validation.csv'), '0.01').providers.find((p) => p.name === 'provider3')!.shapley);
    expect(Math.abs(res.sum - phi)).toBeLessThan(1e-7);
  });

  it('by Monte Carlo on request: within its error of exact, adding up to the same Shapley value', () => {
    const res = providerRowValues(training, validation, 'provider3', 0.01, { seed: 1, relativeTolerance: 0.1, method: 'monte-carlo' });
    expect(res.method).toBe('monte-carlo');
    expect(res.estimate!.total).toBeCloseTo(reference.total, 10);
    expect(res.sum).toBeCloseTo(reference.total, 10);
    res.rows.forEach((r, i) => expect(Math.abs(r.value - reference.values[i]!)).toBeLessThanOrEqual(4 * r.standardError));
  });

  it('values the rows alone on request, and refuses an unknown provider', () => {
    const res = providerRowValues(training, validation, 'provider1', 0.01, { alone: true, maxPermutations: 64, method: 'monte-carlo' });
    expect(res).toMatchObject({ withOthers: false, game: ROW_GAME_ALONE });
    expect(res.estimate!.sum).toBeCloseTo(res.estimate!.total, 10);
    const exact = providerRowValues(training, validation, 'provider1', 0.01, { alone: true });
    expect(exact.method).toBe('exact');
    expect(exact.sum).toBeCloseTo(res.total, 10);
    expect(inputError(() => providerRowValues(training, validation, 'mallory', 0.01)).code).toBe('INPUT_UNKNOWN_PROVIDER');
  });

  it('chooses exact while 2^(n + others) ≤ 2^18 and n ≤ 16, Monte Carlo above', () => {
    expect([valuesExactly(16, 0), valuesExactly(15, 3), valuesExactly(11, 7), valuesExactly(8, 6)]).toEqual([true, true, true, true]);
    expect([valuesExactly(17, 0), valuesExactly(16, 3), valuesExactly(12, 7), valuesExactly(25, 3)]).toEqual([false, false, false, false]);
  });
});
