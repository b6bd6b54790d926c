/**
 * The demo: one whole incentive round on an embedded local chain, with real tools end to end.
 *
 * 1. The paper's synthetic data (y = 2x + 1 + 0.1·N(0,1), one feature, 100 rows), seeded, split
 *    among P provider accounts (anvil accounts 1..P), one of them with reversed labels; the owner's
 *    32 validation rows.
 * 2. anvil from node_modules on a free port; deployment with `script/Deploy.s.sol` (real forge,
 *    real generated verifier) into a temporary folder under `deployments/`, removed afterwards.
 * 3. The owner (account 0) commits to the validation set and creates the round with an ETH reward;
 *    every provider computes its own commitment (bound to its address) and registers from its
 *    own account; the chain's clock moves past the registration deadline.
 * 4. The owner builds the witness, proves (UltraHonk, EVM target) and submits; every provider with
 *    a credit and the owner withdraw.
 * 5. Every credit and every balance change is checked against the allocation computed off-chain,
 *    to the wei; any difference throws {@link DemoError}.
 *
 * Salts are derived from the seed so that a run is reproducible (commitments included); a real
 * provider draws its salt at random (`zkml commit` does).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeFunctionData, formatEther, keccak256, parseAbi, parseEther, stringToBytes, type Address, type Hex } from 'viem';
import { PACKAGE_ROOT } from '../package-root.js';
import { startAnvil, type Anvil } from '../chain/anvil.js';
import { connect, type ZkmlClient } from '../chain/client.js';
import { forgeDeploy } from './forge-deploy.js';
import { providerCommitment, validationCommitment } from '../circuit/commitment.js';
import type { RoundData } from '../circuit/witness.js';
import { NCV } from '../circuit/params.js';
import { Progress } from '../terminal/progress.js';
import { formatTrainingCsv, formatValidationCsv, rowsOf } from '../data/csv.js';
import { fromFixed } from '../data/fixed-point.js';
import { MAX_PROVIDERS, MIN_PROVIDERS, generateSynthetic, type SyntheticDataset } from '../data/synthetic.js';
import { ZkmlError } from '../errors.js';
import { roundContext } from '../protocol/context.js';
import { FIELD_MODULUS, INPUT_SCALE, MODEL_SCALE, VALUE_SCALE, fieldHex } from '../protocol/layout.js';
import { ZkmlProver } from '../prover/prover.js';
import { toProofFile, writeProofFile } from '../prover/proof-file.js';
import { fixedRows, lambdaFixed } from '../round/dataset.js';
import { writeSalts, type Salts } from '../round/salts.js';
import { allocate } from './allocation.js';
import { writeReport, type DemoRecord } from './report.js';

/** The demo found the chain disagreeing with the computed allocation (or another broken promise). */
export class DemoError extends ZkmlError {
  constructor(message: string) {
    super('DEMO_MISMATCH', message);
    this.name = 'DemoError';
  }
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Seed of the data (and of the salts); default 1. */
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

const REGISTRATION_SECONDS = 3600;
const SUBMISSION_SECONDS = 86_400;
const verifierAbi = parseAbi(['function verify(bytes proof, bytes32[] publicInputs) view returns (bool)']);

/** A salt derived from the seed (reproducible demo only; real salts are random). */
export function demoSalt(seed: number, label: string): bigint {
  const v = BigInt(keccak256(stringToBytes(`zkml-demo/${seed}/${label}`))) % FIELD_MODULUS;
  return v === 0n ? 1n : v;
}

function checkOptions(o: DemoOptions): Required<Omit<DemoOptions, 'progressWrite'>> {
  const seed = o.seed ?? 1;
  const providers = o.providers ?? 5;
  const bad = (m: string) => new ZkmlError('INPUT_BAD_OPTION', m);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw bad(`--seed must be an integer from 0 to 4294967295, got ${seed}.`);
  if (!Number.isInteger(providers) || providers < MIN_PROVIDERS || providers > MAX_PROVIDERS) {
    throw bad(`--providers must be from ${MIN_PROVIDERS} to ${MAX_PROVIDERS} (the circuit holds ${MAX_PROVIDERS}), got ${providers}.`);
  }
  const poisoned = o.poisoned ?? providers;
  if (!Number.isInteger(poisoned) || poisoned < 0 || poisoned > providers) throw bad(`--poisoned must be from 1 to ${providers} (or 0 for none), got ${poisoned}.`);
  const reward = o.reward ?? parseEther('10');
  if (reward <= 0n || reward > parseEther('1000')) throw bad('--reward must be more than 0 and at most 1000 ETH (the owner is an anvil account with 10,000 ETH).');
  const lambda = o.lambda ?? '0.01';
  lambdaFixed(lambda); // throws a clear InputError for NaN or negative λ
  return { seed, providers, poisoned, reward, lambda, outDir: resolve(o.outDir ?? join(PACKAGE_ROOT, 'out', 'demo')), quiet: o.quiet ?? false, crsPath: demoCrsPath(o.crsPath) ?? '' };
}

/** Short display of an address: 0x7099…79C8. */
export const shortAddress = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

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
 * A temporary deployment folder `deployments/.demo-<pid>-<n>` (forge may only write under
 * `deployments/`), removed by `dispose`: the demo calls it as soon as the deployment is read, and
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
  const progress = new Progress({ quiet: o.quiet, total: 11 + P, ...(options.progressWrite ? { write: options.progressWrite } : {}) });
  const timings: Record<string, number> = {};
  const timed = async <T>(key: string, label: string, fn: () => Promise<T> | T, note?: (r: T) => string): Promise<T> => {
    const step = progress.start(label);
    const t0 = performance.now();
    try {
      const r = await fn();
      timings[key] = performance.now() - t0;
      step.done(note?.(r));
      return r;
    } catch (err) {
      step.fail();
      throw err;
    }
  };

