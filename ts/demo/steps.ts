/**
 * The demo's named steps, in the order `runDemo` (run.ts) plays them. Each step is one small
 * function that does one thing of the protocol through the SDK, reports itself on the progress
 * line, and checks what it can (any broken promise throws {@link DemoError}):
 *
 *   generateData → startChain → deploy → startProver → deriveOwnerKey → createRound →
 *   registerProviders → closeRegistration → deliverProviders → settle → claim → withdraw
 *
 * The round is sealed: providers register commitments and a deposit, and deliver their encrypted
 * data only after the registration deadline. Every step that sends transactions reports their gas
 * (registrations and deliveries also per row).
 */
import { type Deployment, type ZkmlClient, connect } from '../chain/index.js';
import type { FixedRow } from '../circuit/index.js';
import { type OwnerKey, ownerKeyFromSigner, randomSalt } from '../crypto/index.js';
import { formatTrainingCsv, formatValidationCsv } from '../data/index.js';
import { type Anvil, type AnvilAccount, startAnvil } from '../dev/index.js';
import { ZkmlError } from '../errors/index.js';
import { writeFileAtomic } from '../files/index.js';
import { type Shape, roundContext, shapeByName } from '../protocol/index.js';
import { ZkmlProver } from '../prover/index.js';
import { type PendingDelivery, type SettledRound, claimRewards, deliverRegistration, registerProvider, settleRound } from '../round/index.js';
import type { Progress } from '../terminal/index.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFunctionData, formatEther, parseAbi, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { SealedAllocation } from './allocation.js';
import { type DemoData, type DemoDataKind, demoData } from './data.js';
import { forgeDeploy, type ShapeArtifacts } from './forge-deploy.js';

/** The demo found the chain disagreeing with the computed allocation (or another broken promise). */
export class DemoError extends ZkmlError {
  constructor(message: string) {
    super('DEMO_MISMATCH', message);
    this.name = 'DemoError';
  }
}

/** Registration window of the demo's round: the contract's minimum (MIN_REGISTRATION_PERIOD). */
export const REGISTRATION_SECONDS = 3600;
/** Delivery window of the demo's round: the contract's minimum (MIN_DELIVERY_PERIOD). */
export const DELIVERY_SECONDS = 3600;
/** Submission window of the demo's round: the contract's minimum (MIN_SUBMISSION_PERIOD). */
export const SUBMISSION_SECONDS = 86_400;
/** The demo's registration deposit: a tenth of the reward shared by the slots (reward / (10 · P)). */
export const depositFor = (reward: bigint, providers: number): bigint => {
  const d = reward / BigInt(10 * providers);
  return d > 0n ? d : 1n;
};
/** Short display of an address: 0x7099…79C8. */
export const shortAddress = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const gas = (g: bigint) => g.toLocaleString('en-US');
/** Gas per row, rounded to the unit: `1,234 per row`. */
export const gasPerRow = (g: bigint, rows: number) => (rows > 0 ? (g + BigInt(rows) / 2n) / BigInt(rows) : 0n);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** What every step gets: the progress line, the timings it records, the output folder. */
export interface StepContext {
  progress: Progress;
  timings: Record<string, number>;
  outDir: string;
}

/** Runs `fn` as one progress step `label`, recording its time under `key`. */
export async function step<T>(ctx: StepContext, key: string, label: string, fn: () => Promise<T> | T, note?: (r: T) => string): Promise<T> {
  const s = ctx.progress.start(label);
  const t0 = performance.now();
  try {
    const r = await fn();
    ctx.timings[key] = performance.now() - t0;
    s.done(note?.(r));
    return r;
  } catch (err) {
    s.fail();
    throw err;
  }
}

/**
 * Step 1: the round's data (data.ts: the shipped weather table or the paper's synthetic data),
 * split among the providers (one of them poisoned), checked to fit its shape and written as CSV
 * (`training.csv`, `validation.csv`: what `zkml value` takes).
 */
