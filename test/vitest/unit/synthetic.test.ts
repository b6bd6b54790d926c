import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../ts/errors/index.js';
import { loadDatasets, rowsOf, type Sample } from '../../../ts/data/csv.js';
import { generateSynthetic, mulberry32, normalSampler, writeSyntheticCsv } from '../../../ts/data/synthetic.js';
import { toFixed } from '../../../ts/data/fixed-point.js';
import { INPUT_SCALE, N_VAL } from '../../../ts/protocol/layout.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ordinary least squares y = a·x + b over the samples. */
function fit(samples: Sample[]): { a: number; b: number; residualStd: number } {
  const n = samples.length;
  const xs = samples.map((s) => s.x[0]?.value ?? NaN);
  const ys = samples.map((s) => s.y.value);
  const mx = xs.reduce((p, v) => p + v, 0) / n;
  const my = ys.reduce((p, v) => p + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((xs[i] ?? 0) - mx) * ((ys[i] ?? 0) - my);
    sxx += ((xs[i] ?? 0) - mx) ** 2;
  }
  const a = sxy / sxx;
  const b = my - a * mx;
  const rss = xs.reduce((p, x, i) => p + ((ys[i] ?? 0) - a * x - b) ** 2, 0);
  return { a, b, residualStd: Math.sqrt(rss / (n - 2)) };
}

