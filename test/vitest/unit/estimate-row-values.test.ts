import { describe, expect, it } from 'vitest';
import { estimateRowValues } from '../../../ts/valuation/estimate-row-values.js';
import { exactRowValues } from '../../../ts/valuation/exact-row-values.js';
import type { RowValueInput, RowValueProgress } from '../../../ts/valuation/types.js';
import { inputError } from '../helpers/errors.js';
import { correlatedRows, poison } from '../helpers/row-cases.js';

interface Case {
  name: string;
  input: RowValueInput;
  seed: number;
}

const cases: Case[] = [
  { name: 'D = 1, 10 rows alone, λ = 0.01', input: { rows: correlatedRows(1, 10, { d: 1 }), validation: correlatedRows(2, 20, { d: 1 }), lambda: 0.01 }, seed: 1 },
  {
    name: 'D = 2, correlated features (ρ = 0.9), 12 rows alone, one poisoned, λ = 0.1',
    input: { rows: poison(correlatedRows(3, 12), 5), validation: correlatedRows(4, 24), lambda: 0.1 },
    seed: 2,
  },
  {
    name: 'D = 2, strongly correlated (ρ = 0.98), 9 rows with 3 other providers (Owen values), λ = 0.05',
    input: {
      rows: correlatedRows(5, 9, { rho: 0.98 }),
      others: [correlatedRows(6, 6, { rho: 0.98 }), poison(correlatedRows(7, 4, { rho: 0.98 }), 1), correlatedRows(8, 8, { rho: 0.98 })],
      validation: correlatedRows(9, 16, { rho: 0.98 }),
      lambda: 0.05,
    },
    seed: 3,
  },
  {
    name: 'D = 3, 8 rows alone, two poisoned, λ = 1',
    input: { rows: poison(poison(correlatedRows(10, 8, { d: 3, rho: 0.5 }), 0), 6), validation: correlatedRows(11, 12, { d: 3, rho: 0.5 }), lambda: 1 },
    seed: 4,
  },
];

describe('estimateRowValues converges to the exact per-row Shapley values within its stated error', () => {
  for (const c of cases) {
    it(c.name, () => {
      const exact = exactRowValues(c.input);
      const mc = estimateRowValues(c.input, { seed: c.seed, relativeTolerance: 0.1, exactStrataSolves: 0 }); // sample all but the deterministic strata
      expect(mc.converged).toBe(true);
      expect(mc.maxStandardError).toBeLessThanOrEqual(mc.threshold);
      expect(mc.threshold).toBeCloseTo(0.1 * Math.max(...mc.values.map(Math.abs)), 12);
      // Every row within 4 of its own standard errors (the standard errors are honest: see below).
      exact.values.forEach((v, i) => expect(Math.abs(mc.values[i]! - v)).toBeLessThanOrEqual(4 * mc.standardErrors[i]!));
      expect(mc.total).toBeCloseTo(exact.total, 10);
      expect(mc.sum).toBeCloseTo(exact.total, 10); // shifted onto the exact total (v(all rows) alone, φ with others)
    });
  }

  it('reports honest standard errors: over 30 seeds the errors are about one standard error (rms z ≈ 1)', () => {
    const c = cases[1]!;
    const exact = exactRowValues(c.input);
    const z: number[] = [];
    for (let seed = 100; seed < 130; seed++) {
      const mc = estimateRowValues(c.input, { seed, minPermutations: 400, maxPermutations: 400, exactStrataSolves: 0 });
      exact.values.forEach((v, i) => z.push((mc.values[i]! - v) / mc.standardErrors[i]!));
    }
    const rms = Math.sqrt(z.reduce((a, v) => a + v * v, 0) / z.length);
    expect(rms).toBeGreaterThan(0.8);
    expect(rms).toBeLessThan(1.25);
  });
});