export function generateData(ctx: StepContext, kind: DemoDataKind, seed: number, providers: number, poisoned: number): Promise<DemoData> {
  return step(
    ctx,
    'data',
    kind === 'weather' ? `drawing the data from the NOAA weather table (seed ${seed}, ${providers} station-years)` : `generating the synthetic data (seed ${seed}, ${providers} providers)`,
    () => {
      const data = demoData(kind, seed, providers, poisoned);
      mkdirSync(ctx.outDir, { recursive: true });
      writeFileAtomic(join(ctx.outDir, 'training.csv'), formatTrainingCsv(data.training));
      writeFileAtomic(join(ctx.outDir, 'validation.csv'), formatValidationCsv(data.validation));
      return data;
    },
    (d) => `${d.providerRows.map((r) => r.length).join(' + ')} rows, ${d.validationRows.length} validation rows, shape ${d.shape.name}`,
  );
}

/** Step 2: anvil from node_modules on a free port. */
export function startChain(ctx: StepContext): Promise<Anvil> {
  return step(ctx, 'anvil', 'starting anvil (embedded, free port)', () => startAnvil(), (a) => a.rpcUrl);
}

/** Gas of every block of the chain so far (a fresh anvil: every transaction sent to it). */
async function gasSoFar(chain: Anvil): Promise<{ gas: bigint; transactions: number }> {
  const latest = BigInt((await chain.rpc('eth_blockNumber')) as string);
  let total = 0n;
  let transactions = 0;
  for (let n = 1n; n <= latest; n++) {
    const block = (await chain.rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, false])) as { gasUsed: string; transactions: unknown[] };
    total += BigInt(block.gasUsed);
    transactions += block.transactions.length;
  }
  return { gas: total, transactions };
}

/** What {@link deploy} did: the deployment, its verifier artifacts and the gas of all its transactions. */
export type DeployedContracts = Deployment & { artifacts: ShapeArtifacts[]; gasUsed: bigint; transactions: number };

/**
 * Step 3: `forge script script/Deploy.s.sol` (every shape of script/shapes.json: settlement,
 * registration and validation verifiers), on the fresh chain: its gas is every block's.
 */
export function deploy(ctx: StepContext, chain: Anvil, deployer: AnvilAccount, deploymentsDir: string): Promise<DeployedContracts> {
  return step(
    ctx,
    'deploy',
    'deploying with script/Deploy.s.sol (forge): verifiers of every shape and ZKMLIncentives',
    async () => {
      const d = await forgeDeploy({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, testKey: deployer.privateKey, deploymentsDir });
      const spent = await gasSoFar(chain);
      return { ...d, gasUsed: spent.gas, transactions: spent.transactions };
    },
    (d) => `${d.incentives}, shapes ${d.shapes.map((s) => s.name).join(', ')}; ${d.transactions} transactions, gas ${gas(d.gasUsed)}`,
  );
}

/**
 * The id of the shape named `name` in the deployment (its position in script/shapes.json), checked
 * against the contract's own record of it.
 * @throws DemoError when the deployment lacks it or the contract records other parameters
 */
export async function deployedShapeId(owner: ZkmlClient, deployment: Deployment, name: string): Promise<number> {
  const id = deployment.shapes.findIndex((s) => s.name === name);
  if (id < 0) throw new DemoError(`the deployment has no shape ${name}; it deploys ${deployment.shapes.map((s) => s.name).join(', ')}.`);
  const shape = shapeByName(name);
  const onChain = await owner.getShape(id);
  if (onChain.k !== shape.k || onChain.d !== shape.d || onChain.nTrain !== shape.nTrain || onChain.nVal !== shape.nVal) {
    throw new DemoError(`shape ${id} of the deployment is k${onChain.k}d${onChain.d}n${onChain.nTrain} with ${onChain.nVal} validation rows, expected ${shape.name}.`);
  }
  return id;
}

/** Step 4: Barretenberg (one instance for every proof of the demo). */
export function startProver(ctx: StepContext, crsPath: string | undefined): Promise<ZkmlProver> {
  return step(ctx, 'bb', 'starting Barretenberg', () => ZkmlProver.create(crsPath ? { crsPath } : {}));
}

