/**
 * The demo: one whole incentive round of the fair-rounds protocol on an embedded local chain, with
 * real tools end to end, played as the named steps of steps.ts:
 *
 *  1. generateData (data.ts): by default a round at real scale from the shipped NOAA weather
 *     table: P station-years of 300 seeded days each (x = temp_min, y = temp_max), one per provider
 *     account (anvil accounts 1..P), one with reversed labels, and the owner's 400 held-out days, on
 *     the shape k8d1n4096p512e5; or (`data: 'synthetic'`) the paper's synthetic data (y = 2x + 1 +
 *     0.1·N(0,1), 100 rows, 32 validation rows) on the paper's shape k8d1n128. The round's shape
 *     is picked by name from the deployment.
 *  2. startChain, 3. deploy: anvil from node_modules on a free port; `script/Deploy.s.sol` (real
 *     forge, `--broadcast --slow`, the verifiers of every shape in script/shapes.json), its record
 *     written from forge's broadcast file into a temporary folder under `deployments/` (forge's
 *     broadcast files too), removed as soon as it is read.
 *  4. startProver: Barretenberg.
 *  5. deriveOwnerKey: the owner (account 0) derives its Grumpkin key from its signature.
 *  6. createRound: the owner commits to its validation set with a fresh salt and opens a sealed
 *     round with its key, an ETH pool, λ, a deposit, the fair-share row cap and the minimum windows
 *     (1 h registration, 1 h delivery, 1 day submission).
 *  7. registerProviders: each provider encrypts its rows and a fresh salt to the owner's key, proves
 *     the registration, keeps the delivery and registers its commitments with the deposit
 *     (`registerProvider`): nothing decryptable is on chain yet.
 *  8. closeRegistration: anvil's clock moves past the registration deadline: the set is fixed.
 *  9. deliverProviders: each provider delivers its ciphertext and proof (`deliverRegistration`),
 *     checked on-chain against what it registered.
 * 10. settle: the owner settles from the chain alone (`settleRound`: decrypt, prove, submit).
 * 11. claim: each provider claims its deposit and share (`claimRewards`); 12. withdraw.
 *
 * Every step reports the gas of its transactions (deliveries also per row), and so does the report.
 * Every claimable amount, credit and balance change is checked against the contract's allocation
 * rule recomputed off-chain (allocation.ts), to the wei; any difference throws {@link DemoError}.
 */
import { MAX_PROVIDERS, MIN_PROVIDERS, fromFixed, lambdaFixed } from '../data/index.js';
import type { Anvil } from '../dev/index.js';
import { InputError } from '../errors/index.js';
import { PACKAGE_ROOT } from '../files/index.js';
import { INPUT_SCALE, MODEL_SCALE, VALUE_SCALE, fieldHex } from '../protocol/index.js';
import { type ZkmlProver, toProofFile, writeProofFile } from '../prover/index.js';
import { Progress } from '../terminal/index.js';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatEther, parseEther } from 'viem';
import { allocateSealed } from './allocation.js';
import { DEMO_DATA_KINDS, type DemoDataKind } from './data.js';
import { writeReport, type DemoRecord } from './report.js';
import {
  DemoError,
  claim,
  closeRegistration,
  connectAccounts,
  createRound,
  deploy,
  deployedShapeId,
  deriveOwnerKey,
  gasPerRow,
  generateData,
  registerProviders,
  deliverProviders,
  settle,
  startChain,
  startProver,
  withdraw,
  type StepContext,
} from './steps.js';

export { DemoError, shortAddress } from './steps.js';

/** The smallest λ the contract accepts (MIN_LAMBDA = 100 = 0.01·10^4). */
const MIN_LAMBDA_FIXED = 100n;

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The round's data: `weather` (default, the shipped NOAA table at real scale) or `synthetic` (the paper's). */
  data?: DemoDataKind;
  /** Seed of the data; default 1 (salts and the ephemeral keys are always fresh). */
  seed?: number;
  /** Number of providers P, 4..8; default 5. */
  providers?: number;
  /** Which provider (1..P) has poisoned labels; 0 for none; default P (the last). */
  poisoned?: number;
  /** Reward pool in wei; default 10 ETH. */
  reward?: bigint;
  /** Ridge parameter λ as a decimal string; default "0.01". */
  lambda?: string;
  /** Output folder; default `out/demo` in the repository. */
  outDir?: string;
  /** No progress on stderr. */
  quiet?: boolean;
  /** Where the progress goes (default stderr). */
  progressWrite?: (text: string) => void;
  /** CRS folder; default `$CRS_PATH`, else the offline copy `../shared/crs` beside the repository if present. */
  crsPath?: string;
}

