/**
 * `bench/results.json` (one object per variant, the shape documented in bench/README.md) and the
 * tables printed on stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from '../ts/terminal/table.js';
import type { PerVerifier } from './chain.js';
import { summarize, type Measurement, type Timing } from './measurement.js';
import type { Sweep } from './variants.js';

export type { PerVerifier };

/** One element of `results.json`. */
export interface BenchResult {
  name: string;
  about: string;
  sweeps: Sweep[];
  /** The circuit shape proven (`k{K}d{D}n{N_TRAIN}`) and where its circuit came from. */
  shape: string;
  source: 'artifact' | 'compile';
  /** The circuit timed: `zkml` (settlement of the round) or `register` (one provider registering `rows` rows). */
  circuit: 'zkml' | 'register';
  /** Training rows proven (≤ the shape's capacity `nTrain`). */
  rows: number;
  /** Providers of the round (= the shape's K). */
  k: number;
  d: number;
  /** The shape's training-row capacity N_TRAIN. */
  nTrain: number;
  validationRows: number;
  gates: number;
  dyadicSize: number;
  /** Cold noir_wasm compile (median over processes); `null` for a committed artifact. */
  compileMs: number | null;
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
  /** Receipt gasUsed of a transaction calling the settlement verifier's `verify` (includes 21,000 + calldata, see `verifyGasIntrinsic`). */
  verifyGas: PerVerifier | null;
  /** 21,000 + calldata gas of that transaction; `verifyGas − verifyGasIntrinsic` is the execution alone. */
  verifyGasIntrinsic: PerVerifier | null;
  /** Receipt gasUsed of `ZKMLIncentives.submit` with the optimized verifier, settling `submitProviders` providers. */
  submitGas: number | null;
  /** 21,000 + calldata gas of the submit transaction (included in `submitGas`). */
  submitGasIntrinsic: number | null;
  submitProviders: number | null;
  /** Receipt gasUsed of `createRound` (ETH round, K providers) with its real validation proof (optimized validation verifier). */
  createRoundGas: number | null;
  createRoundGasIntrinsic: number | null;
  /** Validation rows the round was created with; `verify` of its validation proof on each validation verifier. */
  createRoundValidationRows: number | null;
  validationVerifyGas: PerVerifier | null;
  /** Register gas per row: the largest `register` receipt of the round divided by the rows of that provider (`rows / K`, rounded up). */
  registerGasPerRow: number | null;
  /** `register` of one provider at the registration circuit's full capacity (`registerFullRows` = N_TRAIN rows, a second round), its calldata part, gas per row and proof time (not quiet-checked). */
  registerFullGas: number | null;
  registerFullGasIntrinsic: number | null;
  registerFullRows: number | null;
  registerFullGasPerRow: number | null;
  registerFullProveMs: number | null;
  /**
   * Receipt gasUsed of `ZKMLIncentives.register` with a real registration proof and the optimized
   * registration verifier, over the K registrations of the round; `null` when the shape's
   * registration circuit is not built (`registerNote`).
   */
  registerGas: Timing | null;
  /** 21,000 + calldata gas of those transactions (included in `registerGas`). */
  registerGasIntrinsic: Timing | null;
  /** Receipt gasUsed of a transaction calling each registration verifier's `verify` with the first registration proof. */
  registerVerifyGas: PerVerifier | null;
  registerVerifyGasIntrinsic: PerVerifier | null;
  /** The registration circuit's artifact (`noir/artifacts/<name>.json`), or `null` with the reason in `registerNote`. */
  registerArtifact: string | null;
  registerNote: string | null;
  registerGates: number | null;
  registerDyadicSize: number | null;
  /** Registration proof time (bb, EVM target) over the K registrations of the gas phase (not quiet-checked). */
  registerProveMs: Timing | null;
  registerProofBytes: number | null;
  /** The registration verifier `ZKMLIncentives` was deployed with (a contract, or the bench's MOCK). */
  registrationVerifier: string | null;
  /** Why gas is missing, or where it was measured. */
  gasNote: string;
  /** Runtime code size of the settlement / registration verifiers (with the standard one's libraries), bytes. */
  verifierBytes: PerVerifier | null;
  registerVerifierBytes: PerVerifier | null;
  incentivesBytes: number | null;
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
  /** 1-minute load average when the variant started (largest over its processes). */
  loadAvg: number;
  /** Highest % of the machine's CPU used by other processes during a kept timed run (disturbance). */
  otherCpuPct: number | null;
  /** Timed runs discarded and repeated because other processes used more CPU than allowed. */
  discardedRuns: number;
  /** Timed runs kept although other processes used more CPU than allowed (wait budget spent). */
  disturbedRunsKept: number;
  /** Seconds spent waiting for a quiet machine (all processes of the variant). */
  quietWaitS: number;
  date: string;
}