/**
 * Step 5: the owner signs the owner-key typed data (EIP-712; its domain names the chain id and the
 * contract) and derives its Grumpkin key from the signature: it has nothing extra to keep.
 */
export function deriveOwnerKey(ctx: StepContext, owner: AnvilAccount, chainId: number, contract: Address): Promise<OwnerKey> {
  const account = privateKeyToAccount(owner.privateKey);
  return step(
    ctx,
    'ownerKey',
    `owner (${shortAddress(owner.address)}) derives its Grumpkin encryption key from its signature`,
    () => ownerKeyFromSigner(account, chainId, contract),
    (k) => `key x = 0x${k.publicKey.x.toString(16).slice(0, 10)}…`,
  );
}

/** What {@link createRound} did. */
export interface CreatedRound {
  roundId: bigint;
  shape: Shape;
  tx: { hash: Hex; gasUsed: bigint };
  validationRows: FixedRow[];
  /** The validation set's fresh salt (the owner keeps it to settle). */
  validationSalt: bigint;
  validationCommitment: bigint;
  registrationDeadline: bigint;
  deliveryDeadline: bigint;
  submissionDeadline: bigint;
  /** The deposit of every registration. */
  deposit: bigint;
}

/**
 * Step 6: the owner commits to its validation set with a fresh salt, proves its statistics and
 * opens the round on the deployment's shape `shapeId` with its key, the ETH pool, λ, the deposit
 * ({@link depositFor}), the fair-share row cap and the minimum windows.
 */
export function createRound(
  ctx: StepContext,
  owner: ZkmlClient,
  prover: ZkmlProver,
  args: { ownerKey: OwnerKey; validationRows: FixedRow[]; reward: bigint; lambda: bigint; maxProviders: number; shape: Shape; shapeId: number },
): Promise<CreatedRound> {
  const { validationRows, shape } = args;
  return step(
    ctx,
    'createRound',
    `owner commits to ${validationRows.length} validation rows (fresh salt), proves their statistics and creates the round (${formatEther(args.reward)} ETH, shape ${shape.name})`,
    async () => {
      const validationSalt = randomSalt();
      const proof = await prover.proveValidation(validationRows, validationSalt, shape);
      const vc = proof.statsCommitment;
      const deadlines = await owner.deadlinesFromNow(REGISTRATION_SECONDS, DELIVERY_SECONDS, SUBMISSION_SECONDS);
      const deposit = depositFor(args.reward, args.maxProviders);
      const tx = await owner.createRound({
        shapeId: args.shapeId,
        amount: args.reward,
        validationCommitment: vc,
        validationRows: proof.numRows,
        validationProof: proof.proof,
        lambda: args.lambda,
        maxProviders: args.maxProviders,
        ownerKey: args.ownerKey.publicKey,
        deposit,
        ...deadlines,
      });
      return { roundId: tx.result.roundId, shape, tx, validationRows, validationSalt, validationCommitment: vc, deposit, ...deadlines };
    },
    (r) => `round ${r.roundId}, gas ${gas(r.tx.gasUsed)}`,
  );
}

/** One accepted registration. */
export interface RegisteredProvider {
  name: string;
  account: Address;
  index: number;
  rows: FixedRow[];
  salt: bigint;
  commitment: bigint;
  statsCommitment: bigint;
  ciphertextLength: number;
  /** Gas of the registration (commitments and deposit). */
  gas: bigint;
  proveMs: number;
  tx: Hex;
  /** The kept delivery, sent after the registration deadline. */
  delivery: PendingDelivery;
  /** Gas of the delivery (ciphertext and proof, verified on chain); 0 until delivered. */
  deliveryGas: bigint;
}

/**
 * Step 7: each provider, from its own account, encrypts its rows and a fresh salt to the owner's
 * key, proves the registration (commitment, encryption, ranges, bound to its address), keeps the
 * delivery and registers its commitments with the deposit: nothing decryptable is on chain yet.
 */
