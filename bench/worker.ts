/**
 * Measures one variant in a process of its own (so that the Node peak memory and the bb process
 * are this variant's alone). Started by `bench/main.ts`:
 *
 *     tsx bench/worker.ts <variant> <runs> <out.json> [--skip-gas] [--hardfork=NAME] [--max-other-cpu=PCT] [--max-wait=SECONDS]
 *
 * Steps: the circuit (committed artifact of a shipped shape, or a noir_wasm compile of a sweep
 * point), a fresh Barretenberg (`startProvingBarretenberg`, CRS from CRS_PATH), gate counts and
 * verification key, then one warm-up and `runs` timed runs of witness → proof → off-chain
 * verification, then (for variants with gas) the gas phase on anvil (`bench/chain.ts`) with real
 * registration proofs of K providers and a real settlement proof. Progress on stderr; the
 * measurement is written as JSON to `out.json`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Barretenberg } from '@aztec/bb.js';
import { Noir } from '@noir-lang/noir_js';
import { chunk, packChunk, providerCommitment } from '../ts/circuit/commitment.js';
import { statsOf } from '../ts/circuit/model.js';
import { statsCommitment } from '../ts/circuit/stats-commitment.js';
import { buildWitness, type RoundData } from '../ts/circuit/witness.js';
import { buildValidationWitness } from '../ts/circuit/validation-witness.js';
import { buildPaths, compileBuild } from '../ts/codegen/builds.js';
import { readArtifact } from '../ts/prover/artifacts.js';
import { settlementCircuitName, settlementVerifierName, validationCircuitName, validationVerifierName } from '../ts/protocol/shapes/index.js';
import { circuitStats, solidityVerifier, verificationKey } from '../ts/codegen/verifier.js';
import { multiply, multiplyGenerator, type GrumpkinPoint } from '../ts/crypto/grumpkin.js';
import { addStream, keyStream } from '../ts/crypto/key-stream.js';
import { buildRegistrationWitness } from '../ts/crypto/registration.js';
import { FIELD_MODULUS } from '../ts/protocol/layout.js';
import { startProvingBarretenberg } from '../ts/toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../ts/toolchain/honk.js';
import { toCompiledCircuit, type CircuitArtifact } from '../ts/toolchain/noir.js';
import { measureGas, type ChainProof, type ChainRegistration, type VerifierSources } from './chain.js';
import { benchRound, benchRows } from './data.js';
import type { Measurement, RunSamples } from './measurement.js';
import { bbPid, cpuSnapshot, nodePeakRssMb, otherCpuPercent, procStatus } from './memory.js';
import { findRegisterCircuit, type RegisterCircuit } from './register.js';
import { selectVariants } from './variants.js';

const [name, runsArg, outPath, ...rest] = process.argv.slice(2);
if (!name || !runsArg || !outPath) {
  process.stderr.write('usage: tsx bench/worker.ts <variant> <runs> <out.json> [--skip-gas] [--hardfork=NAME] [--max-other-cpu=PCT] [--max-wait=SECONDS]\n');
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
/**
 * Longest total wait for a quiet machine in this worker (default 300 s); once spent, runs are
 * neither delayed nor repeated but kept as measured (and counted in `disturbedRunsKept`).
 */
const waitBudgetMs = 1000 * Number(rest.find((a) => a.startsWith('--max-wait='))?.slice('--max-wait='.length) ?? '300');
let waitedMs = 0;
const budgetLeft = () => waitedMs < waitBudgetMs;
const variant = selectVariants([name])[0]!;
const shape = variant.shape;
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
  if (maxOtherCpu >= 100 || !budgetLeft()) return;
  const t0 = performance.now();
  const deadline = t0 + QUIET_WAIT_MS;
  let said = false;
  try {
    for (;;) {
      const a = cpuSnapshot(ourPids);
      await new Promise((r) => setTimeout(r, 2000));
      const other = otherCpuPercent(a, cpuSnapshot(ourPids));
      if (other === null || other <= maxOtherCpu) return;
      if (performance.now() > deadline || waitedMs + (performance.now() - t0) >= waitBudgetMs) {
        log(`machine still busy (${other} % CPU used by other processes); running anyway`);
        return;
      }
      if (!said) log(`waiting for a quiet machine (other processes use ${other} % CPU)`);
      said = true;
    }
  } finally {
    waitedMs += performance.now() - t0;
  }
}

