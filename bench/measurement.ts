/**
 * What a worker measures for one variant (raw samples), and how it is summarised.
 */
import type { GasMeasurement } from './chain.js';
import type { VariantSpec } from './variants.js';

/** Median, minimum and maximum of the timed runs, in milliseconds. */
export interface Timing {
  median: number;
  min: number;
  max: number;
}

/** Median (mean of the two middle values for an even count), min and max; rounded to 0.1 ms. */
export function summarize(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  const r = (v: number) => Math.round(v * 10) / 10;
  return { median: r(median), min: r(s[0]!), max: r(s[s.length - 1]!) };
}

/** Samples of the timed runs (the warm-up run is not included). */
export interface RunSamples {
  /** TypeScript witness builder (fixed-point model, commitments via bb Poseidon2) + noir_js execute. */
  witnessMs: number[];
  /** The TypeScript part alone. */
  tsWitnessMs: number[];
  /** noir_js `execute` alone (ACVM solving, gzipped witness). */
  executeMs: number[];
  /** bb UltraHonk proof (EVM target: zero-knowledge, keccak transcript). */
  proveMs: number[];
  /** bb off-chain verification of that proof. */
  verifyMs: number[];
}

/** Everything a worker reports for one variant. */
export interface Measurement {
  variant: VariantSpec;
  gates: number;
  dyadicSize: number;
  /** A cold noir_wasm compilation of the variant in a fresh process (median over the processes); `null` for a committed artifact. */
  compileMs: number | null;
  /** Deriving the verification key, a one-time setup (median over the processes). */
  vkMs: number;
  /** Timed runs in all (over every worker process). */
  runs: number;
  /** One warm-up per worker process. */
  warmupRuns: number;
  /** Worker processes the runs were spread over (each with its own compile, bb and warm-up). */
  processes: number;
  samples: RunSamples;
  proofBytes: number;
  publicInputs: number;
  /** `null` when the gas phase was skipped or failed (`gasNote` says why). */
  gas: GasMeasurement | null;
  gasNote?: string;
  /** The shape's registration circuit (artifact name), or `null` when it is not built (`registerNote` says why). */
  registerArtifact: string | null;
  registerNote?: string;
  /** Gates of the registration circuit (bb `circuitStats`), when built. */
  registerGates: number | null;
  registerDyadicSize: number | null;
  /** Registration proofs of the gas phase (K of them, one per provider): proof time (bb, EVM target), ms. */
  registerProveMs: number[];
  registerProofBytes: number | null;
  /** The full-capacity registration proof of the gas phase (one provider holding N_TRAIN rows), ms; absent or `null` when not measured. */
  registerFullProveMs?: number | null;
  /** Peak RSS (VmHWM) of this variant's own bb process, read after the timed runs (largest over the processes). */
  bbPeakRssMb: number | null;
  /** Peak RSS of the worker's Node process after the timed runs (compile, witness, execute; not solc); largest over the processes. */
  nodePeakRssMb: number;
  /** Threads bb was started with (bb.js sets HARDWARE_CONCURRENCY to this). */
  threads: number;
  /** OS threads of the bb process when it was read. */
  bbOsThreads: number | null;
  cores: number;
  cpu: string;
  /** 1-minute load average when the variant started (other work on the machine skews timings). */
  loadAvg: number;
  /** Highest CPU share (% of all cores) other processes used during a kept timed run; null without /proc. */
  otherCpuPct: number | null;
  /** Timed runs discarded and repeated because other processes disturbed them. */
  discardedRuns: number;
  /** Timed runs kept although other processes used more than the allowed CPU (the wait budget was spent). */
  disturbedRunsKept: number;
  /** Time spent waiting for a quiet machine, ms. */
  quietWaitMs: number;
  date: string;
}

/**
 * One measurement of a variant from the measurements of several worker processes: samples pooled,
 * one-time costs as the median over the processes, peaks and disturbance as the largest, gas from
 * the process that measured it.
 */
export function mergeMeasurements(parts: readonly Measurement[]): Measurement {
  const first = parts[0];
  if (!first) throw new Error('no measurements to merge');
  if (parts.some((p) => p.variant.name !== first.variant.name || p.gates !== first.gates || p.dyadicSize !== first.dyadicSize)) {
    throw new Error(`measurements of different circuits cannot be merged (${first.variant.name})`);
  }
  const pool = (key: keyof RunSamples) => parts.flatMap((p) => p.samples[key]);
  const maxOrNull = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length > 0 ? Math.max(...known) : null;
  };
  const withGas = parts.find((p) => p.gas !== null);
  const { gasNote: _unused, ...base } = first;
  return {
    ...base,
    compileMs: first.compileMs === null ? null : summarize(parts.map((p) => p.compileMs ?? 0)).median,
    vkMs: summarize(parts.map((p) => p.vkMs)).median,
    runs: parts.reduce((n, p) => n + p.runs, 0),
    warmupRuns: parts.reduce((n, p) => n + p.warmupRuns, 0),
    processes: parts.reduce((n, p) => n + p.processes, 0),
    samples: { witnessMs: pool('witnessMs'), tsWitnessMs: pool('tsWitnessMs'), executeMs: pool('executeMs'), proveMs: pool('proveMs'), verifyMs: pool('verifyMs') },
    gas: withGas?.gas ?? null,
    ...(withGas ? {} : first.gasNote ? { gasNote: first.gasNote } : {}),
    registerProveMs: parts.flatMap((p) => p.registerProveMs),
    registerProofBytes: parts.find((p) => p.registerProofBytes !== null)?.registerProofBytes ?? null,
    registerFullProveMs: parts.find((p) => typeof p.registerFullProveMs === 'number')?.registerFullProveMs ?? null,
    bbPeakRssMb: maxOrNull(parts.map((p) => p.bbPeakRssMb)),
    nodePeakRssMb: Math.max(...parts.map((p) => p.nodePeakRssMb)),
    bbOsThreads: maxOrNull(parts.map((p) => p.bbOsThreads)),
    loadAvg: Math.max(...parts.map((p) => p.loadAvg)),
    otherCpuPct: maxOrNull(parts.map((p) => p.otherCpuPct)),
    discardedRuns: parts.reduce((n, p) => n + p.discardedRuns, 0),
    disturbedRunsKept: parts.reduce((n, p) => n + p.disturbedRunsKept, 0),
    quietWaitMs: parts.reduce((n, p) => n + p.quietWaitMs, 0),
  };
}
