/**
 * The benchmark's results writer, from a fake measurement (no proving, no timing assertions: the
 * benchmark itself is `npm run bench`, never part of `npm test`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intrinsicGas } from '../../../bench/chain.js';
import { mergeMeasurements, summarize, type Measurement } from '../../../bench/measurement.js';
import { charts } from '../../../bench/plots.js';
import { formatTable, toResult, writeResults, type BenchResult } from '../../../bench/results.js';
import { layoutForK } from '../../../bench/solidity.js';
import { checkTargets } from '../../../bench/targets.js';
import { VARIANTS, selectVariants } from '../../../bench/variants.js';

function fake(name: string, proveMs: number[], gas = true): Measurement {
  const variant = selectVariants([name])[0]!;
  const flavour = (verify: number, submit: number) => ({ verify, verifyIntrinsic: 150_000, submit, submitIntrinsic: 155_000, verifierBytes: 16_000, libraryBytes: 0 });
  return {
    variant,
    gates: 20_000 + variant.rows,
    dyadicSize: 32_768,
    compileMs: 8000.4,
    vkMs: 300.2,
    runs: proveMs.length,
    warmupRuns: 1,
    processes: 1,
    samples: {
      witnessMs: proveMs.map(() => 120),
      tsWitnessMs: proveMs.map(() => 15),
      executeMs: proveMs.map(() => 105),
      proveMs,
      verifyMs: proveMs.map(() => 4),
    },
    proofBytes: 8384,
    publicInputs: 31,
    gas: gas ? { standard: flavour(3_700_000, 4_000_000), optimized: flavour(850_000, 1_150_000), hardfork: 'Bpo1', chainId: 31337, incentivesLayout: 'shipped ZkmlLayout (K = 8)' } : null,
    ...(gas ? {} : { gasNote: 'skipped (--skip-gas)' }),
    bbPeakRssMb: 61.23,
    nodePeakRssMb: 640.55,
    threads: 2,
    bbOsThreads: 2,
    cores: 2,
    cpu: 'test cpu',
    loadAvg: 0.5,
    otherCpuPct: 1.5,
    discardedRuns: 0,
    date: '2026-01-01T00:00:00.000Z',
  };
}

describe('bench results', () => {
  it('summarises runs as median, min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(() => summarize([])).toThrow();
  });

  it('pools the runs of several worker processes', () => {
    const a = fake('paper-k8', [900, 950, 1000]);
    const b = { ...fake('paper-k8', [700, 800, 1200], false), compileMs: 6000, bbPeakRssMb: 70, otherCpuPct: null, discardedRuns: 2 };
    const merged = mergeMeasurements([a, b, { ...b, compileMs: 7000 }]);
    expect(merged).toMatchObject({ runs: 9, warmupRuns: 3, processes: 3, compileMs: 7000, bbPeakRssMb: 70, otherCpuPct: 1.5, discardedRuns: 4 });
    expect(merged.samples.proveMs).toHaveLength(9);
    expect(merged.gas).toEqual(a.gas);
    expect(toResult(merged).proveMs).toEqual({ median: 900, min: 700, max: 1200 });
    expect(() => mergeMeasurements([a, fake('paper-k4', [1])])).toThrow();
  });

  it('writes results.json as an array of the documented objects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const path = writeResults(dir, [toResult(fake('paper-k8', [900, 950, 1000])), toResult(fake('k2-rows64', [200, 210, 220], false))]);
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as BenchResult[];
      expect(parsed).toHaveLength(2);
      const [paper, small] = parsed as [BenchResult, BenchResult];
      for (const key of ['name', 'rows', 'k', 'd', 'validationRows', 'gates', 'dyadicSize', 'proveMs', 'verifyMs', 'witnessMs', 'compileMs', 'proofBytes', 'verifyGas', 'submitGas', 'peakRssMb', 'threads', 'cores']) {
        expect(paper, key).toHaveProperty(key);
      }
      expect(paper).toMatchObject({ name: 'paper-k8', rows: 100, k: 8, d: 1, validationRows: 32, dyadicSize: 32_768, compileMs: 8000, proofBytes: 8384, threads: 2, cores: 2, peakRssMb: 61.2 });
      expect(paper.proveMs).toEqual({ median: 950, min: 900, max: 1000 });
      expect(paper.verifyMs).toEqual({ median: 4, min: 4, max: 4 });
      expect(paper.witnessMs).toEqual({ median: 120, min: 120, max: 120 });
      expect(paper.verifyGas).toEqual({ standard: 3_700_000, optimized: 850_000 });
      expect(paper.submitGas).toEqual({ standard: 4_000_000, optimized: 1_150_000 });
      expect(small).toMatchObject({ name: 'k2-rows64', k: 2, rows: 64, verifyGas: null, submitGas: null, gasNote: 'skipped (--skip-gas)' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints one table line per variant', () => {
    const table = formatTable([toResult(fake('paper-k8', [950]))]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('paper-k8');
    expect(table).toContain('1,150,000');
  });

  it('checks the targets of issue 6 from the results, saying which were not run', () => {
    const rows = [16, 32, 64, 128].map((r, i) => toResult(fake(`k8-rows${r}`, [500 + 100 * i])));
    const checks = checkTargets([toResult(fake('paper-k8', [950])), ...rows]);
    expect(checks.map((c) => c.met)).toEqual([true, true, false, true]);
    expect(checks[2]!.measured).toContain('over by 150,000');
    expect(checkTargets([]).map((c) => c.met)).toEqual([null, null, null, null]);
    const superLinear = [16, 32].map((r, i) => toResult(fake(`k8-rows${r}`, [100 * (i * 3 + 1)])));
    expect(checkTargets(superLinear)[3]!.met).toBe(false);
  });

  it('draws the three plots when both sweeps are present', () => {
    const all = VARIANTS.map((v) => toResult(fake(v.name, [1000])));
    expect(Object.keys(charts(all)).sort()).toEqual(['gas-vs-k', 'prove-vs-k', 'prove-vs-rows']);
    expect(Object.keys(charts(all.slice(0, 2)))).toEqual([]);
  });

  it('gas helpers: intrinsic gas and the layout for another K', () => {
    expect(intrinsicGas('0x')).toBe(21_000);
    expect(intrinsicGas('0x00ff')).toBe(21_000 + 4 + 16);
    const shipped = readFileSync('contracts/generated/ZkmlLayout.sol', 'utf8');
    expect(layoutForK(8, 128, 32)).toBe(shipped);
    const k2 = layoutForK(2, 64, 32);
    expect(k2).toMatch(/constant K = 2;/);
    expect(k2).not.toBe(shipped);
  });
});