/** Witness (TypeScript builder + noir_js execute) of a round; the solved witness and both times. */
async function witness(api: Barretenberg, artifact: CircuitArtifact, round: RoundData) {
  const [w, tsMs] = await timed(() => buildWitness(api, round, shape));
  const [solved, executeMs] = await timed(async () => (await new Noir(toCompiledCircuit(artifact)).execute(w.inputs)).witness);
  return { w, solved, tsMs, executeMs };
}

/** A registration sweep point's provider: `variant.rows` seeded rows, registering to a fixed owner key. */
const SWEEP_OWNER_KEY = multiplyGenerator(0x0e4e4n);
const sweepRegistrant = () => ({ rows: benchRows(2000 + variant.rows, variant.rows, variant.d), salt: 0x5a17n, payee: BigInt('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'), ownerKey: SWEEP_OWNER_KEY });

/** Witness of one registration of `variant.rows` rows (registration sweep points). */
async function registrationWitness(api: Barretenberg, artifact: CircuitArtifact) {
  const [w, tsMs] = await timed(() => buildRegistrationWitness(api, 42n, sweepRegistrant(), shape));
  const [solved, executeMs] = await timed(async () => (await new Noir(toCompiledCircuit(artifact)).execute(w.inputs)).witness);
  return { solved, tsMs, executeMs };
}

/** The round's validation proof (noir/validation of the shape, committed artifact) and the shape's committed validation verifiers. */
async function validationProof(api: Barretenberg, round: RoundData) {
  const artifact = readArtifact(validationCircuitName(shape));
  const w = await buildValidationWitness(api, round.validation.rows, round.validation.salt, shape);
  const { witness: solved } = await new Noir(toCompiledCircuit(artifact)).execute(w.inputs);
  const proof = await proveEvm(api, artifact, solved);
  const source = (optimized: boolean) => ({ name: validationVerifierName(shape, optimized), source: readFileSync(buildPaths.verifier({ circuit: 'validation', shape }, optimized), 'utf8') });
  return { commitment: w.publicValues.statsCommitment, rows: w.publicValues.numRows, proof: { proof: proof.proof, publicInputs: proof.publicInputs }, verifiers: { standard: source(false), optimized: source(true) } };
}

/** The committed settlement verifiers of a shipped shape, else generated from `vk` (compiled sweep points). */
async function settlementSources(api: Barretenberg, vk: Uint8Array): Promise<VerifierSources> {
  const source = async (optimized: boolean) => {
    const name = settlementVerifierName(shape, optimized);
    if (variant.source === 'artifact') return { name, source: readFileSync(buildPaths.verifier({ circuit: 'zkml', shape }, optimized), 'utf8') };
    return { name, source: await solidityVerifier(api, vk, name, optimized) };
  };
  return { standard: await source(false), optimized: await source(true) };
}

/** The committed registration verifiers, else generated from the registration circuit's VK. */
async function registrationSources(api: Barretenberg, reg: RegisterCircuit): Promise<VerifierSources> {
  const { standard, optimized } = reg.verifierSources;
  const vk = standard && optimized ? undefined : await verificationKey(api, reg.artifact);
  return {
    standard: { name: reg.verifierNames.standard, source: standard ?? (await solidityVerifier(api, vk!, reg.verifierNames.standard, false)) },
    optimized: { name: reg.verifierNames.optimized, source: optimized ?? (await solidityVerifier(api, vk!, reg.verifierNames.optimized, true)) },
  };
}

/**
 * For a shape without a registration circuit (MOCK registration verifier): the provider's real
 * commitment (from the settlement witness, so the settlement proof matches what the contract
 * stores) and its rows and salt encrypted as noir/README.md specifies (packed with the shape's packing,
 * Poseidon2 key stream from the ECDH point), with no proof.
 */
async function unprovenRegistration(api: Barretenberg, round: RoundData, commitment: bigint, i: number, context: bigint, ownerKey: GrumpkinPoint): Promise<ChainRegistration> {
  const p = round.providers[i]!;
  const e = (0xbe1c4n + BigInt(i)) % FIELD_MODULUS;
  const used = Math.ceil(p.rows.length / shape.r);
  const plaintext = chunk(p.rows, used, shape).flatMap((slots) => packChunk(slots, shape));
  while (plaintext.length < 3 * shape.ncp) plaintext.push(0n);
  plaintext.push(p.salt);
  const ciphertext = addStream(plaintext, await keyStream(api, multiply(ownerKey, e), shape.ciphertextLength));
  const stats = await statsCommitment(api, statsOf(p.rows, shape.d), p.salt, p.payee, context);
  return { registration: { payee: p.payee, commitment, statsCommitment: stats, numRows: p.rows.length, ownerKey, ephemeralKey: multiplyGenerator(e), ciphertext } };
}