export async function registerProviders(ctx: StepContext, clients: readonly ZkmlClient[], prover: ZkmlProver, roundId: bigint, data: DemoData): Promise<RegisteredProvider[]> {
  const registered: RegisteredProvider[] = [];
  for (const [i, name] of data.training.providers.entries()) {
    const client = clients[i]!;
    const account = client.account!.address;
    const rows = data.providerRows[i]!;
    const r = await step(
      ctx,
      `register${i + 1}`,
      `${name} (${shortAddress(account)}, ${data.holds[i]}) encrypts its ${rows.length} rows to the owner, proves, keeps the delivery and registers its commitments with the deposit`,
      () => registerProvider(client, prover, { roundId, rows }),
      (x) => `prove ${seconds(x.proveMs)}, gas ${gas(x.tx.gasUsed)}`,
    );
    if (r.tx.result.index !== i) throw new DemoError(`${name} registered in slot ${r.tx.result.index}, expected slot ${i}.`);
    registered.push({
      name,
      account,
      index: i,
      rows,
      salt: r.salt,
      commitment: r.registration.commitment,
      statsCommitment: r.registration.statsCommitment,
      ciphertextLength: r.registration.ciphertext.length,
      gas: r.tx.gasUsed,
      proveMs: r.proveMs,
      tx: r.tx.hash,
      delivery: r.delivery,
      deliveryGas: 0n,
    });
  }
  return registered;
}

/** Step 8: anvil's clock moves past the registration deadline; the round must be in its delivery phase. */
export function closeRegistration(ctx: StepContext, chain: Anvil, owner: ZkmlClient, roundId: bigint): Promise<void> {
  return step(ctx, 'close', 'registration deadline passes (anvil time travel): the providers and their commitments are fixed', async () => {
    const [round, now] = await Promise.all([owner.getRound(roundId), owner.chainTime()]);
    await chain.increaseTime(Number(round.registrationDeadline - now) + 1);
    const phase = await owner.phase(roundId);
    if (phase !== 'Delivery') throw new DemoError(`round ${roundId} is in phase ${phase} after the registration deadline, expected Delivery.`);
  }, () => 'no transaction, gas 0');
}

/**
 * Step 9: each provider delivers its kept delivery (ciphertext and proof; the contract verifies the
 * proof against exactly what the provider registered). Once everyone has delivered the round is in
 * its submission phase at once.
 */
export async function deliverProviders(ctx: StepContext, clients: readonly ZkmlClient[], owner: ZkmlClient, roundId: bigint, registered: RegisteredProvider[]): Promise<void> {
  for (const r of registered) {
    const d = await step(
      ctx,
      `deliver${r.index + 1}`,
      `${r.name} delivers its ${r.rows.length} rows, encrypted, with the proof`,
      () => deliverRegistration(clients[r.index]!, r.delivery),
      (x) => `gas ${gas(x.tx.gasUsed)} (${gas(gasPerRow(x.tx.gasUsed, r.rows.length))} per row)`,
    );
    if (d.tx.result.settlementIndex !== r.index) throw new DemoError(`${r.name} delivered as settlement index ${d.tx.result.settlementIndex}, expected ${r.index}.`);
    r.deliveryGas = d.tx.gasUsed;
  }
  const phase = await owner.phase(roundId);
  if (phase !== 'Submission') throw new DemoError(`round ${roundId} is in phase ${phase} after every delivery, expected Submission.`);
}

/** What {@link settle} did. */
export interface Settlement {
  settled: SettledRound;
  /** Gas of the settlement verifier's `verify` alone (estimate). */
  verifierGas: bigint;
}

const verifierAbi = parseAbi(['function verify(bytes proof, bytes32[] publicInputs) view returns (bool)']);

/**
 * Step 10: the owner settles from the chain alone (`settleRound`): it decrypts every registration
 * from the contract's logs with its key, proves the settlement and submits it. The demo checks
 * that the owner recovered exactly each provider's rows and salt, and the round context.
 */