  // 1. Data ------------------------------------------------------------------------------------
  const data: SyntheticDataset = await timed('data', `generating the data (seed ${o.seed}, ${P} providers)`, () =>
    generateSynthetic({ seed: o.seed, providers: P, ...(o.poisoned > 0 ? { poison: { provider: o.poisoned - 1, mode: 'reverse' as const } } : {}) }),
  );
  const names = data.training.providers;
  mkdirSync(o.outDir, { recursive: true });
  const out = (f: string) => join(o.outDir, f);
  writeFileSync(out('training.csv'), formatTrainingCsv(data.training));
  writeFileSync(out('validation.csv'), formatValidationCsv(data.validation));
  const salts: Salts = { providers: Object.fromEntries(names.map((n) => [n, demoSalt(o.seed, n)])), validation: demoSalt(o.seed, 'validation') };
  writeSalts(out('salts.json'), salts);
  const lambda = lambdaFixed(o.lambda);

  let anvil: Anvil | undefined;
  let prover: ZkmlProver | undefined;
  const deployments = temporaryDeployments();
  try {
    // 2. Chain and deployment --------------------------------------------------------------------
    anvil = await timed('anvil', 'starting anvil (embedded, free port)', () => startAnvil(), (a) => a.rpcUrl);
    const chain = anvil;
    const ownerKey = chain.accounts[0]!;
    const providerKeys = chain.accounts.slice(1, P + 1);
    const deployment = await timed('deploy', 'deploying with script/Deploy.s.sol (forge)', () =>
      forgeDeploy({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, testKey: ownerKey.privateKey, deploymentsDir: deployments.dir }),
    );
    deployments.dispose(); // the addresses are in memory; leave nothing in the repository
    const owner = await connect({ rpcUrl: chain.rpcUrl, contract: deployment.incentives, expectedChainId: chain.chainId, account: ownerKey.privateKey, pollingInterval: 50 });
    const clientOf = (i: number): ZkmlClient => owner.as(providerKeys[i]!.privateKey);
    const payees = Object.fromEntries(names.map((n, i) => [n, providerKeys[i]!.address]));
    writeFileSync(out('payees.json'), `${JSON.stringify(payees, null, 2)}\n`);

    prover = await timed('bb', 'starting Barretenberg', () => { const crsPath = demoCrsPath(options.crsPath); return ZkmlProver.create(crsPath ? { crsPath } : {}); });
    const api = prover.barretenberg;

    // 3. Round: create, register, close ---------------------------------------------------------
    const validationRows = fixedRows(data.validation.rows);
    const created = await timed(
      'createRound',
      `owner commits to ${validationRows.length} validation rows and creates the round (${eth(o.reward)} ETH)`,
      async () => {
        const vc = await validationCommitment(api, validationRows, salts.validation, NCV);
        const deadlines = await owner.deadlinesFromNow(REGISTRATION_SECONDS, SUBMISSION_SECONDS);
        const tx = await owner.createRound({ amount: o.reward, validationCommitment: vc, lambda, maxProviders: P, ...deadlines });
        return { tx, validationCommitment: vc, ...deadlines };
      },
      (r) => `gas ${r.tx.gasUsed.toLocaleString('en-US')}`,
    );
    const roundId = created.tx.result.roundId;

    const registered: { name: string; account: Address; rows: number; commitment: bigint; index: number; gas: bigint; tx: Hex }[] = [];
    for (const [i, name] of names.entries()) {
      const account = providerKeys[i]!.address;
      const rows = fixedRows(rowsOf(data.training, name));
      const r = await timed(
        `register${i + 1}`,
        `${name} (${shortAddress(account)}) commits to its ${rows.length} rows and registers`,
        async () => {
          const commitment = await providerCommitment(api, rows, salts.providers[name]!, BigInt(account));
          const tx = await clientOf(i).register(roundId, commitment);
          return { commitment, tx };
        },
        (x) => `gas ${x.tx.gasUsed.toLocaleString('en-US')}`,
      );
      if (r.tx.result.index !== i) throw new DemoError(`${name} registered in slot ${r.tx.result.index}, expected slot ${i}.`);
      registered.push({ name, account, rows: rows.length, commitment: r.commitment, index: i, gas: r.tx.gasUsed, tx: r.tx.hash });
    }
    await timed('close', 'registration deadline passes (anvil: evm_increaseTime)', async () => {
      await chain.increaseTime(REGISTRATION_SECONDS + 1);
      const phase = await owner.phase(roundId);
      if (phase !== 'Submission') throw new DemoError(`round ${roundId} is in phase ${phase} after the registration deadline, expected Submission.`);
    });

    // 4. Prove, verify, submit --------------------------------------------------------------------
    const context = await owner.roundContext(roundId);
    if (context !== roundContext(chain.chainId, deployment.incentives, roundId)) throw new DemoError('the contract computes a different round context than the SDK.');
    const round: RoundData = {
      providers: names.map((name, i) => ({ name, rows: fixedRows(rowsOf(data.training, name)), salt: salts.providers[name]!, payee: BigInt(providerKeys[i]!.address) })),
      validation: { rows: validationRows, salt: salts.validation },
      lambda,
      context,
    };
    let step = progress.start('building the witness (every coalition\'s model, Shapley values)');
    const proof = await prover.prove(round, (s) => {
      if (s === 'prove') {
        step.done();
        step = progress.start('proving (UltraHonk, EVM target)');
      }
    });
    step.done(`${proof.proof.length.toLocaleString('en-US')} bytes`);
    timings['witness'] = proof.timings.witnessMs;
    timings['prove'] = proof.timings.proveMs;
    const proofFile = toProofFile(names, proof);
    writeProofFile(out('proof.json'), proofFile);
    const v = proof.publicValues;
    for (const r of registered) {
      if (v.commitments[r.index] !== r.commitment) throw new DemoError(`the proof's commitment of ${r.name} differs from the one it registered.`);
    }
    const verifiedOffChain = await timed('verify', 'verifying off-chain (bb)', () => prover!.verify(proof.proof, proof.publicInputs));
    if (!verifiedOffChain) throw new DemoError('the fresh proof did not verify off-chain.');

    const submission = { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley, proof: proof.proof };
    const onChainInputs = await owner.publicInputs(roundId, submission);
    if (onChainInputs.some((x, i) => x !== BigInt(proof.publicInputs[i]!))) throw new DemoError('the contract builds different public inputs than the proof carries.');
    const verifierGas = await owner.publicClient.estimateGas({
      to: deployment.verifier,
      data: encodeFunctionData({ abi: verifierAbi, functionName: 'verify', args: [proofFile.proof as Hex, proof.publicInputs as Hex[]] }),
    });
    const submitted = await timed('submit', 'submitting the proof (on-chain verification and payout)', () => owner.submit(roundId, submission), (tx) => `gas ${tx.gasUsed.toLocaleString('en-US')}`);
    if ((await owner.phase(roundId)) !== 'Settled') throw new DemoError(`round ${roundId} is not settled after the submission.`);

    // 5. Allocation, credits, withdrawals, balances -----------------------------------------------
    const shapley = v.shapley.slice(0, P);
    const allocation = allocate(o.reward, shapley);
    if (submitted.result.remainder !== allocation.remainder) {
      throw new DemoError(`the contract credited the owner a remainder of ${submitted.result.remainder} wei, the computed allocation says ${allocation.remainder} wei.`);
    }
    const receiptCost = async (hash: Hex) => {
      const receipt = await owner.publicClient.getTransactionReceipt({ hash });
      return { gas: receipt.gasUsed, cost: receipt.gasUsed * receipt.effectiveGasPrice };
    };
    const payouts = await timed('withdraw', `withdrawals (${P} providers and the owner), balances checked to the wei`, async () => {
      const withdraw = async (client: ZkmlClient, address: Address, expected: bigint, who: string) => {
        const credit = await owner.credits(address);
        if (credit !== expected) throw new DemoError(`${who} (${address}) was credited ${credit} wei, the computed allocation says ${expected} wei.`);
        if (expected === 0n) return { credited: credit, withdrawn: 0n, tx: null as Hex | null, gas: 0n };
        const before = await owner.balance(address);
        const tx = await client.withdraw();
        const { gas, cost } = await receiptCost(tx.hash);
        const after = await owner.balance(address);
        const received = after - before + cost;
        if (tx.result.amount !== expected || received !== expected) {
          throw new DemoError(`${who} (${address}) withdrew ${tx.result.amount} wei and its balance grew by ${received} wei (gas included), but it was owed ${expected} wei.`);
        }
        if ((await owner.credits(address)) !== 0n) throw new DemoError(`${who} still has a credit after withdrawing.`);
        return { credited: credit, withdrawn: received, tx: tx.hash, gas };
      };
      const providers = [];
      for (const [i, r] of registered.entries()) providers.push(await withdraw(clientOf(i), r.account, allocation.rewards[i]!, r.name));
      const ownerPayout = await withdraw(owner, ownerKey.address, allocation.remainder, 'the owner');
      const left = await owner.balance(deployment.incentives);
      if (left !== 0n) throw new DemoError(`the contract still holds ${left} wei after every withdrawal; it should hold nothing.`);
      return { providers, owner: ownerPayout };
    });

    // 6. Report ---------------------------------------------------------------------------------
    const num = (x: bigint, s: bigint) => fromFixed(x, s);
    const record: DemoRecord = {
      version: 1,
      command: `npm run demo -- --seed ${o.seed} --providers ${P}${o.poisoned !== P ? ` --poisoned ${o.poisoned}` : ''}`,
      startedAt: started.toISOString(),
      seed: o.seed,
      data: {
        model: 'y = 2x + 1 + 0.1·N(0,1), x ~ U(0,1)',
        trainingRows: data.training.rows.length,
        validationRows: data.validation.rows.length,
        poisoned: o.poisoned > 0 ? { provider: names[o.poisoned - 1]!, mode: 'labels reversed, y → −y' } : null,
      },
      chain: {
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        incentives: deployment.incentives,
        verifier: deployment.verifier,
        verifierArtifact: deployment.verifierArtifact,
        deployer: ownerKey.address,
      },
      round: {
        id: roundId.toString(),
        owner: ownerKey.address,
        rewardWei: o.reward.toString(),
        rewardEth: eth(o.reward),
        lambda: o.lambda,
        lambdaFixed: lambda.toString(),
        context: fieldHex(context),
        validationCommitment: fieldHex(created.validationCommitment),
        registrationDeadline: created.registrationDeadline.toString(),
        submissionDeadline: created.submissionDeadline.toString(),
      },
      providers: registered.map((r, i) => ({
        name: r.name,
        account: r.account,
        rows: r.rows,
        poisoned: o.poisoned === i + 1,
        commitment: fieldHex(r.commitment),
        shapley: num(shapley[i]!, VALUE_SCALE),
        shapleyFixed: shapley[i]!.toString(),
        rewardWei: allocation.rewards[i]!.toString(),
        rewardEth: eth(allocation.rewards[i]!),
        creditedWei: payouts.providers[i]!.credited.toString(),
        withdrawnWei: payouts.providers[i]!.withdrawn.toString(),
        registerTx: r.tx,
        withdrawTx: payouts.providers[i]!.tx,
      })),
      owner: {
        account: ownerKey.address,
        remainderWei: allocation.remainder.toString(),
        withdrawnWei: payouts.owner.withdrawn.toString(),
        withdrawTx: payouts.owner.tx,
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
        verifiedOffChain,
      },
      gas: {
        createRound: created.tx.gasUsed.toString(),
        register: registered.map((r) => r.gas.toString()),
        submit: submitted.gasUsed.toString(),
        verifierEstimate: verifierGas.toString(),
        withdraw: [...payouts.providers.map((p) => p.gas.toString()), payouts.owner.gas.toString()],
      },
      transactions: { createRound: created.tx.hash, submit: submitted.hash },
      checks: {
        balancesMatchAllocation: true,
        poisonedNegative: o.poisoned === 0 ? null : shapley[o.poisoned - 1]! < 0n,
        contractEmptyAfterWithdrawals: true,
      },
      timingsMs: Object.fromEntries(Object.entries(timings).map(([k, t]) => [k, Math.round(t)])),
    };
    const files = writeReport(record, o.outDir);
    const summary = files.summaryText;
    return {
      record,
      summary,
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
