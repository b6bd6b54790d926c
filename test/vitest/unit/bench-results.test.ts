/**
 * The benchmark's results writer, from fake measurements (no proving, no timing assertions: the
 * benchmark itself is `npm run bench`, never part of `npm test`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intrinsicGas, type GasMeasurement } from '../../../bench/chain.js';
import { mergeMeasurements, summarize, type Measurement } from '../../../bench/measurement.js';
import { charts, groupedBarsSvg, shapeCharts, writePlots } from '../../../bench/plots.js';
import { findRegisterCircuit, registerArtifactNames, registerMismatch } from '../../../bench/register.js';
import { formatGasTable, formatTable, toResult, writeResults, type BenchResult } from '../../../bench/results.js';
import { compileIncentives } from '../../../bench/solidity.js';
import { checkTargets } from '../../../bench/targets.js';
import { PAPER_SHAPE, VARIANTS, selectVariants } from '../../../bench/variants.js';
import { readArtifact } from '../../../ts/prover/artifacts.js';
import { SHAPES, shapeByName } from '../../../ts/protocol/shapes/index.js';

/** Gas of a fake shape: register gas only when `register` is true. */
function fakeGas(k: number, submit: number, register: number | null): GasMeasurement {
  const pair = (standard: number, optimized: number) => ({ standard, optimized });
  return {
    hardfork: 'Bpo1',
    chainId: 31337,
    providers: k,
    verify: pair(3_700_000, 850_000),
    verifyIntrinsic: pair(150_000, 150_000),
    verifierBytes: pair(30_000, 16_000),
    createRound: 270_000,
    submit,
    submitIntrinsic: 155_000,
    register: register === null ? null : Array.from({ length: k }, (_, i) => register - i),
    registerIntrinsic: register === null ? null : Array.from({ length: k }, () => 170_000),
    registerVerify: register === null ? null : pair(3_600_000, 840_000),
    registerVerifyIntrinsic: register === null ? null : pair(140_000, 140_000),
    registerVerifierBytes: register === null ? null : pair(29_000, 15_000),
    registrationVerifier: register === null ? 'BenchMockAcceptingRegistrationVerifier (MOCK)' : 'RegisterK8d1n128HonkVerifierOptimized',
    incentivesBytes: 15_000,
  };
}

function fake(name: string, proveMs: number[], gas: GasMeasurement | null = null): Measurement {
  const variant = selectVariants([name])[0]!;
  return {
    variant,
    gates: 20_000 + variant.rows,
    dyadicSize: 32_768,
    compileMs: variant.source === 'compile' ? 8000.4 : null,
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
    gas,
    ...(gas ? {} : { gasNote: variant.gas ? 'skipped (--skip-gas)' : 'not measured for sweep points (timing only)' }),
    registerArtifact: gas?.register ? 'register' : null,
    ...(gas?.register ? {} : { registerNote: 'no registration artifact' }),
    registerGates: gas?.register ? 9312 : null,
    registerDyadicSize: gas?.register ? 16_384 : null,
    registerProveMs: gas?.register ? [500, 600, 700] : [],
    registerProofBytes: gas?.register ? 8000 : null,
    bbPeakRssMb: 61.23,
    nodePeakRssMb: 640.55,
    threads: 2,
    bbOsThreads: 2,
    cores: 2,
    cpu: 'test cpu',
    loadAvg: 0.5,
    otherCpuPct: 1.5,
    discardedRuns: 0,
    disturbedRunsKept: 0,
    quietWaitMs: 1500,
    date: '2026-01-01T00:00:00.000Z',
  };
}