const mb = (v: number) => Math.round(v * 10) / 10;

/** Gas per row of one registration of `rows` rows (rounded to whole gas); `null` without rows. */
export function gasPerRow(gas: number, rows: number): number | null {
  return rows > 0 ? Math.round(gas / rows) : null;
}

/** The documented result object of one measurement. */
export function toResult(m: Measurement): BenchResult {
  const v = m.variant;
  const g = m.gas;
  return {
    name: v.name,
    about: v.about,
    sweeps: v.sweeps,
    shape: v.shape.name,
    source: v.source,
    circuit: v.circuit ?? 'zkml',
    rows: v.rows,
    k: v.k,
    d: v.d,
    nTrain: v.shape.nTrain,
    validationRows: v.validationRows,
    gates: m.gates,
    dyadicSize: m.dyadicSize,
    compileMs: m.compileMs === null ? null : Math.round(m.compileMs),
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
    verifyGas: g ? g.verify : null,
    verifyGasIntrinsic: g ? g.verifyIntrinsic : null,
    submitGas: g ? g.submit : null,
    submitGasIntrinsic: g ? g.submitIntrinsic : null,
    submitProviders: g ? g.providers : null,
    createRoundGas: g ? g.createRound : null,
    createRoundGasIntrinsic: g?.createRoundIntrinsic ?? null,
    createRoundValidationRows: g?.validationRows ?? null,
    validationVerifyGas: g?.validationVerify ?? null,
    registerGasPerRow: g?.register ? gasPerRow(Math.max(...g.register), Math.ceil(v.rows / v.k)) : null,
    registerFullGas: g?.registerFull ?? null,
    registerFullGasIntrinsic: g?.registerFullIntrinsic ?? null,
    registerFullRows: g?.registerFullRows ?? null,
    registerFullGasPerRow: g?.registerFull && g.registerFullRows ? gasPerRow(g.registerFull, g.registerFullRows) : null,
    registerFullProveMs: m.registerFullProveMs === undefined || m.registerFullProveMs === null ? null : Math.round(m.registerFullProveMs),
    registerGas: g?.register ? summarize(g.register) : null,
    registerGasIntrinsic: g?.registerIntrinsic ? summarize(g.registerIntrinsic) : null,
    registerVerifyGas: g?.registerVerify ?? null,
    registerVerifyGasIntrinsic: g?.registerVerifyIntrinsic ?? null,
    registerArtifact: m.registerArtifact,
    registerNote: m.registerNote ?? null,
    registerGates: m.registerGates,
    registerDyadicSize: m.registerDyadicSize,
    registerProveMs: m.registerProveMs.length > 0 ? summarize(m.registerProveMs) : null,
    registerProofBytes: m.registerProofBytes,
    registrationVerifier: g ? g.registrationVerifier : null,
    gasNote: g ? `anvil (${g.hardfork}), ZKMLIncentives deployed with this one shape` : (m.gasNote ?? 'not measured'),
    verifierBytes: g ? g.verifierBytes : null,
    registerVerifierBytes: g?.registerVerifierBytes ?? null,
    incentivesBytes: g ? g.incentivesBytes : null,
    gasSchedule: g?.hardfork ?? null,
    peakRssMb: m.bbPeakRssMb === null ? null : mb(m.bbPeakRssMb),
    nodePeakRssMb: mb(m.nodePeakRssMb),
    threads: m.threads,
    cores: m.cores,
    cpu: m.cpu,
    loadAvg: m.loadAvg,
    otherCpuPct: m.otherCpuPct,
    discardedRuns: m.discardedRuns,
    disturbedRunsKept: m.disturbedRunsKept,
    quietWaitS: Math.round(m.quietWaitMs / 1000),
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
const opt = <T>(v: T | null | undefined, f: (x: T) => string) => (v === null || v === undefined ? '-' : f(v));

/** The timing table: one line per variant. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['variant', 'shape', 'K', 'D', 'rows', 'gates', 'dyadic', 'compile ms', 'witness ms', 'prove ms', 'verify ms', 'proof B', 'bb MiB', 'node MiB', 'threads', 'other CPU', 'disturbed kept'];
  const rows = results.map((r) => [
    r.name,
    r.shape,
    String(r.k),
    String(r.d),
    String(r.rows),
    int(r.gates),
    `2^${Math.log2(r.dyadicSize)}`,
    opt(r.compileMs, int),
    ms(r.witnessMs),
    ms(r.proveMs),
    `${r.verifyMs.median.toFixed(1)} (${r.verifyMs.min.toFixed(1)}-${r.verifyMs.max.toFixed(1)})`,
    int(r.proofBytes),
    opt(r.peakRssMb, int),
    int(r.nodePeakRssMb),
    `${r.threads}/${r.cores}`,
    opt(r.otherCpuPct, (v) => `${v.toFixed(1)} %`),
    `${r.disturbedRunsKept}/${r.runs}`,
  ]);
  return table(header, rows);
}

/** The sweeps' table: registration against rows, settlement against total rows, settlement against K. */
export function formatSweepTable(results: readonly BenchResult[]): string {
  const header = ['sweep', 'variant', 'circuit', 'K', 'rows', 'gates', 'dyadic', 'compile s', 'witness ms', 'prove ms'];
  const order: Sweep[] = ['register-rows', 'settle-rows', 'providers'];
  const rows = order.flatMap((sweep) =>
    results
      .filter((r) => r.sweeps.includes(sweep))
      .sort((a, b) => a.rows - b.rows || a.k - b.k)
      .map((r) => [sweep, r.name, r.circuit, String(r.k), String(r.rows), int(r.gates), `2^${Math.log2(r.dyadicSize)}`, opt(r.compileMs, (v) => (v / 1000).toFixed(1)), ms(r.witnessMs), ms(r.proveMs)]),
  );
  return table(header, rows);
}

/** The gas table: one line per variant with gas (receipt gasUsed). */
export function formatGasTable(results: readonly BenchResult[]): string {
  const header = ['variant', 'verify opt', 'verify std', 'submit (K providers)', 'createRound (val. rows)', 'register max (min)', 'register gas/row', 'register full (rows)', 'full gas/row', 'reg. verify opt', 'reg. verify std', 'reg. gates', 'reg. prove ms', 'registration verifier'];
  const rows = results
    .filter((r) => r.verifyGas !== null)
    .map((r) => [
      r.name,
      opt(r.verifyGas, (g) => int(g.optimized)),
      opt(r.verifyGas, (g) => int(g.standard)),
      r.submitGas === null ? '-' : `${int(r.submitGas)} (${r.submitProviders})`,
      r.createRoundGas === null ? '-' : `${int(r.createRoundGas)} (${r.createRoundValidationRows ?? '?'})`,
      opt(r.registerGas, (g) => `${int(g.max)} (${int(g.min)})`),
      opt(r.registerGasPerRow, int),
      r.registerFullGas === null ? '-' : `${int(r.registerFullGas)} (${r.registerFullRows})`,
      opt(r.registerFullGasPerRow, int),
      opt(r.registerVerifyGas, (g) => int(g.optimized)),
      opt(r.registerVerifyGas, (g) => int(g.standard)),
      opt(r.registerGates, int),
      opt(r.registerProveMs, ms),
      r.registerArtifact ?? 'MOCK (not built)',
    ]);
  return table(header, rows);
}
