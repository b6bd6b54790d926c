/**
 * One real chain per test file: an anvil started here, every shipped shape deployed with the SDK
 * (real optimized verifiers), the owner's client and Grumpkin key (from its signature), and one
 * prover shared by every proof of the file. Plus the checks the chain tests repeat: a typed
 * refusal, a decoded contract revert, the cumulative-rounding payout, a withdrawal to the wei.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zeroAddress, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { expect } from 'vitest';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { ContractRevertError, connect, explainChainError, incentivesAbi, type ZkmlClient } from '../../../ts/chain/client.js';
import type { CreateRoundParams } from '../../../ts/chain/types.js';
import { deployContracts, type Deployment } from '../../../ts/chain/deploy.js';
import type { FixedRow } from '../../../ts/circuit/model.js';
import { ownerKeyFromSigner, type OwnerKey } from '../../../ts/crypto/owner-key.js';
import { ZkmlProver } from '../../../ts/prover/prover.js';
import { deliverRegistration } from '../../../ts/round/deliver-registration.js';
import { nextBlockTime } from '../../../ts/round/require-phase.js';
import type { PendingDelivery } from '../../../ts/round/pending-delivery.js';
import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';

/** The contract's minimum windows (checked against `limits()` by the client test). */
export const MIN_REGISTRATION_PERIOD = 3600;
export const MIN_DELIVERY_PERIOD = 3600;
export const MAX_REGISTRATION_PERIOD = 30 * 86_400;
export const MAX_DELIVERY_PERIOD = 7 * 86_400;
export const MAX_SUBMISSION_PERIOD = 30 * 86_400;
export const MIN_SUBMISSION_PERIOD = 86_400;
/** Windows the tests open rounds with: the minimum plus a margin for the blocks mined meanwhile. */
export const REGISTRATION_SECONDS = MIN_REGISTRATION_PERIOD + 600;
export const DELIVERY_SECONDS = MIN_DELIVERY_PERIOD;
export const SUBMISSION_SECONDS = MIN_SUBMISSION_PERIOD;
/** The registration deposit of the test rounds (0.001 ETH). */
export const TEST_DEPOSIT = 10n ** 15n;

export interface ChainEnv {
  anvil: Anvil;
  deployment: Deployment;
  /** Anvil account 0: deployer and round owner. */
  owner: ZkmlClient;
  ownerKey: OwnerKey;
  prover: ZkmlProver;
  /** The client sending from anvil account `i`. */
  as(i: number): ZkmlClient;
  address(i: number): Address;
  stop(): Promise<void>;
}

/** Starts anvil, deploys every shape, connects the owner, derives its key and starts a prover. */
export async function startChainEnv(): Promise<ChainEnv> {
  const anvil = await startAnvil();
  try {
    const deployment = await deployContracts({ rpcUrl: anvil.rpcUrl, account: anvil.accounts[0]!.privateKey, expectedChainId: anvil.chainId });
    const owner = await connect({ rpcUrl: anvil.rpcUrl, contract: deployment.incentives, expectedChainId: anvil.chainId, account: anvil.accounts[0]!.privateKey });
    const signer = privateKeyToAccount(anvil.accounts[0]!.privateKey);
    const ownerKey = await ownerKeyFromSigner(signer, anvil.chainId, deployment.incentives);
    const prover = await ZkmlProver.create();
    return {
      anvil,
      deployment,
      owner,
      ownerKey,
      prover,
      as: (i) => owner.as(anvil.accounts[i]!.privateKey),
      address: (i) => anvil.accounts[i]!.address,
      stop: async () => {
        await prover.destroy();
        await anvil.stop();
      },
    };
  } catch (err) {
    await anvil.stop();
    throw err;
  }
}

/** A round's validation set with its salt, commitment and validation proof (default shape). */
export interface Validation {
  rows: FixedRow[];
  salt: bigint;
  commitment: bigint;
  /** m and the validation proof `createRound` takes. */
  validationRows: number;
  validationProof: Uint8Array;
}

/** The validation proofs already made in this process, by rows and salt (a proof does not depend on the round). */
const validationProofs = new Map<string, Promise<Validation>>();

/** Commits to and proves a validation set of the default shape (once per rows and salt in a test process). */
export function commitValidation(env: ChainEnv, rows: FixedRow[], salt: bigint): Promise<Validation> {
  const key = JSON.stringify({ rows, salt }, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  let made = validationProofs.get(key);
  if (!made) {
    made = env.prover.proveValidation(rows, salt, DEFAULT_SHAPE).then((p) => ({ rows, salt, commitment: p.statsCommitment, validationRows: p.numRows, validationProof: p.proof }));
    validationProofs.set(key, made);
  }
  return made;
}

/**
 * The validation set of the proof fixture (`test/fixtures/validation_k8d1n128.json`, the default
 * shape): a real validation proof, read rather than proven, for tests that open rounds but never
 * settle them (a validation proof binds no round, chain or contract).
 */
export function fixtureValidation(): Validation {
  const f = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', `validation_${DEFAULT_SHAPE.name}.json`), 'utf8')) as {
    proof: string;
    statsCommitment: string;
    numRows: number;
    rows: Array<{ x: string[]; y: string }>;
    salt: string;
  };
  return {
    rows: f.rows.map((r) => ({ x: r.x.map(BigInt), y: BigInt(r.y) })),
    salt: BigInt(f.salt),
    commitment: BigInt(f.statsCommitment),
    validationRows: f.numRows,
    validationProof: Uint8Array.from(Buffer.from(f.proof.slice(2), 'hex')),
  };
}