describe('bench variants', () => {
  it('cover every shipped shape from its artifact, the paper workload and the compiled sweeps', () => {
    const shapes = VARIANTS.filter((v) => v.sweeps.includes('shapes'));
    expect(shapes.map((v) => v.name)).toEqual(SHAPES.map((s) => s.name));
    for (const v of shapes) expect(v).toMatchObject({ source: 'artifact', gas: true, k: v.shape.k, d: v.shape.d, rows: v.shape.nTrain });
    expect(PAPER_SHAPE.name).toBe('k8d1n128');
    expect(selectVariants(['paper-k8'])[0]).toMatchObject({ k: 8, d: 1, rows: 100, validationRows: 32, gas: true, source: 'artifact' });
    const sweeps = VARIANTS.filter((v) => v.source === 'compile');
    expect(sweeps.every((v) => !v.gas && v.d === 1)).toBe(true);
    expect(VARIANTS.filter((v) => v.sweeps.includes('rows')).map((v) => v.rows).sort((a, b) => a - b)).toEqual([16, 32, 64, 128, 265, 4096]);
    expect(VARIANTS.filter((v) => v.sweeps.includes('providers')).map((v) => v.k).sort()).toEqual([2, 4, 6, 8]);
    expect(new Set(VARIANTS.map((v) => v.name)).size).toBe(VARIANTS.length);
    expect(() => selectVariants(['nope'])).toThrow(/unknown variant "nope"/);
  });

  it('find the registration circuit of the paper shape and check an artifact against a shape', () => {
    const k8 = shapeByName('k8d1n128');
    expect(registerArtifactNames(k8)).toEqual(['register-k8d1n128']);
    expect(registerArtifactNames(shapeByName('k7d2n132'))).toEqual(['register-k7d2n132']);
    const found = findRegisterCircuit(k8);
    expect('missing' in found).toBe(false);
    if (!('missing' in found)) {
      expect(found.shape).toMatchObject({ name: 'k8d1n128', d: 1, nTrain: 128, c: 46, ncp: 15, ciphertextLength: 46 });
      expect(found.verifierNames.optimized).toBe('RegisterK8d1n128HonkVerifierOptimized');
      expect(found.verifierSources.optimized).toContain('contract RegisterK8d1n128HonkVerifierOptimized');
    }
    const artifact = readArtifact('register-k8d1n128');
    expect(registerMismatch(artifact, k8)).toBeUndefined();
    // The paper shape's registration circuit is not k7d2n132's (C, NCP, R and D all differ).
    expect(registerMismatch(artifact, shapeByName('k7d2n132'))).toBe('its ABI has C = 46, NCP = 15, R = 9, D = 1, the shape C = 67, NCP = 22, R = 6, D = 2');
  });
});