/** The demo's CRS default: `$CRS_PATH`, else the offline copy beside the repository (CI's layout). */
function demoCrsPath(explicit?: string): string | undefined {
  if (explicit) return explicit;
  if (process.env.CRS_PATH) return process.env.CRS_PATH;
  const beside = join(PACKAGE_ROOT, '..', 'shared', 'crs');
  return existsSync(join(beside, 'bn254_g1.dat')) ? beside : undefined;
}

/** What {@link runDemo} returns: the record written to `run.json`, the printed summary and the files. */
export interface DemoResult {
  record: DemoRecord;
  summary: string;
  files: { summary: string; record: string; chartSvg: string; chartPng: string; training: string; validation: string; proof: string; salts: string; payees: string };
}

function checkOptions(o: DemoOptions): Required<Omit<DemoOptions, 'progressWrite'>> {
  const seed = o.seed ?? 1;
  const providers = o.providers ?? 5;
  const bad = (m: string) => new InputError('INPUT_BAD_OPTION', m);
  const data = o.data ?? 'weather';
  if (!(DEMO_DATA_KINDS as readonly string[]).includes(data)) throw bad(`--data must be one of ${DEMO_DATA_KINDS.join(', ')}, got ${JSON.stringify(data)}.`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad(`--seed must be an integer from 0 to 4294967295, got ${seed}.`);
  if (!Number.isInteger(providers) || providers < MIN_PROVIDERS || providers > MAX_PROVIDERS) {
    throw bad(`--providers must be from ${MIN_PROVIDERS} to ${MAX_PROVIDERS} (the circuit holds ${MAX_PROVIDERS}), got ${providers}.`);
  }
  const poisoned = o.poisoned ?? providers;
  if (!Number.isInteger(poisoned) || poisoned < 0 || poisoned > providers) throw bad(`--poisoned must be from 1 to ${providers} (or 0 for none), got ${poisoned}.`);
  const reward = o.reward ?? parseEther('10');
  if (reward <= 0n || reward > parseEther('1000')) throw bad('--reward must be more than 0 and at most 1000 ETH (the owner is an anvil account with 10,000 ETH).');
  const lambda = o.lambda ?? '0.01';
  if (lambdaFixed(lambda) < MIN_LAMBDA_FIXED) throw bad(`--lambda must be at least 0.01 (the contract's minimum λ), got ${lambda}.`);
  return { data, seed, providers, poisoned, reward, lambda, outDir: resolve(o.outDir ?? join(PACKAGE_ROOT, 'out', 'demo')), quiet: o.quiet ?? false, crsPath: demoCrsPath(o.crsPath) ?? '' };
}

/** True if a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A temporary deployment folder `deployments/.demo-<pid>-<n>` (the record and forge's broadcast
 * files, which stay out of the deployer's `broadcast/`), removed by `dispose`: the demo calls it as soon as the deployment is read, and
 * it also runs when the process exits (e.g. after Ctrl-C). Folders of earlier demos whose process
 * is gone (killed before it could clean up) are removed first. `deployments/` itself is removed
 * if the demo created it and it is empty.
 */
function temporaryDeployments(): { dir: string; dispose: () => void } {
  const parent = join(PACKAGE_ROOT, 'deployments');
  const parentExisted = existsSync(parent);
  if (parentExisted) {
    for (const name of readdirSync(parent)) {
      const m = /^\.demo-(\d+)-/.exec(name);
      if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(join(parent, name), { recursive: true, force: true });
    }
  }
  const dir = `deployments/.demo-${process.pid}-${Date.now().toString(36)}`;
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    rmSync(join(PACKAGE_ROOT, dir), { recursive: true, force: true });
    try {
      if (!parentExisted && existsSync(parent) && readdirSync(parent).length === 0) rmSync(parent, { recursive: true, force: true });
    } catch {
      // best effort
    }
    process.off('exit', dispose);
  };
  process.on('exit', dispose);
  return { dir, dispose };
}

/** ETH with all 18 decimals trimmed of trailing zeros. */
const eth = (wei: bigint) => formatEther(wei);

