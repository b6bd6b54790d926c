/**
 * `bench/results.json` (one object per variant, the shape documented in bench/README.md) and the
 * table printed on stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from '../ts/terminal/table.js';
import { summarize, type Measurement, type Timing } from './measurement.js';
import type { Sweep } from './variants.js';

/** Standard and optimized verifier. */
export interface PerVerifier {
  standard: number;
  optimized: number;
}

/** One element of `results.json`. */
export interface BenchResult {
  name: string;
  about: string;
  sweeps: Sweep[];
  /** Training rows proven (= the circuit's capacity nTrain). */
  rows: number;
  /** Provider slots K of the circuit; the round has k = K providers. */
  k: number;
  d: number;
  validationRows: number;
  gates: number;
  dyadicSize: number;
  compileMs: number;
  vkMs: number;
  /** Timed runs (pooled over `processes` worker processes, each after its own warm-up). */
  runs: number;
  warmupRuns: number;
  processes: number;
  witnessMs: Timing;
  tsWitnessMs: Timing;
  executeMs: Timing;
  proveMs: Timing;
  verifyMs: Timing;
  proofBytes: number;
  publicInputs: number;
  /** Receipt gasUsed of a transaction calling `verify` (includes 21,000 + calldata, see `verifyGasIntrinsic`). */
  verifyGas: PerVerifier | null;
  /** 21,000 + calldata gas of that transaction; `verifyGas − verifyGasIntrinsic` is the execution alone. */
  verifyGasIntrinsic: PerVerifier | null;
  /** Receipt gasUsed of the whole `ZKMLIncentives.submit` (verification and payout of k providers). */
  submitGas: PerVerifier | null;
  /** 21,000 + calldata gas of the submit transaction (included in `submitGas`). */
  submitGasIntrinsic: PerVerifier | null;
  /** Why gas is missing, or which contract layout was measured. */
  gasNote: string;
  /** Runtime code size of the verifier plus its libraries, bytes. */
  verifierBytes: PerVerifier | null;
  /** anvil's gas schedule (hardfork) used for the gas numbers. */
  gasSchedule: string | null;
  /** Peak RSS of the native bb process of this variant (VmHWM), MiB. */
  peakRssMb: number | null;
  /** Peak RSS of the Node process (compile, witness, noir_js, bb.js client), MiB. */
  nodePeakRssMb: number;
  /** Threads bb used. */
  threads: number;
  /** Cores of the machine (os.availableParallelism()). */
  cores: number;
  cpu: string;
  /** 1-minute load average when the variant started. */
  loadAvg: number;
  /** Highest % of the machine's CPU used by other processes during a kept timed run (disturbance). */
  otherCpuPct: number | null;
  /** Timed runs discarded and repeated because other processes used more CPU than allowed. */
  discardedRuns: number;
  date: string;
}

const mb = (v: number) => Math.round(v * 10) / 10;

/** The documented result object of one measurement. */
export function toResult(m: Measurement): BenchResult {
  const v = m.variant;
  const per = (f: (g: NonNullable<Measurement['gas']>['standard']) => number): PerVerifier | null =>
    m.gas ? { standard: f(m.gas.standard), optimized: f(m.gas.optimized) } : null;
  return {
    name: v.name,
    about: v.about,
    sweeps: v.sweeps,
    rows: v.rows,
    k: v.k,
    d: v.d,
    validationRows: v.validationRows,
    gates: m.gates,
    dyadicSize: m.dyadicSize,
    compileMs: Math.round(m.compileMs),
    vkMs: Math.round(m.vkMs),
    runs: m.runs,
    warmupRuns: m.warmupRuns,
    processes: m.processes,
    witnessMs: summarize(m.samples.witnessMs),
    tsWitnessMs: summarize(m.samples.tsWitnessMs),
    executeMs: summarize(m.samples.executeMs),
    proveMs: summarize(m.samples.proveMs),
    verifyMs: summarize(m.samples.verifyMs),
    proofBytes: m.proofBytes,
    publicInputs: m.publicInputs,
    verifyGas: per((g) => g.verify),
    verifyGasIntrinsic: per((g) => g.verifyIntrinsic),
    submitGas: per((g) => g.submit),
    submitGasIntrinsic: per((g) => g.submitIntrinsic),
    gasNote: m.gas ? `anvil (${m.gas.hardfork}), ${m.gas.incentivesLayout}` : (m.gasNote ?? 'not measured'),
    verifierBytes: per((g) => g.verifierBytes + g.libraryBytes),
    gasSchedule: m.gas?.hardfork ?? null,
    peakRssMb: m.bbPeakRssMb === null ? null : mb(m.bbPeakRssMb),
    nodePeakRssMb: mb(m.nodePeakRssMb),
    threads: m.threads,
    cores: m.cores,
    cpu: m.cpu,
    loadAvg: m.loadAvg,
    otherCpuPct: m.otherCpuPct,
    discardedRuns: m.discardedRuns,
    date: m.date,
  };
}

/** Writes `results.json` (2-space JSON, trailing newline) into `dir`; returns its path. */
export function writeResults(dir: string, results: readonly BenchResult[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'results.json');
  writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
  return path;
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (t: Timing) => `${int(t.median)} (${int(t.min)}-${int(t.max)})`;
const gas = (g: PerVerifier | null, which: keyof PerVerifier) => (g ? int(g[which]) : '-');

/** The stdout table: one line per variant. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = [
    'variant', 'K', 'rows', 'gates', 'dyadic', 'compile ms', 'witness ms', 'prove ms', 'verify ms',
    'proof B', 'verify gas std', 'verify gas opt', 'submit gas std', 'submit gas opt', 'bb MiB', 'node MiB', 'threads', 'other CPU',
  ];
  const rows = results.map((r) => [
    r.name,
    String(r.k),
    String(r.rows),
    int(r.gates),
    `2^${Math.log2(r.dyadicSize)}`,
    int(r.compileMs),
    ms(r.witnessMs),
    ms(r.proveMs),
    `${r.verifyMs.median.toFixed(1)} (${r.verifyMs.min.toFixed(1)}-${r.verifyMs.max.toFixed(1)})`,
    int(r.proofBytes),
    gas(r.verifyGas, 'standard'),
    gas(r.verifyGas, 'optimized'),
    gas(r.submitGas, 'standard'),
    gas(r.submitGas, 'optimized'),
    r.peakRssMb === null ? '-' : int(r.peakRssMb),
    int(r.nodePeakRssMb),
    `${r.threads}/${r.cores}`,
    r.otherCpuPct === null ? '-' : `${r.otherCpuPct.toFixed(1)} %`,
  ]);
  return table(header, rows);
}
