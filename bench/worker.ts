/**
 * Measures one variant in a process of its own (so that the Node peak memory and the bb process
 * are this variant's alone). Started by `bench/main.ts`:
 *
 *     tsx bench/worker.ts <variant> <runs> <out.json> [--skip-gas] [--hardfork=NAME] [--max-other-cpu=PCT]
 *
 * Steps: compile the variant (noir_wasm), start a fresh Barretenberg, gate counts, verification
 * key and Solidity verifiers, then one warm-up and `runs` timed runs of witness → proof →
 * off-chain verification, then the gas phase on anvil (`bench/chain.ts`). Progress on stderr; the
 * measurement is written as JSON to `out.json`.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Barretenberg } from '@aztec/bb.js';
import { Noir } from '@noir-lang/noir_js';
import { compileVariant } from '../ts/codegen/variants.js';
import { buildWitness, type RoundData } from '../ts/circuit/witness.js';
import { startBarretenberg } from '../ts/toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../ts/toolchain/honk.js';
import { circuitStats, solidityVerifier, verificationKey } from '../ts/codegen/verifier.js';
import { toCompiledCircuit, type CircuitArtifact } from '../ts/toolchain/noir.js';
import { measureGas, type ChainProof } from './chain.js';
import { benchRound } from './data.js';
import type { Measurement, RunSamples } from './measurement.js';
import { bbPid, cpuSnapshot, nodePeakRssMb, otherCpuPercent, procStatus, type CpuSnapshot } from './memory.js';
import { selectVariants, shapeOf } from './variants.js';

const [name, runsArg, outPath, ...rest] = process.argv.slice(2);
if (!name || !runsArg || !outPath) {
  process.stderr.write('usage: tsx bench/worker.ts <variant> <runs> <out.json> [--skip-gas] [--hardfork=NAME] [--max-other-cpu=PCT]\n');
  process.exit(2);
}
const runs = Number(runsArg);
const skipGas = rest.includes('--skip-gas');
const hardfork = rest.find((a) => a.startsWith('--hardfork='))?.slice('--hardfork='.length);
/** A timed run during which other processes used more than this share of the CPU (%) is repeated. */
const maxOtherCpu = Number(rest.find((a) => a.startsWith('--max-other-cpu='))?.slice('--max-other-cpu='.length) ?? '15');
/** At most this many disturbed runs are repeated per variant; later ones are kept (and reported). */
const MAX_DISCARDED = 10;
/** Longest wait for a quiet machine before a timed run. */
const QUIET_WAIT_MS = 120_000;
const variant = selectVariants([name])[0]!;
const shape = shapeOf(variant);
const started = performance.now();
const log = (line: string) => process.stderr.write(`[${variant.name} +${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

/** Times `fn` in milliseconds. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

/**
 * Waits (at most {@link QUIET_WAIT_MS}) until other processes use at most `maxOtherCpu` % of the
 * machine over a 2-second window, so that timed runs start on a quiet machine.
 */
async function waitForQuiet(ourPids: readonly number[]): Promise<void> {
  const deadline = performance.now() + QUIET_WAIT_MS;
  let said = false;
  for (;;) {
    const a = cpuSnapshot(ourPids);
    await new Promise((r) => setTimeout(r, 2000));
    const other = otherCpuPercent(a, cpuSnapshot(ourPids));
    if (other === null || other <= maxOtherCpu) return;
    if (performance.now() > deadline) {
      log(`machine still busy (${other} % CPU used by other processes); running anyway`);
      return;
    }
    if (!said) log(`waiting for a quiet machine (other processes use ${other} % CPU)`);
    said = true;
  }
}

/** Witness (TypeScript builder + noir_js execute) of a round; the solved witness and both times. */
async function witness(api: Barretenberg, artifact: CircuitArtifact, round: RoundData) {
  const [w, tsMs] = await timed(() => buildWitness(api, round, shape));
  const [solved, executeMs] = await timed(async () => (await new Noir(toCompiledCircuit(artifact)).execute(w.inputs)).witness);
  return { w, solved, tsMs, executeMs };
}

async function main(): Promise<void> {
  const loadAvg = os.loadavg()[0] ?? 0;
  log(`K = ${variant.k}, ${variant.rows} training rows, ${variant.validationRows} validation rows, d = 1; ${runs} run(s) after a warm-up`);

  log('compiling the circuit (noir_wasm)');
  const [artifact, compileMs] = await timed(() => compileVariant(shape));

  // bb.js gives the native bb HARDWARE_CONCURRENCY = min(16, cores) threads when none is set.
  const threads = Math.min(16, os.cpus().length);
  const api = await startBarretenberg({ log });
  const pid = bbPid();
  if (pid === undefined) log('warning: could not identify the bb process; its peak memory will be missing');
  try {
    const stats = await circuitStats(api, artifact);
    log(`${stats.numGates} gates, dyadic ${stats.numGatesDyadic}`);
    const [vk, vkMs] = await timed(() => verificationKey(api, artifact));
    const standardSource = await solidityVerifier(api, vk, 'BenchHonkVerifier', false);
    const optimizedSource = await solidityVerifier(api, vk, 'BenchHonkVerifierOptimized', true);

    const round = benchRound(variant, 42n);
    const samples: RunSamples = { witnessMs: [], tsWitnessMs: [], executeMs: [], proveMs: [], verifyMs: [] };
    let proofBytes = 0;
    let publicInputs = 0;
    const ourPids = pid === undefined ? [process.pid] : [process.pid, pid];
    const otherCpu: number[] = [];
    let discarded = 0;
    for (let i = 0; i <= runs; i++) {
      const label = i === 0 ? 'warm-up' : `run ${i}/${runs}`;
      if (i > 0) await waitForQuiet(ourPids);
      const before = cpuSnapshot(ourPids);
      const { solved, tsMs, executeMs } = await witness(api, artifact, round);
      const [proof, proveMs] = await timed(() => proveEvm(api, artifact, solved));
      const [ok, verifyMs] = await timed(() => verifyEvm(api, vk, proof));
      if (!ok) throw new Error('bb rejected its own proof');
      const other = otherCpuPercent(before, cpuSnapshot(ourPids));
      proofBytes = proof.proof.length;
      publicInputs = proof.publicInputs.length;
      const line = `${label}: witness ${(tsMs + executeMs).toFixed(0)} ms (TS ${tsMs.toFixed(0)} + execute ${executeMs.toFixed(0)}), prove ${proveMs.toFixed(0)} ms, verify ${verifyMs.toFixed(1)} ms; other processes ${other ?? '?'} % CPU`;
      if (i > 0 && other !== null && other > maxOtherCpu && discarded < MAX_DISCARDED) {
        discarded++;
        log(`${line} — disturbed (> ${maxOtherCpu} %), discarded and repeated (${discarded}/${MAX_DISCARDED})`);
        i--;
        continue;
      }
      log(line);
      if (i === 0) continue;
      if (other !== null) otherCpu.push(other);
      samples.witnessMs.push(tsMs + executeMs);
      samples.tsWitnessMs.push(tsMs);
      samples.executeMs.push(executeMs);
      samples.proveMs.push(proveMs);
      samples.verifyMs.push(verifyMs);
    }
    const bb = pid === undefined ? undefined : procStatus(pid);
    const nodePeak = nodePeakRssMb();
    log(`peak RSS: bb ${bb ? bb.peakRssMb.toFixed(0) : '?'} MiB (${bb?.threads ?? '?'} OS threads), node ${nodePeak.toFixed(0)} MiB`);

    let gas: Measurement['gas'] = null;
    let gasNote: string | undefined;
    if (skipGas) {
      gasNote = 'skipped (--skip-gas)';
    } else {
      const prove = async (context: bigint): Promise<ChainProof> => {
        const { w, solved } = await witness(api, artifact, { ...round, context });
        const proof = await proveEvm(api, artifact, solved);
        const v = w.publicValues;
        return { proof: proof.proof, publicInputs: proof.publicInputs, weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley };
      };
      const base = await buildWitness(api, round, shape);
      try {
        gas = await measureGas({
          slots: variant.k,
          nTrain: variant.rows,
          nVal: variant.validationRows,
          standardSource,
          optimizedSource,
          round: { commitments: base.publicValues.commitments.slice(0, variant.k), validationCommitment: base.publicValues.validationCommitment, lambda: round.lambda },
          prove,
          log,
          ...(hardfork ? { hardfork } : {}),
        });
      } catch (err) {
        gasNote = `gas measurement failed: ${err instanceof Error ? err.message : String(err)}`;
        log(gasNote);
      }
    }

    const measurement: Measurement = {
      variant,
      gates: stats.numGates,
      dyadicSize: stats.numGatesDyadic,
      compileMs,
      vkMs,
      runs,
      warmupRuns: 1,
      processes: 1,
      samples,
      proofBytes,
      publicInputs,
      gas,
      ...(gasNote ? { gasNote } : {}),
      bbPeakRssMb: bb?.peakRssMb ?? null,
      nodePeakRssMb: nodePeak,
      threads,
      bbOsThreads: bb?.threads ?? null,
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      loadAvg: Math.round(loadAvg * 100) / 100,
      otherCpuPct: otherCpu.length > 0 ? Math.max(...otherCpu) : null,
      discardedRuns: discarded,
      date: new Date().toISOString(),
    };
    writeFileSync(outPath!, JSON.stringify(measurement, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
    log('done');
  } finally {
    await api.destroy();
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