/** The createRound parameters of a validation set. */
export const validationParams = (v: Validation) => ({ validationCommitment: v.commitment, validationRows: v.validationRows, validationProof: v.validationProof });

/** Creates an ETH round of the default shape with the minimum-plus-margin windows. */
export async function openRound(
  env: ChainEnv,
  p: { amount: bigint; validation: Validation; lambda?: bigint; maxProviders?: number } & Partial<CreateRoundParams>,
): Promise<{ roundId: bigint; params: CreateRoundParams }> {
  const dl = await env.owner.deadlinesFromNow(REGISTRATION_SECONDS, DELIVERY_SECONDS, SUBMISSION_SECONDS);
  const params: CreateRoundParams = {
    ...dl,
    deposit: TEST_DEPOSIT,
    ownerKey: env.ownerKey.publicKey,
    lambda: 100n,
    maxProviders: DEFAULT_SHAPE.k,
    ...validationParams(p.validation),
    ...p,
  };
  const tx = await env.owner.createRound(params);
  return { roundId: tx.result.roundId, params };
}

/** Expects `promise` to reject with a ZkmlError of `code`; returns the error. */
export async function rejectsWith<E extends Error & { code: string }>(promise: Promise<unknown>, code: string): Promise<E> {
  const err = await promise.then(
    () => new Error(`expected a rejection with ${code}, but it resolved`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  expect((err as E).code, (err as Error).message).toBe(code);
  return err as E;
}

/** Expects `promise` to reject with the contract's custom error `errorName`, decoded. */
export async function reverts(promise: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<ContractRevertError> {
  const err = await rejectsWith<ContractRevertError>(promise, `CONTRACT_${errorName}`);
  expect(err).toBeInstanceOf(ContractRevertError);
  expect(err.errorName).toBe(errorName);
  if (args) expect(err.args).toEqual(args);
  return err;
}

/**
 * What the contract itself answers to `createRound(params)` (a simulation straight to the node,
 * bypassing the client's own checks), decoded like every client error.
 */
export async function contractCreateRound(env: ChainEnv, p: CreateRoundParams): Promise<void> {
  const asset = p.asset ?? zeroAddress;
  const round = {
    shapeId: BigInt(p.shapeId ?? 0),
    asset,
    amount: p.amount,
    validationCommitment: p.validationCommitment,
    validationRows: BigInt(p.validationRows),
    lambda: p.lambda,
    maxProviders: BigInt(p.maxProviders),
    maxRowsPerProvider: BigInt(p.maxRowsPerProvider ?? 0),
    deposit: p.deposit,
    rowShareBps: BigInt(p.rowShareBps ?? 0),
    reservePerRow: p.reservePerRow ?? p.amount,
    registrationDeadline: p.registrationDeadline,
    deliveryDeadline: p.deliveryDeadline,
    submissionDeadline: p.submissionDeadline,
    ownerKey: [p.ownerKey.x, p.ownerKey.y] as const,
    allowlist: [...(p.allowlist ?? [])],
  };
  try {
    await env.owner.publicClient.simulateContract({
      address: env.deployment.incentives,
      abi: incentivesAbi,
      functionName: 'createRound',
      args: [round, `0x${Buffer.from(p.validationProof).toString('hex')}`],
      value: asset === zeroAddress ? p.amount : 0n,
      account: env.owner.account!,
    });
  } catch (err) {
    throw explainChainError(err, 'creating the round');
  }
}

/** Cumulative rounding of `pool` over weights ≥ 0 (the one off-chain copy, `ts/demo/allocation.ts`). */
export { cumulativeShares } from '../../../ts/demo/allocation.js';

/** Withdraws `client`'s ETH credit and checks its balance moved by exactly credit − gas. */
export async function withdrawToTheWei(client: ZkmlClient): Promise<bigint> {
  const address = client.account!.address;
  const credit = await client.credits(address);
  const before = await client.balance(address);
  const w = await client.withdraw();
  expect(w.result.amount).toBe(credit);
  const receipt = await client.publicClient.getTransactionReceipt({ hash: w.hash });
  expect(await client.balance(address)).toBe(before + credit - receipt.gasUsed * receipt.effectiveGasPrice);
  expect(await client.credits(address)).toBe(0n);
  return credit;
}

export async function nonceOf(client: ZkmlClient, address: Address): Promise<number> {
  return client.publicClient.getTransactionCount({ address });
}

/** A submission the verifier must refuse (or a check before it): one weight, zero everything. */
export const DUMMY_SUBMISSION = { weights: [0n], intercept: 0n, trainLoss: 0n, shapley: [0n], proof: '0x00' as Hex };

/** Moves anvil's clock past round `roundId`'s registration deadline: delivery opens. */
export async function closeRegistration(env: Pick<ChainEnv, 'anvil' | 'owner'>, roundId: bigint): Promise<void> {
  const [round, from] = await Promise.all([env.owner.getRound(roundId), nextBlockTime(env.owner)]);
  if (from < round.registrationDeadline) await env.anvil.increaseTime(Number(round.registrationDeadline - from) + 2);
}

/**
 * Closes registration and delivers every kept delivery (each from its registering client), in
 * order: once every registered slot has delivered, submission is open.
 */
export async function deliverAll(env: Pick<ChainEnv, 'anvil' | 'owner'>, roundId: bigint, deliveries: readonly { client: ZkmlClient; delivery: PendingDelivery }[]): Promise<bigint[]> {
  await closeRegistration(env, roundId);
  const gas: bigint[] = [];
  for (const d of deliveries) gas.push((await deliverRegistration(d.client, d.delivery)).tx.gasUsed);
  return gas;
}