describe('estimateRowValues', () => {
  const input: RowValueInput = { rows: poison(correlatedRows(20, 15), 3), validation: correlatedRows(21, 10), lambda: 0.1 };

  it('is deterministic for a seed and changes with the seed', () => {
    const a = estimateRowValues(input, { seed: 7, maxPermutations: 200 });
    const b = estimateRowValues(input, { seed: 7, maxPermutations: 200 });
    const c = estimateRowValues(input, { seed: 8, maxPermutations: 200 });
    expect(b).toEqual(a);
    expect(c.values).not.toEqual(a.values);
    expect(a.seed).toBe(7);
    expect(a.criterion).toContain('max SE ≤ max(0, 0.005·max|φ̂|)');
    expect(a.strata.exact + a.strata.sampled).toBe(15);
    expect(a.strata.sampled).toBeGreaterThan(0);
  });

  it('reports progress every checkEvery permutations, ending at the result', () => {
    const seen: RowValueProgress[] = [];
    const r = estimateRowValues(input, { checkEvery: 32, maxPermutations: 256, relativeTolerance: 0, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.permutations)).toEqual([32, 64, 96, 128, 160, 192, 224, 256]);
    expect(seen.every((p) => p.maxPermutations === 256)).toBe(true);
    expect(seen.at(-1)!.maxStandardError).toBe(r.maxStandardError);
    expect(r.permutations).toBe(256);
    expect(r.converged).toBe(false); // tolerance 0 cannot be met by noisy values: the cap stops it
  });

  it('stops as soon as the absolute tolerance is met (at the first check after the pilot of 4 units per sampled stratum)', () => {
    const r = estimateRowValues(input, { relativeTolerance: 0, absoluteTolerance: 1e6, minPermutations: 8, checkEvery: 8 });
    expect(r.converged).toBe(true);
    expect(r.permutations).toBe(Math.ceil((4 * r.strata.sampled) / 8) * 8);
    expect(r.threshold).toBe(1e6);
  });

  it('values one row alone exactly (every stratum exact: nothing to sample)', () => {
    const r = estimateRowValues({ rows: [input.rows[0]!], validation: input.validation, lambda: 0.1 });
    expect(r.converged).toBe(true);
    expect(r.permutations).toBe(0);
    expect(r.strata).toEqual({ exact: 1, sampled: 0 });
    expect(r.standardErrors).toEqual([0]);
    expect(r.values[0]).toBeCloseTo(r.total, 12);
  });

  it('refuses bad options, bad input and too many other providers', () => {
    const bad = (o: Parameters<typeof estimateRowValues>[1]) => inputError(() => estimateRowValues(input, o)).code;
    expect(bad({ relativeTolerance: -1 })).toBe('INPUT_BAD_OPTION');
    expect(bad({ absoluteTolerance: Number.NaN })).toBe('INPUT_BAD_OPTION');
    expect(bad({ minPermutations: 3 })).toBe('INPUT_BAD_OPTION');
    expect(bad({ minPermutations: 5 })).toBe('INPUT_BAD_OPTION');
    expect(bad({ minPermutations: 100, maxPermutations: 98 })).toBe('INPUT_BAD_OPTION');
    expect(bad({ maxPermutations: 101 })).toBe('INPUT_BAD_OPTION');
    expect(bad({ checkEvery: 3 })).toBe('INPUT_BAD_OPTION');
    expect(bad({ exactStrataSolves: -1 })).toBe('INPUT_BAD_OPTION');
    expect(bad({ seed: -1 })).toBe('INPUT_BAD_OPTION');
    expect(inputError(() => estimateRowValues({ ...input, lambda: 0 })).code).toBe('INPUT_BAD_LAMBDA');
    const others = Array.from({ length: 16 }, (_, i) => correlatedRows(40 + i, 1));
    expect(inputError(() => estimateRowValues({ ...input, others })).code).toBe('INPUT_TOO_MANY_PROVIDERS');
  });
});