describe('bench results', () => {
  it('summarises runs as median, min and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(summarize([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(() => summarize([])).toThrow();
  });

  it('pools the runs of several worker processes', () => {
    const a = fake('paper-k8', [900, 950, 1000], fakeGas(8, 960_000, 990_000));
    const b = { ...fake('paper-k8', [700, 800, 1200]), bbPeakRssMb: 70, otherCpuPct: null, discardedRuns: 2, disturbedRunsKept: 1 };
    const merged = mergeMeasurements([a, b, { ...b }]);
    expect(merged).toMatchObject({ runs: 9, warmupRuns: 3, processes: 3, compileMs: null, bbPeakRssMb: 70, otherCpuPct: 1.5, discardedRuns: 4, disturbedRunsKept: 2, quietWaitMs: 4500, registerProofBytes: 8000 });
    expect(merged.samples.proveMs).toHaveLength(9);
    expect(merged.registerProveMs).toEqual([500, 600, 700]);
    expect(merged.gas).toEqual(a.gas);
    expect(toResult(merged).proveMs).toEqual({ median: 900, min: 700, max: 1200 });
    const c1 = fake('k2d1n64', [1]);
    expect(mergeMeasurements([c1, { ...c1, compileMs: 6000 }, { ...c1, compileMs: 7000 }]).compileMs).toBe(7000);
    expect(() => mergeMeasurements([a, fake('k8d1n128', [1])])).toThrow();
  });

  it('writes results.json as an array of the documented objects', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const path = writeResults(dir, [
        toResult(fake('k8d1n128', [900, 950, 1000], fakeGas(8, 966_000, 984_000))),
        toResult(fake('k7d2n132', [900, 950, 1000], fakeGas(7, 950_000, null))),
        toResult(fake('k2d1n64', [200, 210, 220])),
      ]);
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as BenchResult[];
      expect(parsed).toHaveLength(3);
      const [k8, k7, small] = parsed as [BenchResult, BenchResult, BenchResult];
      for (const key of ['name', 'shape', 'source', 'rows', 'k', 'd', 'nTrain', 'validationRows', 'gates', 'dyadicSize', 'proveMs', 'verifyMs', 'witnessMs', 'compileMs', 'proofBytes', 'verifyGas', 'submitGas', 'registerGas', 'registerVerifyGas', 'registerArtifact', 'registrationVerifier', 'peakRssMb', 'threads', 'cores']) {
        expect(k8, key).toHaveProperty(key);
      }
      expect(k8).toMatchObject({ name: 'k8d1n128', shape: 'k8d1n128', source: 'artifact', rows: 128, k: 8, d: 1, nTrain: 128, validationRows: 32, compileMs: null, proofBytes: 8384, peakRssMb: 61.2, disturbedRunsKept: 0, quietWaitS: 2 });
      expect(k8.proveMs).toEqual({ median: 950, min: 900, max: 1000 });
      expect(k8.verifyGas).toEqual({ standard: 3_700_000, optimized: 850_000 });
      expect(k8).toMatchObject({ submitGas: 966_000, submitProviders: 8, createRoundGas: 270_000, registerArtifact: 'register', registerGates: 9312 });
      expect(k8.registerGas).toEqual({ median: 983_996.5, min: 983_993, max: 984_000 });
      expect(k8.registerProveMs).toEqual({ median: 600, min: 500, max: 700 });
      expect(k7).toMatchObject({ d: 2, submitGas: 950_000, registerGas: null, registerVerifyGas: null, registerArtifact: null, registerNote: 'no registration artifact' });
      expect(k7.registrationVerifier).toMatch(/MOCK/);
      expect(small).toMatchObject({ name: 'k2d1n64', source: 'compile', compileMs: 8000, k: 2, rows: 64, verifyGas: null, submitGas: null, registerGas: null, gasNote: 'not measured for sweep points (timing only)' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints one timing line per variant and one gas line per variant with gas', () => {
    const results = [toResult(fake('k8d1n128', [950], fakeGas(8, 966_000, 984_000))), toResult(fake('k2d1n64', [300]))];
    const timing = formatTable(results);
    expect(timing.split('\n')).toHaveLength(4);
    expect(timing).toContain('k2d1n64');
    const gas = formatGasTable(results);
    expect(gas.split('\n')).toHaveLength(3);
    expect(gas).toContain('966,000 (8)');
    expect(gas).toContain('984,000 (983,993)');
    expect(gas).not.toContain('k2d1n64');
  });

  it('checks the targets per shape and for the paper workload, saying which were not measured', () => {
    const results = [
      toResult(fake('k8d1n128', [950], fakeGas(8, 966_000, 1_001_000))),
      toResult(fake('k7d2n132', [1100], fakeGas(7, 1_010_000, null))),
      toResult(fake('paper-k8', [790], fakeGas(8, 960_000, 990_000))),
    ];
    const checks = checkTargets(results);
    const find = (t: string) => checks.find((c) => c.target.startsWith(t))!;
    expect(find('k8d1n128: proof').met).toBe(true);
    expect(find('k7d2n132: proof').met).toBe(false);
    expect(find('paper-k8 (D = 1').met).toBe(true);
    expect(find('k8d1n128: submit').met).toBe(true);
    expect(find('k7d2n132: submit').measured).toContain('over by 10,000');
    expect(find('k8d1n128: register').met).toBe(false);
    expect(find('k8d1n128: register').measured).toContain('over by 1,000');
    expect(find('k7d2n132: register')).toMatchObject({ met: null, measured: 'not measured: no registration artifact' });
    expect(find('paper-k8: register').met).toBe(true);
    expect(find('proof time no worse than linear').met).toBeNull();
    expect(checkTargets([]).every((c) => c.met === null)).toBe(true);
    const rows = [16, 32].map((r, i) => toResult(fake(`k8d1n${r}`, [100 * (i * 3 + 1)])));
    expect(checkTargets(rows).find((c) => c.target.startsWith('proof time no worse'))!.met).toBe(false);
  });

  it('draws the sweep plots with two points or more, and the per-shape bars', () => {
    const all = VARIANTS.map((v) => toResult(fake(v.name, [1000], v.gas ? fakeGas(v.k, 960_000, v.shape.d === 1 ? 990_000 : null) : null)));
    expect(Object.keys(charts(all)).sort()).toEqual(['prove-vs-k', 'prove-vs-rows']);
    expect(Object.keys(charts(all.slice(0, 2)))).toEqual([]);
    const bars = shapeCharts(all);
    expect(Object.keys(bars).sort()).toEqual(['shapes-gas', 'shapes-prove']);
    expect(bars['shapes-prove']!.labels).toEqual([...SHAPES.map((s) => s.name), 'paper-k8']);
    expect(bars['shapes-gas']!.series.map((s) => s.values.length)).toEqual([SHAPES.length + 1, SHAPES.length + 1, SHAPES.length + 1]);
    const svg = groupedBarsSvg(bars['shapes-gas']!);
    expect(svg).toContain('target 1.0M');
    expect(svg).toContain('n/a');
    expect(shapeCharts(all.filter((r) => r.source === 'compile'))).toEqual({});
    const dir = mkdtempSync(join(tmpdir(), 'bench-plots-'));
    try {
      writePlots(dir, all);
      expect(readdirSync(dir).sort()).toEqual(['prove-vs-k', 'prove-vs-rows', 'shapes-gas', 'shapes-prove'].flatMap((s) => [`${s}.png`, `${s}.svg`]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gas helpers: intrinsic gas; ZKMLIncentives compiles with its constructor of shapes and links no library', () => {
    expect(intrinsicGas('0x')).toBe(21_000);
    expect(intrinsicGas('0x00ff')).toBe(21_000 + 4 + 16);
    const incentives = compileIncentives();
    expect(incentives.linkReferences).toEqual({});
    const ctor = incentives.abi.find((e) => e.type === 'constructor') as unknown as { inputs: { type: string; components?: { name: string }[] }[] };
    expect(ctor.inputs.map((i) => i.type)).toEqual(['tuple[]']);
    expect(ctor.inputs[0]!.components!.map((c) => c.name)).toEqual(['k', 'd', 'nTrain', 'maxProviderRows', 'nVal', 'ciphertextLength', 'settlementVerifier', 'registrationVerifier']);
  }, 60_000);
});