export async function settle(
  ctx: StepContext,
  owner: ZkmlClient,
  prover: ZkmlProver,
  args: { chainId: number; deployment: Deployment; shapeId: number; created: CreatedRound; ownerKey: OwnerKey; registered: readonly RegisteredProvider[] },
): Promise<Settlement> {
  const { roundId } = args.created;
  let current = ctx.progress.start('owner decrypts every registration from the chain and builds the witness');
  let t0 = performance.now();
  let settled: SettledRound;
  try {
    settled = await settleRound(
      owner,
      prover,
      roundId,
      { ownerSecret: args.ownerKey.secret, validation: { rows: args.created.validationRows, salt: args.created.validationSalt } },
      {
        fromBlock: args.deployment.blockNumber,
        onStep: (s) => {
          if (s !== 'prove') return;
          ctx.timings['decrypt+witness'] = performance.now() - t0;
          current.done();
          current = ctx.progress.start('proving the settlement (UltraHonk, EVM target), verifying off-chain and submitting');
          t0 = performance.now();
        },
      },
    );
  } catch (err) {
    current.fail();
    throw err;
  }
  ctx.timings['prove+submit'] = performance.now() - t0;
  current.done(`prove ${seconds(settled.proof.timings.proveMs)}, gas ${gas(settled.tx.gasUsed)}`);

  if (settled.round.context !== roundContext(args.chainId, args.deployment.incentives, roundId)) throw new DemoError('the contract computes a different round context than the SDK.');
  for (const r of args.registered) {
    const got = settled.round.providers[r.index];
    if (!got || got.payee !== BigInt(r.account) || got.salt !== r.salt || JSON.stringify(got.rows, bigintJson) !== JSON.stringify(r.rows, bigintJson)) {
      throw new DemoError(`the owner did not recover ${r.name}'s rows and salt from the chain exactly.`);
    }
    if (settled.proof.publicValues.statsCommitments[r.index] !== r.statsCommitment) throw new DemoError(`the settlement proof's statistics commitment of ${r.name} differs from the one it registered.`);
  }
  if ((await owner.phase(roundId)) !== 'Settled') throw new DemoError(`round ${roundId} is not settled after the submission.`);

  const verifier = args.deployment.shapes[args.shapeId]!.settlementVerifier;
  const verifierGas = await owner.publicClient.estimateGas({
    to: verifier,
    data: encodeFunctionData({ abi: verifierAbi, functionName: 'verify', args: [toHex(settled.proof.proof), settled.proof.publicInputs as Hex[]] }),
  });
  return { settled, verifierGas };
}