async function main(): Promise<void> {
  const loadAvg = os.loadavg()[0] ?? 0;
  log(`${variant.about}; K = ${variant.k}, ${variant.rows} rows, d = ${variant.d}; ${runs} run(s) after a warm-up`);

  let artifact: CircuitArtifact;
  let compileMs: number | null = null;
  const circuit = variant.circuit ?? 'zkml';
  if (variant.source === 'artifact') {
    artifact = readArtifact(circuit === 'zkml' ? settlementCircuitName(shape) : `register-${shape.name}`);
  } else {
    log(`compiling the ${circuit === 'zkml' ? 'settlement' : 'registration'} circuit (noir_wasm)`);
    [artifact, compileMs] = await timed(() => compileBuild({ circuit, shape }));
  }

  // bb.js gives the native bb HARDWARE_CONCURRENCY = min(16, cores) threads when none is set.
  const threads = Math.min(16, os.cpus().length);
  const api = await startProvingBarretenberg({ log });
  const pid = bbPid();
  if (pid === undefined) log('warning: could not identify the bb process; its peak memory will be missing');
  try {
    const stats = await circuitStats(api, artifact);
    log(`${stats.numGates} gates, dyadic ${stats.numGatesDyadic}`);
    const [vk, vkMs] = await timed(() => verificationKey(api, artifact));

    const round = benchRound(variant, 42n);
    const samples: RunSamples = { witnessMs: [], tsWitnessMs: [], executeMs: [], proveMs: [], verifyMs: [] };
    let proofBytes = 0;
    let publicInputs = 0;
    const ourPids = pid === undefined ? [process.pid] : [process.pid, pid];
    const otherCpu: number[] = [];
    let discarded = 0;
    let disturbedKept = 0;
    for (let i = 0; i <= runs; i++) {
      const label = i === 0 ? 'warm-up' : `run ${i}/${runs}`;
      if (i > 0) await waitForQuiet(ourPids);
      const before = cpuSnapshot(ourPids);
      const { solved, tsMs, executeMs } = circuit === 'zkml' ? await witness(api, artifact, round) : await registrationWitness(api, artifact);
      const [proof, proveMs] = await timed(() => proveEvm(api, artifact, solved));
      const [ok, verifyMs] = await timed(() => verifyEvm(api, vk, proof));
      if (!ok) throw new Error('bb rejected its own proof');
      const other = otherCpuPercent(before, cpuSnapshot(ourPids));
      proofBytes = proof.proof.length;
      publicInputs = proof.publicInputs.length;
      const line = `${label}: witness ${(tsMs + executeMs).toFixed(0)} ms (TS ${tsMs.toFixed(0)} + execute ${executeMs.toFixed(0)}), prove ${proveMs.toFixed(0)} ms, verify ${verifyMs.toFixed(1)} ms; other processes ${other ?? '?'} % CPU`;
      if (i > 0 && other !== null && other > maxOtherCpu && discarded < MAX_DISCARDED && budgetLeft()) {
        discarded++;
        log(`${line} — disturbed (> ${maxOtherCpu} %), discarded and repeated (${discarded}/${MAX_DISCARDED})`);
        i--;
        continue;
      }
      log(line);
      if (i === 0) continue;
      if (other !== null) otherCpu.push(other);
      if (other !== null && other > maxOtherCpu) disturbedKept++;
      samples.witnessMs.push(tsMs + executeMs);
      samples.tsWitnessMs.push(tsMs);
      samples.executeMs.push(executeMs);
      samples.proveMs.push(proveMs);
      samples.verifyMs.push(verifyMs);
    }
    const bb = pid === undefined ? undefined : procStatus(pid);
    const nodePeak = nodePeakRssMb();
    log(`peak RSS: bb ${bb ? bb.peakRssMb.toFixed(0) : '?'} MiB (${bb?.threads ?? '?'} OS threads), node ${nodePeak.toFixed(0)} MiB`);

    // The registration circuit of the shape (only shipped shapes have one; sweep points are timing only).
    const reg = variant.gas ? findRegisterCircuit(shape) : { missing: 'not measured for sweep points (timing only)' };
    const regCircuit = 'missing' in reg ? null : reg;
    let registerGates: number | null = null;
    let registerDyadicSize: number | null = null;
    if (regCircuit) {
      const s = await circuitStats(api, regCircuit.artifact);
      registerGates = s.numGates;
      registerDyadicSize = s.numGatesDyadic;
      log(`registration circuit ${regCircuit.name}: ${s.numGates} gates, dyadic ${s.numGatesDyadic}`);
    } else if (variant.gas) {
      log(`registration: ${(reg as { missing: string }).missing}; the MOCK registration verifier stands in (no register gas reported)`);
    }

    let gas: Measurement['gas'] = null;
    let gasNote: string | undefined;
    const registerProveMs: number[] = [];
    let registerProofBytes: number | null = null;
    let registerFullProveMs: number | null = null;
    if (!variant.gas) {
      gasNote = 'not measured for sweep points (timing only)';
    } else if (skipGas) {
      gasNote = 'skipped (--skip-gas)';
    } else {
      const base = await buildWitness(api, round, shape);
      const prove = async (context: bigint): Promise<ChainProof> => {
        const { w, solved } = await witness(api, artifact, { ...round, context });
        const proof = await proveEvm(api, artifact, solved);
        const v = w.publicValues;
        return { proof: proof.proof, publicInputs: proof.publicInputs, weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley };
      };
      const register = async (i: number, context: bigint, ownerKey: GrumpkinPoint): Promise<ChainRegistration> => {
        if (!regCircuit) return unprovenRegistration(api, round, await providerCommitment(api, round.providers[i]!.rows, round.providers[i]!.salt, round.providers[i]!.payee, shape), i, context, ownerKey);
        const p = round.providers[i]!;
        const w = await buildRegistrationWitness(api, context, { rows: p.rows, salt: p.salt, payee: p.payee, ownerKey }, regCircuit.shape);
        if (context === round.context && w.publicValues.statsCommitment !== base.publicValues.statsCommitments[i]) {
          throw new Error(`provider ${i + 1}: the registration's statistics commitment differs from the settlement circuit's`);
        }
        const { witness: solved } = await new Noir(toCompiledCircuit(regCircuit.artifact)).execute(w.inputs);
        const [proof, ms] = await timed(() => proveEvm(api, regCircuit.artifact, solved));
        registerProveMs.push(ms);
        registerProofBytes = proof.proof.length;
        return { registration: w.publicValues, proof };
      };
      const registerFull = async (context: bigint, ownerKey: GrumpkinPoint): Promise<ChainRegistration> => {
        const rc = regCircuit!;
        const rows = benchRows(3000 + shape.nTrain, shape.nTrain, shape.d);
        const w = await buildRegistrationWitness(api, context, { rows, salt: 0xf011n, payee: round.providers[0]!.payee, ownerKey }, rc.shape);
        const { witness: solved } = await new Noir(toCompiledCircuit(rc.artifact)).execute(w.inputs);
        const [proof, ms] = await timed(() => proveEvm(api, rc.artifact, solved));
        registerFullProveMs = ms;
        return { registration: w.publicValues, proof };
      };
      try {
        gas = await measureGas({
          registerFull: regCircuit ? registerFull : null,
          shape,
          settlement: await settlementSources(api, vk),
          registration: regCircuit ? await registrationSources(api, regCircuit) : null,
          validation: await (async () => {
            const v = await validationProof(api, round);
            if (v.commitment !== base.publicValues.validationCommitment) throw new Error("the validation proof's statistics commitment differs from the settlement circuit's");
            return v;
          })(),
          lambda: round.lambda,
          register,
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
      registerArtifact: regCircuit ? regCircuit.name : null,
      ...(regCircuit ? {} : { registerNote: (reg as { missing: string }).missing }),
      registerGates,
      registerDyadicSize,
      registerProveMs,
      registerProofBytes,
      registerFullProveMs,
      bbPeakRssMb: bb?.peakRssMb ?? null,
      nodePeakRssMb: nodePeak,
      threads,
      bbOsThreads: bb?.threads ?? null,
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      loadAvg: Math.round(loadAvg * 100) / 100,
      otherCpuPct: otherCpu.length > 0 ? Math.max(...otherCpu) : null,
      discardedRuns: discarded,
      disturbedRunsKept: disturbedKept,
      quietWaitMs: Math.round(waitedMs),
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