/**
 * Plays the whole round (see the module comment) and writes the report into `outDir`.
 * Stops anvil and Barretenberg and removes the temporary deployment record, also on error.
 * @throws DemoError when the chain disagrees with the computed allocation; InputError for bad options
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const o = checkOptions(options);
  const P = o.providers;
  const started = new Date();
  // generateData, startChain, deploy, startProver, deriveOwnerKey, createRound, P registrations,
  // closeRegistration, settle (decrypt + witness, prove + submit), claim, withdraw.
  const progress = new Progress({ quiet: o.quiet, total: 11 + 2 * P, ...(options.progressWrite ? { write: options.progressWrite } : {}) });
  const ctx: StepContext = { progress, timings: {}, outDir: o.outDir };
  const out = (f: string) => join(o.outDir, f);
  const lambda = lambdaFixed(o.lambda);

  const data = await generateData(ctx, o.data, o.seed, P, o.poisoned);
  const names = data.training.providers;

  let anvil: Anvil | undefined;
  let prover: ZkmlProver | undefined;
  const deployments = temporaryDeployments();
  try {
    const chain = (anvil = await startChain(ctx));
    const ownerAccount = chain.accounts[0]!;
    const deployment = await deploy(ctx, chain, ownerAccount, deployments.dir);
    deployments.dispose(); // the addresses are in memory; leave nothing in the repository
    const { owner, clients } = await connectAccounts(chain, deployment.incentives, P);
    const shapeId = await deployedShapeId(owner, deployment, data.shape.name);
    writeFileSync(out('payees.json'), `${JSON.stringify(Object.fromEntries(names.map((n, i) => [n, clients[i]!.account!.address])), null, 2)}\n`);
    prover = await startProver(ctx, o.crsPath || undefined);

    const ownerKey = await deriveOwnerKey(ctx, ownerAccount, chain.chainId, deployment.incentives);
    const created = await createRound(ctx, owner, prover, { ownerKey, validationRows: data.validationRows, reward: o.reward, lambda, maxProviders: P, shape: data.shape, shapeId });
    const { roundId } = created;
    const registered = await registerProviders(ctx, clients, prover, roundId, data);
    await closeRegistration(ctx, chain, owner, roundId);
    await deliverProviders(ctx, clients, owner, roundId, registered);
    const { settled, verifierGas } = await settle(ctx, owner, prover, { chainId: chain.chainId, deployment, shapeId, created, ownerKey, registered });

    const proof = settled.proof;
    const v = proof.publicValues;
    writeProofFile(out('proof.json'), toProofFile(names, proof, settled.shape));
    writeFileSync(
      out('salts.json'),
      `${JSON.stringify({ providers: Object.fromEntries(registered.map((r) => [r.name, fieldHex(r.salt)])), validation: fieldHex(created.validationSalt) }, null, 2)}\n`,
    );

    const shapley = v.shapley.slice(0, P);
    const allocation = allocateSealed({ amount: o.reward, deposit: created.deposit, forfeited: 0, rowShareBps: 0, reservePerRow: o.reward }, shapley, registered.map((r) => r.rows.length));
    if (settled.tx.result.byRows !== allocation.byRows) throw new DemoError(`the contract settled with byRows = ${settled.tx.result.byRows}, the computed allocation says ${allocation.byRows}.`);
    const escrow = o.reward + created.deposit * BigInt(P);
    if (allocation.rewards.reduce((a, b) => a + b, 0n) !== escrow) throw new DemoError('the computed allocation does not add up to the pool and the deposits.');
    const claims = await claim(ctx, owner, clients, roundId, registered, allocation, escrow);
    const withdrawals = await withdraw(ctx, owner, ownerAccount.address, clients, registered, allocation, deployment.incentives);

    // Report -------------------------------------------------------------------------------------
    const num = (x: bigint, s: bigint) => fromFixed(x, s);
    const deployedShape = deployment.shapes[shapeId]!;
    const shapeArtifacts = deployment.artifacts[shapeId]!;
    const artifactName = (a: string) => a.split(':')[1] ?? a;
    const record: DemoRecord = {
      version: 3,
      command: `npm run demo -- ${o.data !== 'weather' ? `--data ${o.data} ` : ''}--seed ${o.seed} --providers ${P}${o.poisoned !== P ? ` --poisoned ${o.poisoned}` : ''}${o.lambda !== '0.01' ? ` --lambda ${o.lambda}` : ''}`,
      startedAt: started.toISOString(),
      seed: o.seed,
      data: {
        kind: data.kind,
        model: data.model,
        source: data.source,
        trainingRows: data.training.rows.length,
        validationRows: data.validation.rows.length,
        poisoned: data.poisoned ? { provider: names[data.poisoned.provider]!, mode: data.poisoned.mode } : null,
      },
      chain: {
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        incentives: deployment.incentives,
        shape: deployedShape.name,
        shapeId,
        settlementVerifier: deployedShape.settlementVerifier,
        registrationVerifier: deployedShape.registrationVerifier,
        validationVerifier: deployedShape.validationVerifier,
        settlementArtifact: artifactName(shapeArtifacts.settlementVerifier),
        registrationArtifact: artifactName(shapeArtifacts.registrationVerifier),
        validationArtifact: artifactName(shapeArtifacts.validationVerifier),
        deployer: ownerAccount.address,
      },
      round: {
        id: roundId.toString(),
        owner: ownerAccount.address,
        ownerKey: { x: fieldHex(ownerKey.publicKey.x), y: fieldHex(ownerKey.publicKey.y) },
        shape: created.shape.name,
        rewardWei: o.reward.toString(),
        rewardEth: eth(o.reward),
        depositWei: created.deposit.toString(),
        lambda: o.lambda,
        lambdaFixed: lambda.toString(),
        context: fieldHex(settled.round.context),
        validationCommitment: fieldHex(created.validationCommitment),
        registrationDeadline: created.registrationDeadline.toString(),
        deliveryDeadline: created.deliveryDeadline.toString(),
        submissionDeadline: created.submissionDeadline.toString(),
      },
      providers: registered.map((r, i) => ({
        name: r.name,
        account: r.account,
        rows: r.rows.length,
        holds: data.holds[i]!,
        poisoned: o.poisoned === i + 1,
        commitment: fieldHex(r.commitment),
        ciphertextElements: r.ciphertextLength,
        shapley: num(shapley[i]!, VALUE_SCALE),
        shapleyFixed: shapley[i]!.toString(),
        rewardWei: allocation.rewards[i]!.toString(),
        rewardEth: eth(allocation.rewards[i]!),
        claimableWei: claims[i]!.claimable.toString(),
        creditedWei: claims[i]!.credited.toString(),
        withdrawnWei: withdrawals[i]!.withdrawn.toString(),
        registerTx: r.tx,
        registerProveMs: Math.round(r.proveMs),
        withdrawTx: withdrawals[i]!.tx,
      })),
      owner: { account: ownerAccount.address, creditWei: (await owner.credits(ownerAccount.address)).toString() },
      allocation: {
        rule: allocation.byRows
          ? 'no φ is positive: the pool is split by rows (cumulative rounding)'
          : 'the pool is split by max(φ, 0) with cumulative rounding over the prefix sums',
        byRows: allocation.byRows,
      },
      model: {
        w: num(v.weights[0]!, MODEL_SCALE),
        b: num(v.intercept, MODEL_SCALE),
        trainLoss: num(v.trainLoss, VALUE_SCALE),
        grandCoalitionValue: num(proof.valuation.grandValue, VALUE_SCALE),
        lambda: num(lambda, INPUT_SCALE),
      },
      proof: {
        system: 'UltraHonk (Barretenberg, EVM target: zero-knowledge, keccak transcript)',
        bytes: proof.proof.length,
        publicInputs: proof.publicInputs.length,
        witnessMs: Math.round(proof.timings.witnessMs),
        proveMs: Math.round(proof.timings.proveMs),
        verifiedOffChain: true, // settleRound verifies before it sends anything
      },
      gas: {
        deploy: deployment.gasUsed.toString(),
        deployTransactions: deployment.transactions,
        createRound: created.tx.gasUsed.toString(),
        register: registered.map((r) => r.gas.toString()),
        deliver: registered.map((r) => r.deliveryGas.toString()),
        deliverPerRow: registered.map((r) => gasPerRow(r.deliveryGas, r.rows.length).toString()),
        submit: settled.tx.gasUsed.toString(),
        verifierEstimate: verifierGas.toString(),
        claim: claims.map((c) => c.gas.toString()),
        withdraw: withdrawals.map((w) => w.gas.toString()),
      },
      transactions: { createRound: created.tx.hash, submit: settled.tx.hash },
      checks: {
        dataRecoveredFromChain: true,
        balancesMatchAllocation: true,
        poisonedNegative: o.poisoned === 0 ? null : shapley[o.poisoned - 1]! < 0n,
        ownerCreditZero: true,
        contractEmptyAfterWithdrawals: true,
      },
      timingsMs: Object.fromEntries(Object.entries(ctx.timings).map(([k, t]) => [k, Math.round(t)])),
    };
    const files = writeReport(record, o.outDir);
    return {
      record,
      summary: files.summaryText,
      files: {
        summary: files.summary,
        record: files.record,
        chartSvg: files.chartSvg,
        chartPng: files.chartPng,
        training: out('training.csv'),
        validation: out('validation.csv'),
        proof: out('proof.json'),
        salts: out('salts.json'),
        payees: out('payees.json'),
      },
    };
  } finally {
    await prover?.destroy().catch(() => undefined);
    await anvil?.stop();
    deployments.dispose();
  }
}