const bigintJson = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
const toHex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`;

/** One provider's claim. */
export interface ClaimOutcome {
  /** What the contract said was claimable before the claim. */
  claimable: bigint;
  /** The credit the claim added. */
  credited: bigint;
  gas: bigint;
}

/**
 * Step 11: each provider claims its own slot (`claimRewards`: lazily credits its share; a slot with
 * nothing to claim is skipped). Every claimable amount and credit is checked to the wei against
 * the allocation, and the round must have paid out the whole pool.
 */
export function claim(ctx: StepContext, owner: ZkmlClient, clients: readonly ZkmlClient[], roundId: bigint, registered: readonly RegisteredProvider[], allocation: SealedAllocation, pool: bigint): Promise<ClaimOutcome[]> {
  return step(
    ctx,
    'claim',
    `claims (each provider claims its slot), credits checked to the wei`,
    async () => {
      const out: ClaimOutcome[] = [];
      for (const r of registered) {
        const expected = allocation.rewards[r.index]!;
        const claimable = await owner.claimable(roundId, r.index);
        if (claimable !== expected) throw new DemoError(`slot ${r.index} (${r.name}) can claim ${claimable} wei, the computed allocation says ${expected} wei.`);
        const before = await owner.credits(r.account);
        const claimed = await claimRewards(clients[r.index]!, roundId, [r.index]);
        const credited = (await owner.credits(r.account)) - before;
        if (credited !== expected || (expected > 0n) !== (claimed.length === 1) || (claimed[0] && claimed[0].amount !== expected)) {
          throw new DemoError(`${r.name} (${r.account}) was credited ${credited} wei by its claim, the computed allocation says ${expected} wei.`);
        }
        out.push({ claimable, credited, gas: claimed[0]?.gasUsed ?? 0n });
      }
      const round = await owner.getRound(roundId);
      if (round.paidOut !== pool) throw new DemoError(`the round paid out ${round.paidOut} wei after every claim, the pool is ${pool} wei.`);
      return out;
    },
    (c) => `gas ${c.filter((x) => x.gas > 0n).map((x) => gas(x.gas)).join(', ') || '-'}`,
  );
}

/** One withdrawal. */
export interface WithdrawOutcome {
  /** Balance change plus the gas paid: what the account received. */
  withdrawn: bigint;
  tx: Hex | null;
  gas: bigint;
}

/**
 * Step 12: every provider with a credit withdraws it; each balance change (gas included) is
 * checked to the wei, the owner has no credit (F2: nothing of the pool goes back to it) and the
 * contract holds nothing at the end.
 */
export function withdraw(ctx: StepContext, owner: ZkmlClient, ownerAddress: Address, clients: readonly ZkmlClient[], registered: readonly RegisteredProvider[], allocation: SealedAllocation, contract: Address): Promise<WithdrawOutcome[]> {
  return step(ctx, 'withdraw', `withdrawals (${registered.length} providers), balances checked to the wei`, async () => {
    const out: WithdrawOutcome[] = [];
    for (const r of registered) {
      const expected = allocation.rewards[r.index]!;
      const credit = await owner.credits(r.account);
      if (credit !== expected) throw new DemoError(`${r.name} (${r.account}) holds a credit of ${credit} wei, the computed allocation says ${expected} wei.`);
      if (expected === 0n) {
        out.push({ withdrawn: 0n, tx: null, gas: 0n });
        continue;
      }
      const before = await owner.balance(r.account);
      const tx = await clients[r.index]!.withdraw();
      const receipt = await owner.publicClient.getTransactionReceipt({ hash: tx.hash });
      const received = (await owner.balance(r.account)) - before + receipt.gasUsed * receipt.effectiveGasPrice;
      if (tx.result.amount !== expected || received !== expected) {
        throw new DemoError(`${r.name} (${r.account}) withdrew ${tx.result.amount} wei and its balance grew by ${received} wei (gas included), but it was owed ${expected} wei.`);
      }
      if ((await owner.credits(r.account)) !== 0n) throw new DemoError(`${r.name} still has a credit after withdrawing.`);
      out.push({ withdrawn: received, tx: tx.hash, gas: tx.gasUsed });
    }
    const ownerCredit = await owner.credits(ownerAddress);
    if (ownerCredit !== 0n) throw new DemoError(`the owner was credited ${ownerCredit} wei; the pool must go to the providers only.`);
    const left = await owner.balance(contract);
    if (left !== 0n) throw new DemoError(`the contract still holds ${left} wei after every withdrawal; it should hold nothing.`);
    return out;
  }, (w) => `gas ${w.filter((x) => x.gas > 0n).map((x) => gas(x.gas)).join(', ') || '-'}`);
}

/** Connects the owner and the providers (anvil accounts 0 and 1..P) to the deployed contract. */
export async function connectAccounts(chain: Anvil, contract: Address, providers: number): Promise<{ owner: ZkmlClient; clients: ZkmlClient[] }> {
  const owner = await connect({ rpcUrl: chain.rpcUrl, contract, expectedChainId: chain.chainId, account: chain.accounts[0]!.privateKey, pollingInterval: 50 });
  const clients = chain.accounts.slice(1, providers + 1).map((a) => owner.as(a.privateKey));
  if (clients.length !== providers) throw new DemoError(`anvil has ${chain.accounts.length} accounts; ${providers} providers and the owner need ${providers + 1}.`);
  return { owner, clients };
}