describe('PRNG and Box–Muller', () => {
  it('mulberry32 is deterministic, uniform in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 20_000 }, () => a());
    expect(Array.from({ length: 20_000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((p, v) => p + v, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it('normal samples have mean 0 and standard deviation 1', () => {
    const normal = normalSampler(mulberry32(7));
    const zs = Array.from({ length: 40_000 }, () => normal());
    const mean = zs.reduce((p, v) => p + v, 0) / zs.length;
    const sd = Math.sqrt(zs.reduce((p, v) => p + (v - mean) ** 2, 0) / zs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
    expect(zs.filter((z) => Math.abs(z) < 1).length / zs.length).toBeCloseTo(0.6827, 1);
    expect(zs.every(Number.isFinite)).toBe(true);
  });
});

describe('generateSynthetic', () => {
  it('is the paper dataset: 100 rows, x in [0, 1], y ≈ 2x + 1 with noise 0.1, plus 32 validation rows', () => {
    const ds = generateSynthetic({ seed: 1 });
    expect(ds.training.rows).toHaveLength(100);
    expect(ds.validation.rows).toHaveLength(32);
    expect(ds.training.providers).toEqual(['provider1', 'provider2', 'provider3', 'provider4', 'provider5']);
    for (const r of [...ds.training.rows, ...ds.validation.rows]) {
      const x = r.x[0]?.value ?? NaN;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
      // Exactly 4 decimals at most: the CSV holds what the circuit sees.
      expect(Number(toFixed(r.y.raw, INPUT_SCALE)) / 1e4).toBe(r.y.value);
      expect(r.y.raw).toMatch(/^-?\d+(\.\d{1,4})?$/);
    }
    const train = fit(ds.training.rows);
    expect(train.a).toBeGreaterThan(1.9);
    expect(train.a).toBeLessThan(2.1);
    expect(train.b).toBeGreaterThan(0.95);
    expect(train.b).toBeLessThan(1.05);
    expect(train.residualStd).toBeGreaterThan(0.07);
    expect(train.residualStd).toBeLessThan(0.13);
    const val = fit(ds.validation.rows);
    expect(Math.abs(val.a - 2)).toBeLessThan(0.2);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    expect(generateSynthetic({ seed: 9, providers: 6 })).toEqual(generateSynthetic({ seed: 9, providers: 6 }));
    const a = generateSynthetic({ seed: 9 });
    const b = generateSynthetic({ seed: 10 });
    expect(a.training.rows.map((r) => r.y.raw)).not.toEqual(b.training.rows.map((r) => r.y.raw));
    expect(a.validation.rows.map((r) => r.y.raw)).not.toEqual(b.validation.rows.map((r) => r.y.raw));
    // The validation set does not depend on how training data is split or poisoned.
    const c = generateSynthetic({ seed: 9, providers: 8, poison: { provider: 2, mode: 'reverse' } });
    expect(c.validation).toEqual(a.validation);
  });

  it('splits round-robin by default and by given sizes', () => {
    const rr = generateSynthetic({ providers: 8 });
    expect(rr.sizes).toEqual([13, 13, 13, 13, 12, 12, 12, 12]);
    expect(rr.training.rows.slice(0, 9).map((r) => r.provider)).toEqual([
      'provider1', 'provider2', 'provider3', 'provider4', 'provider5', 'provider6', 'provider7', 'provider8', 'provider1',
    ]);
    expect(rr.training.providers.map((p) => rowsOf(rr.training, p).length)).toEqual(rr.sizes);

    const sized = generateSynthetic({ sizes: [10, 20, 30, 40], names: ['a', 'b', 'c', 'd'] });
    expect(sized.training.providers).toEqual(['a', 'b', 'c', 'd']);
    expect(sized.training.providers.map((p) => rowsOf(sized.training, p).length)).toEqual([10, 20, 30, 40]);
    expect(sized.training.rows[9]?.provider).toBe('a');
    expect(sized.training.rows[10]?.provider).toBe('b');
  });

  it('poisons one provider (reversed labels or heavy noise) without touching the others', () => {
    const clean = generateSynthetic({ seed: 3, providers: 4 });
    const rev = generateSynthetic({ seed: 3, providers: 4, poison: { provider: 1, mode: 'reverse' } });
    const noisy = generateSynthetic({ seed: 3, providers: 4, poison: { provider: 1, mode: 'noise' } });
    expect(rev.poisoned).toEqual({ provider: 1, mode: 'reverse' });
    expect(noisy.poisoned).toEqual({ provider: 1, mode: 'noise', sigma: 3 });
    clean.training.rows.forEach((row, i) => {
      const r = rev.training.rows[i];
      const n = noisy.training.rows[i];
      expect(r?.x).toEqual(row.x);
      if (row.provider === 'provider2') {
        expect(r?.y.value).toBe(-row.y.value);
        expect(n?.y.value).not.toBe(row.y.value);
      } else {
        expect(r?.y).toEqual(row.y);
        expect(n?.y).toEqual(row.y);
      }
    });
    expect(fit(rowsOf(rev.training, 'provider2')).a).toBeLessThan(-1.5);
    expect(fit(rowsOf(noisy.training, 'provider2')).residualStd).toBeGreaterThan(1.5);
  });

  it('rejects bad options with InputErrors', () => {
    const bad: Parameters<typeof generateSynthetic>[0][] = [
      { providers: 3 },
      { providers: 9 },
      { seed: -1 },
      { seed: 1.5 },
      { seed: 2 ** 32 },
      { rows: 0 },
      { rows: 129 },
      { sizes: [50, 50, 1, 0] },
      { sizes: [25, 25, 25, 24] },
      { providers: 5, sizes: [25, 25, 25, 25] },
      { poison: { provider: 5, mode: 'reverse' } },
      { poison: { provider: 0, mode: 'noise', sigma: -1 } },
      { names: ['a', 'a', 'b', 'c', 'd'] },
      { validationRows: N_VAL + 1 },
    ];
    for (const options of bad) expect(() => generateSynthetic(options), JSON.stringify(options)).toThrow(InputError);
  });

  it('writes CSVs that load back to the same rows', () => {
    const ds = generateSynthetic({ seed: 5, providers: 7, poison: { provider: 6, mode: 'reverse' } });
    const { trainingPath, validationPath } = writeSyntheticCsv(ds, join(dir, 'data'));
    expect(readFileSync(trainingPath, 'utf8').split('\n')[0]).toBe('provider,x1,y');
    expect(readFileSync(validationPath, 'utf8').split('\n')[0]).toBe('x1,y');
    const { training, validation } = loadDatasets(trainingPath, validationPath);
    expect(training.providers).toEqual(ds.training.providers);
    expect(training.rows).toEqual(ds.training.rows);
    expect(validation.rows).toEqual(ds.validation.rows);
  });
});
