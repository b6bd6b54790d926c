/**
 * The chain client on a real anvil started here: every shipped shape deployed with the SDK (real
 * optimized verifiers), sealed registrations (`registerProvider`: commitments and deposit) and
 * deliveries with real registration proofs (`deliverRegistration`), a real settlement
 * (`settleRound`), claims and withdrawals to the wei. Every refusal is checked to be
 * typed and, for the contract's, decoded to a ContractRevertError with its errorName; refusals
 * the client makes itself are checked to send nothing (nonce unchanged).
 */
import { rmSync } from 'node:fs';
import { createWalletClient, decodeFunctionData, erc20Abi, getAddress, http, zeroAddress, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractRevertError, DEADLINE_SLACK_SECONDS, connect, incentivesAbi } from '../../../ts/chain/client.js';
import type { RegistrationArgs } from '../../../ts/chain/types.js';
import { deployContracts, parseDeployment, readDeployment, writeDeployment } from '../../../ts/chain/deploy.js';
import { valuate } from '../../../ts/circuit/model.js';
import { readForgeArtifact } from '../../../ts/codegen/abi.js';
import { ownerKeyFromSigner } from '../../../ts/crypto/owner-key.js';
import { ChainError, InputError } from '../../../ts/errors/index.js';
import { shapeDeployments } from '../../../ts/generated/bytecode.js';
import { roundContext } from '../../../ts/protocol/context.js';
import { FIELD_MODULUS } from '../../../ts/protocol/layout.js';
import { DEFAULT_SHAPE, makeShape } from '../../../ts/protocol/shapes/index.js';
import { claimRewards } from '../../../ts/round/claim-rewards.js';
import { deliverRegistration } from '../../../ts/round/deliver-registration.js';
import type { PendingDelivery } from '../../../ts/round/pending-delivery.js';
import { registerProvider } from '../../../ts/round/register-provider.js';
import { roundDataFromChain, settleRound } from '../../../ts/round/settle-round.js';
import { line } from '../helpers/datasets.js';
import {
  closeRegistration,
  commitValidation,
  contractCreateRound,
  DELIVERY_SECONDS,
  MAX_DELIVERY_PERIOD,
  MAX_REGISTRATION_PERIOD,
  MAX_SUBMISSION_PERIOD,
  MIN_DELIVERY_PERIOD,
  cumulativeShares,
  DUMMY_SUBMISSION,
  MIN_REGISTRATION_PERIOD,
  MIN_SUBMISSION_PERIOD,
  nonceOf,
  openRound,
  REGISTRATION_SECONDS,
  rejectsWith,
  reverts,
  startChainEnv,
  SUBMISSION_SECONDS,
  TEST_DEPOSIT,
  withdrawToTheWei,
  type ChainEnv,
  validationParams,
  type Validation,
} from '../helpers/chain.js';

const ETH = 10n ** 18n;
const DEPLOYMENTS_DIR = `deployments/.vitest-client-${process.pid}`;
const UNFUNDED_KEY = `0x${'42'.repeat(32)}` as const;

/** The proof bytes a mined `deliver` transaction carried. */
async function sentProof(hash: Hex): Promise<Hex> {
  const tx = await env.owner.publicClient.getTransaction({ hash });
  const call = decodeFunctionData({ abi: incentivesAbi, data: tx.input });
  if (call.functionName !== 'deliver') throw new Error(`${hash} is not a deliver call`);
  return call.args[3];
}

let env: ChainEnv;
beforeAll(async () => {
  env = await startChainEnv();
});
afterAll(async () => {
  await env?.stop();
  rmSync(DEPLOYMENTS_DIR, { recursive: true, force: true });
});

describe('deployment', () => {
  it('registers every shipped shape with its own three verifiers, and the documented limits', async () => {
    const shapes = await env.owner.shapes();
    expect(shapes).toHaveLength(shapeDeployments.length);
    expect(env.deployment.shapes.map((s) => s.name)).toEqual(shapeDeployments.map((s) => s.name));
    for (const [i, spec] of shapeDeployments.entries()) {
      const made = makeShape(spec.k, spec.d, spec.nTrain, { nProvider: spec.maxProviderRows, nVal: spec.nVal });
      expect(shapes[i]).toEqual({
        id: i,
        k: spec.k,
        d: spec.d,
        nTrain: spec.nTrain,
        maxProviderRows: spec.maxProviderRows,
        nVal: spec.nVal,
        ciphertextLength: made.ciphertextLength,
        settlementVerifier: env.deployment.shapes[i]!.settlementVerifier,
        registrationVerifier: env.deployment.shapes[i]!.registrationVerifier,
        validationVerifier: env.deployment.shapes[i]!.validationVerifier,
      });
      for (const v of [shapes[i]!.settlementVerifier, shapes[i]!.registrationVerifier, shapes[i]!.validationVerifier]) {
        expect((await env.owner.publicClient.getCode({ address: v }))?.length).toBeGreaterThan(10_000);
      }
    }
    const verifiers = env.deployment.shapes.flatMap((s) => [s.settlementVerifier, s.registrationVerifier, s.validationVerifier]);
    expect(new Set(verifiers).size).toBe(verifiers.length);
    await reverts(env.owner.getShape(shapeDeployments.length), 'ShapeNotFound', [BigInt(shapeDeployments.length)]);
    expect(await env.owner.limits()).toEqual({
      minLambda: 100n,
      lambdaBound: 2n ** 40n,
      minRegistrationPeriod: BigInt(MIN_REGISTRATION_PERIOD),
      maxRegistrationPeriod: BigInt(MAX_REGISTRATION_PERIOD),
      minDeliveryPeriod: BigInt(MIN_DELIVERY_PERIOD),
      maxDeliveryPeriod: BigInt(MAX_DELIVERY_PERIOD),
      minSubmissionPeriod: BigInt(MIN_SUBMISSION_PERIOD),
      maxSubmissionPeriod: BigInt(MAX_SUBMISSION_PERIOD),
    });
    expect(await env.owner.roundCount()).toBe(0n);
  });

  it('records the deployment and reads it back', () => {
    writeDeployment(env.deployment, DEPLOYMENTS_DIR);
    expect(readDeployment(env.anvil.chainId, DEPLOYMENTS_DIR)).toEqual(env.deployment);
    expect(() => readDeployment(4242, DEPLOYMENTS_DIR)).toThrow(expect.objectContaining({ code: 'NOT_DEPLOYED' }));
    expect(() => parseDeployment('{', 'd.json')).toThrow(expect.objectContaining({ code: 'DEPLOYMENT_INVALID' }));
    const record = JSON.stringify({ chainId: 31337, ZKMLIncentives: env.deployment.incentives, shapes: env.deployment.shapes });
    expect(() => parseDeployment(record, 'd.json', 1)).toThrow(expect.objectContaining({ code: 'WRONG_CHAIN' }));
  });

  it('refuses the wrong chain, an unreachable node and an unfunded deployer, sending nothing', async () => {
    const { rpcUrl } = env.anvil;
    const deployer = env.address(0);
    const nonce = await nonceOf(env.owner, deployer);
    await rejectsWith(deployContracts({ rpcUrl, account: env.anvil.accounts[0]!.privateKey, expectedChainId: 1 }), 'WRONG_CHAIN');
    await rejectsWith(deployContracts({ rpcUrl: 'http://127.0.0.1:9', account: env.anvil.accounts[0]!.privateKey }), 'RPC_UNREACHABLE');
    const poor = await rejectsWith(deployContracts({ rpcUrl, account: UNFUNDED_KEY }), 'UNFUNDED');
    expect(poor.message).toContain('Nothing was sent');
    expect(await nonceOf(env.owner, privateKeyToAccount(UNFUNDED_KEY).address)).toBe(0);
    expect(await nonceOf(env.owner, deployer)).toBe(nonce);
  });

  it('connect refuses the wrong chain, an address without a contract, an unreachable node, a bad address', async () => {
    const { rpcUrl, chainId } = env.anvil;
    const contract = env.deployment.incentives;
    await rejectsWith(connect({ rpcUrl, contract, expectedChainId: chainId + 1 }), 'WRONG_CHAIN');
    await rejectsWith(connect({ rpcUrl, contract: '0x000000000000000000000000000000000000dEaD' }), 'NO_CONTRACT');
    await rejectsWith(connect({ rpcUrl: 'http://127.0.0.1:9', contract }), 'RPC_UNREACHABLE');
    const bad = await rejectsWith(connect({ rpcUrl, contract: '0x1234' as Address }), 'INPUT_BAD_ADDRESS');
    expect(bad).toBeInstanceOf(InputError);
    const reader = await connect({ rpcUrl, contract });
    expect(reader.account).toBeUndefined();
    expect(await reader.shapeCount()).toBe(shapeDeployments.length);
    await rejectsWith(reader.withdraw(), 'KEY_MISSING');
  });

  it('the round context and the owner key are those the SDK computes off-chain', async () => {
    for (const id of [0n, 1n, 7n, 2n ** 200n]) {
      const onChain = await env.owner.roundContext(id);
      expect(onChain).toBe(roundContext(env.anvil.chainId, env.deployment.incentives, id));
      expect(onChain < FIELD_MODULUS).toBe(true);
    }
    const signer = privateKeyToAccount(env.anvil.accounts[0]!.privateKey);
    expect(await ownerKeyFromSigner(signer, env.anvil.chainId, env.deployment.incentives)).toEqual(env.ownerKey);
    const elsewhere = await ownerKeyFromSigner(signer, env.anvil.chainId, '0x000000000000000000000000000000000000dEaD');
    expect(elsewhere.secret).not.toBe(env.ownerKey.secret);
  });
});

describe('createRound refuses bad parameters before sending anything', () => {
  let validation: Validation;
  let another: Validation; // another validation set (another commitment, another row count)
  beforeAll(async () => {
    validation = await commitValidation(env, line(40, 8), 4040n);
    another = await commitValidation(env, line(41, 5), 4141n);
  });

  it('λ < 0.01, short or long windows, a bad owner key, too many providers, no amount, a bad deposit, row cap or share, no funds: typed, nonce unchanged', async () => {
    const owner = env.owner;
    const dl = await owner.deadlinesFromNow(REGISTRATION_SECONDS, DELIVERY_SECONDS, SUBMISSION_SECONDS);
    const ok = { ...dl, amount: ETH, deposit: TEST_DEPOSIT, ...validationParams(validation), lambda: 100n, maxProviders: 2, ownerKey: env.ownerKey.publicKey };
    const nonce = await nonceOf(owner, env.address(0));
    const now = await owner.chainTime();
    const cases = [
      { lambda: 99n },
      { lambda: 0n },
      { lambda: 2n ** 40n },
      { registrationDeadline: now + BigInt(MIN_REGISTRATION_PERIOD) - 1n, deliveryDeadline: now + 100_000n, submissionDeadline: now + 200_000n },
      { registrationDeadline: now + BigInt(MAX_REGISTRATION_PERIOD) + 700n, deliveryDeadline: now + BigInt(MAX_REGISTRATION_PERIOD) + 5_000n, submissionDeadline: now + BigInt(MAX_REGISTRATION_PERIOD) + 100_000n },
      { deliveryDeadline: dl.registrationDeadline + BigInt(MIN_DELIVERY_PERIOD) - 1n },
      { deliveryDeadline: dl.registrationDeadline + BigInt(MAX_DELIVERY_PERIOD) + 1n, submissionDeadline: dl.registrationDeadline + BigInt(MAX_DELIVERY_PERIOD) + 100_000n },
      { submissionDeadline: dl.deliveryDeadline + BigInt(MIN_SUBMISSION_PERIOD) - 1n },
      { submissionDeadline: dl.deliveryDeadline + BigInt(MAX_SUBMISSION_PERIOD) + 1n },
      { deposit: 0n },
      { deposit: ETH + 1n },
      { rowShareBps: 10_001 },
      { rowShareBps: -1 },
      { maxRowsPerProvider: DEFAULT_SHAPE.nTrain / 2 + 1 },
      { reservePerRow: -1n },
      { ownerKey: { x: 1n, y: 2n } },
      { ownerKey: { x: env.ownerKey.publicKey.x, y: env.ownerKey.publicKey.y + FIELD_MODULUS } },
      { maxProviders: DEFAULT_SHAPE.k + 1 },
      { maxProviders: 0 },
      { amount: 0n },
      { validationCommitment: FIELD_MODULUS },
      { validationRows: 0 },
      { validationRows: DEFAULT_SHAPE.nVal + 1 },
      { validationRows: 2.5 },
      { validationProof: new Uint8Array() },
    ];
    for (const bad of cases) {
      const err = await rejectsWith(owner.createRound({ ...ok, ...bad }), 'INPUT_BAD_ROUND');
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toContain('Nothing was sent');
    }
    // The validation set's size is checked against the shape's N_VAL, naming it.
    const empty = await rejectsWith(owner.createRound({ ...ok, validationRows: 0 }), 'INPUT_BAD_ROUND');
    expect(empty.message).toContain(`between 1 and ${DEFAULT_SHAPE.nVal} rows`);
    expect(empty.message).toContain('give at least one validation row');
    const large = await rejectsWith(owner.createRound({ ...ok, validationRows: DEFAULT_SHAPE.nVal + 1 }), 'INPUT_BAD_ROUND');
    expect(large.message).toContain(`use at most ${DEFAULT_SHAPE.nVal} rows`);
    const poor = await rejectsWith(owner.createRound({ ...ok, amount: 10n ** 30n }), 'UNFUNDED');
    expect(poor).toBeInstanceOf(ChainError);
    await rejectsWith(owner.createRound({ ...ok, shapeId: 99 }), 'CONTRACT_ShapeNotFound');
    expect(await nonceOf(owner, env.address(0))).toBe(nonce);
    expect(await owner.roundCount()).toBe(0n);
  });

  it('the contract itself refuses the same parameters, each decoded with its errorName', async () => {
    const dl = await env.owner.deadlinesFromNow(REGISTRATION_SECONDS, DELIVERY_SECONDS, SUBMISSION_SECONDS);
    const ok = { ...dl, amount: ETH, deposit: TEST_DEPOSIT, ...validationParams(validation), lambda: 100n, maxProviders: 2, ownerKey: env.ownerKey.publicKey };
    await expect(contractCreateRound(env, ok)).resolves.toBeUndefined();
    const nVal = BigInt(DEFAULT_SHAPE.nVal);
    await reverts(contractCreateRound(env, { ...ok, validationRows: 0 }), 'InvalidValidationRows', [0n, nVal]);
    const tooMany = await reverts(contractCreateRound(env, { ...ok, validationRows: DEFAULT_SHAPE.nVal + 1 }), 'InvalidValidationRows', [nVal + 1n, nVal]);
    expect(tooMany.message).toContain(`takes 1 to ${nVal}`);
    // The validation proof binds the commitment and the row count: another of either, or garbage, is refused.
    await reverts(contractCreateRound(env, { ...ok, validationCommitment: another.commitment }), 'InvalidProof');
    await reverts(contractCreateRound(env, { ...ok, validationRows: validation.validationRows + 1 }), 'InvalidProof');
    await reverts(contractCreateRound(env, { ...ok, validationProof: new Uint8Array([1, 2, 3]) }), 'InvalidProof');
    await reverts(contractCreateRound(env, { ...ok, validationProof: another.validationProof }), 'InvalidProof');
    await reverts(contractCreateRound(env, { ...ok, lambda: 99n }), 'LambdaOutOfRange', [99n]);
    await reverts(contractCreateRound(env, { ...ok, submissionDeadline: dl.deliveryDeadline + 10n }), 'SubmissionPeriodTooShort', [10n, BigInt(MIN_SUBMISSION_PERIOD)]);
    const long = BigInt(MAX_SUBMISSION_PERIOD) + 1n;
    const endless = await reverts(contractCreateRound(env, { ...ok, submissionDeadline: dl.deliveryDeadline + long }), 'SubmissionPeriodTooLong', [long, BigInt(MAX_SUBMISSION_PERIOD)]);
    expect(endless.message).toMatch(/longer than the maximum/);
    await reverts(contractCreateRound(env, { ...ok, deliveryDeadline: dl.registrationDeadline + 10n }), 'DeliveryPeriodTooShort', [10n, BigInt(MIN_DELIVERY_PERIOD)]);
    const longDelivery = BigInt(MAX_DELIVERY_PERIOD) + 1n;
    await reverts(
      contractCreateRound(env, { ...ok, deliveryDeadline: dl.registrationDeadline + longDelivery, submissionDeadline: dl.registrationDeadline + longDelivery + BigInt(MIN_SUBMISSION_PERIOD) }),
      'DeliveryPeriodTooLong',
      [longDelivery, BigInt(MAX_DELIVERY_PERIOD)],
    );
    await reverts(contractCreateRound(env, { ...ok, deposit: 0n }), 'DepositOutOfRange', [0n, ETH]);
    await reverts(contractCreateRound(env, { ...ok, deposit: ETH + 1n }), 'DepositOutOfRange', [ETH + 1n, ETH]);
    await reverts(contractCreateRound(env, { ...ok, rowShareBps: 10_001 }), 'RowShareOutOfRange', [10_001n]);
    const fair = BigInt(DEFAULT_SHAPE.nTrain / 2);
    await reverts(contractCreateRound(env, { ...ok, maxRowsPerProvider: Number(fair) + 1 }), 'InvalidMaxRowsPerProvider', [fair + 1n, fair]);
    await reverts(contractCreateRound(env, { ...ok, ownerKey: { x: 1n, y: 2n } }), 'InvalidOwnerKey', [1n, 2n]);
    await reverts(contractCreateRound(env, { ...ok, maxProviders: 9 }), 'InvalidMaxProviders', [9n]);
    await reverts(contractCreateRound(env, { ...ok, amount: 0n }), 'ZeroAmount');
    await reverts(contractCreateRound(env, { ...ok, validationCommitment: 0n }), 'InvalidValidationCommitment', [0n]);
    const late = await reverts(contractCreateRound(env, { ...ok, registrationDeadline: dl.registrationDeadline - 700n, deliveryDeadline: dl.deliveryDeadline, submissionDeadline: dl.submissionDeadline }), 'RegistrationPeriodTooShort');
    expect(late.args[1]).toBe(BigInt(MIN_REGISTRATION_PERIOD));
    expect(late.message).toMatch(/shorter than the minimum/);
  });
});

describe('createRound with a validation proof of another validation set', () => {
  it('is refused by the contract (InvalidProof, named by the SDK with what to do); nothing is mined', async () => {
    const [mine, theirs] = await Promise.all([commitValidation(env, line(40, 8), 4040n), commitValidation(env, line(41, 5), 4141n)]);
    expect(theirs.commitment).not.toBe(mine.commitment);
    const dl = await env.owner.deadlinesFromNow(REGISTRATION_SECONDS, DELIVERY_SECONDS, SUBMISSION_SECONDS);
    const nonce = await nonceOf(env.owner, env.address(0));
    const rounds = await env.owner.roundCount();
    // The commitment of one set with the proof (and row count) of another: every SDK check passes, the contract refuses.
    const err = await reverts(
      env.owner.createRound({ ...dl, amount: ETH, deposit: TEST_DEPOSIT, ...validationParams(theirs), validationCommitment: mine.commitment, lambda: 100n, maxProviders: 2, ownerKey: env.ownerKey.publicKey }),
      'InvalidProof',
    );
    expect(err.message).toMatch(/^creating the round was rejected by the contract \(InvalidProof\)/);
    expect(err.message).toContain('the validation proof must be of exactly this validation commitment and row count');
    expect(await nonceOf(env.owner, env.address(0))).toBe(nonce);
    expect(await env.owner.roundCount()).toBe(rounds);
  });
});

describe('an ETH round: register commitments, deliver with proofs, settle with a proof, claim and withdraw to the wei', () => {
  const pool = ETH + 7n; // odd: cumulative rounding must still pay out every wei
  const data = [line(1, 12), line(2, 8), line(3, 4, { a: -2, c: 3 })]; // the third is poisoned: φ < 0
  let validation: Validation;
  let roundId: bigint;
  let other: bigint; // an open round no one enters
  let copies: bigint; // a round where an outsider registers a copy of provider 1's commitments
  const args: RegistrationArgs[] = [];
  const deliveries: PendingDelivery[] = [];
  const salts: bigint[] = [];

  beforeAll(async () => {
    validation = await commitValidation(env, line(4, 16), 777n);
  });

  it('creates the round escrowing the pool', async () => {
    const before = await env.owner.balance(env.deployment.incentives);
    const created = await openRound(env, { amount: pool, validation, maxProviders: 3 });
    roundId = created.roundId;
    expect(roundId).toBe(1n);
    expect((await env.owner.balance(env.deployment.incentives)) - before).toBe(pool);
    expect(await env.owner.getRound(roundId)).toEqual({
      id: roundId,
      owner: env.address(0),
      shapeId: 0,
      asset: zeroAddress,
      amount: pool,
      validationCommitment: validation.commitment,
      validationRows: 16,
      lambda: 100n,
      maxProviders: 3,
      numProviders: 0,
      totalRows: 0,
      numDelivered: 0,
      deliveredRows: 0,
      maxRowsPerProvider: Math.floor(DEFAULT_SHAPE.nTrain / 3),
      deposit: TEST_DEPOSIT,
      rowShareBps: 0,
      reservePerRow: pool,
      status: 'Open',
      registrationDeadline: created.params.registrationDeadline,
      deliveryDeadline: created.params.deliveryDeadline,
      submissionDeadline: created.params.submissionDeadline,
      ownerKey: env.ownerKey.publicKey,
      restricted: false,
      positiveTotal: 0n,
      paidOut: 0n,
    });
    expect(await env.owner.phase(roundId)).toBe('Registration');
    other = (await openRound(env, { amount: 3n * ETH, validation, maxProviders: 8 })).roundId;
    copies = (await openRound(env, { amount: 2n * ETH, validation, maxProviders: 8 })).roundId;
  });

  it('registerProvider proves, keeps the delivery, then registers only the commitments with the deposit', async () => {
    const contractBefore = await env.owner.balance(env.deployment.incentives);
    for (const [i, rows] of data.entries()) {
      let kept: PendingDelivery | undefined;
      const r = await registerProvider(env.as(i + 1), env.prover, { roundId, rows, keep: (d) => void (kept = d) });
      expect(r.tx.result.index).toBe(i);
      expect(r.registration.numRows).toBe(rows.length);
      expect(kept).toEqual(r.delivery);
      // The registering transaction carries no ciphertext: only the commitments and the row count.
      const tx = await env.owner.publicClient.getTransaction({ hash: r.tx.hash });
      const call = decodeFunctionData({ abi: incentivesAbi, data: tx.input });
      expect(call.functionName).toBe('register');
      expect(call.args).toEqual([roundId, r.registration.commitment, r.registration.statsCommitment, BigInt(rows.length)]);
      expect(tx.value).toBe(TEST_DEPOSIT);
      args.push({ ...r.registration, proof: r.delivery.proof });
      deliveries.push(r.delivery);
      salts.push(r.salt);
    }
    expect(new Set(salts).size).toBe(3);
    expect((await env.owner.balance(env.deployment.incentives)) - contractBefore).toBe(3n * TEST_DEPOSIT);
    const providers = await env.owner.getProviders(roundId);
    expect(providers.map((p) => [p.provider, p.numRows, p.rowsBefore, p.claimed, p.delivered])).toEqual([
      [env.address(1), 12, 0, false, false],
      [env.address(2), 8, 0, false, false],
      [env.address(3), 4, 0, false, false],
    ]);
    expect(providers.map((p) => p.commitment)).toEqual(args.map((a) => a.commitment));
    expect(providers.map((p) => p.statsCommitment)).toEqual(args.map((a) => a.statsCommitment));
    expect(new Set(args.map((a) => a.statsCommitment)).size).toBe(3);
    const round = await env.owner.getRound(roundId);
    expect([round.numProviders, round.totalRows, round.numDelivered]).toEqual([3, 24, 0]);
    // Sealed: nothing to decrypt on chain before the registration deadline.
    expect(await env.owner.registrations(roundId)).toEqual([]);
    expect(await env.owner.providerIndex(roundId, env.address(2))).toBe(1);
    expect(await env.owner.providerIndex(roundId, env.address(4))).toBeUndefined();
    // An outsider copies provider 1's commitments into another round: registering a copy is possible, delivering it is not (below).
    await env.as(4).register(copies, { commitment: args[0]!.commitment, statsCommitment: args[0]!.statsCommitment, numRows: args[0]!.numRows }, await env.owner.getRound(copies));
  });

  it('refuses every bad registration before sending it, each decoded with its errorName', async () => {
    const outsider = env.as(4);
    const nonce = await nonceOf(env.owner, env.address(4));
    const a = { commitment: args[0]!.commitment, statsCommitment: args[0]!.statsCommitment, numRows: args[0]!.numRows };
    const [mainRound, otherRound] = await Promise.all([env.owner.getRound(roundId), env.owner.getRound(other)]);
    // registerProvider checks the round before proving.
    await rejectsWith(registerProvider(env.as(1), env.prover, { roundId, rows: data[0]! }), 'ALREADY_REGISTERED');
    await rejectsWith(registerProvider(outsider, env.prover, { roundId, rows: data[0]! }), 'ROUND_FULL');
    const capped = await rejectsWith(registerProvider(outsider, env.prover, { roundId: other, rows: line(5, otherRound.maxRowsPerProvider + 1) }), 'TOO_MANY_ROWS');
    expect(capped.message).toContain(`at most ${otherRound.maxRowsPerProvider} rows from one provider (its per-provider cap`);
    await rejectsWith(registerProvider(outsider, env.prover, { roundId: other, rows: [{ x: [1n, 2n], y: 3n }] }), 'BAD_COLUMNS');
    const readOnly = await connect({ rpcUrl: env.anvil.rpcUrl, contract: env.deployment.incentives });
    await rejectsWith(registerProvider(readOnly, env.prover, { roundId: other, rows: data[0]! }), 'KEY_MISSING');
    // The contract's checks, in its order.
    await reverts(outsider.register(999n, a, otherRound), 'RoundNotFound', [999n]);
    await reverts(env.as(1).register(roundId, a, mainRound), 'AlreadyRegistered', [roundId, env.address(1)]);
    await reverts(outsider.register(roundId, a, mainRound), 'RoundFull', [roundId]);
    await reverts(outsider.register(other, { ...a, numRows: 0 }, otherRound), 'InvalidNumRows', [0n]);
    // One provider above the round's fair-share cap (N_TRAIN / maxProviders) is refused.
    const cap = BigInt(otherRound.maxRowsPerProvider);
    await reverts(outsider.register(other, { ...a, numRows: Number(cap) + 1 }, otherRound), 'TooManyProviderRows', [cap + 1n, cap]);
    await reverts(outsider.register(other, { ...a, commitment: 0n }, otherRound), 'InvalidCommitment', [0n]);
    await reverts(outsider.register(other, { ...a, commitment: FIELD_MODULUS }, otherRound), 'InvalidCommitment', [FIELD_MODULUS]);
    await reverts(outsider.register(other, { ...a, statsCommitment: 0n }, otherRound), 'InvalidStatsCommitment', [0n]);
    const badStats = await reverts(outsider.register(other, { ...a, statsCommitment: FIELD_MODULUS }, otherRound), 'InvalidStatsCommitment', [FIELD_MODULUS]);
    expect(badStats.message).toMatch(/statistics commitment/);
    // Without the deposit (or with another amount) the contract refuses.
    await reverts(outsider.register(other, a, { ...otherRound, deposit: TEST_DEPOSIT - 1n }), 'DepositMismatch', [TEST_DEPOSIT - 1n, TEST_DEPOSIT]);
    expect(await nonceOf(env.owner, env.address(4))).toBe(nonce);
    expect((await env.owner.getRound(other)).numProviders).toBe(0);
  });

  it('an allowlisted round refuses everyone else', async () => {
    const dl = await env.owner.deadlinesFromNow(REGISTRATION_SECONDS, DELIVERY_SECONDS, SUBMISSION_SECONDS);
    const restricted = await env.owner.createRound({ ...dl, amount: 1n, deposit: 0n, ...validationParams(validation), lambda: 100n, maxProviders: 2, ownerKey: env.ownerKey.publicKey, allowlist: [env.address(5)] });
    const id = restricted.result.roundId;
    const info = await env.owner.getRound(id);
    expect([info.restricted, info.deposit]).toEqual([true, 0n]); // an allowlisted round may ask no deposit
    expect(await env.owner.isAllowed(id, env.address(5))).toBe(true);
    expect(await env.owner.isAllowed(id, env.address(6))).toBe(false);
    const a = { commitment: args[0]!.commitment, statsCommitment: args[0]!.statsCommitment, numRows: args[0]!.numRows };
    await reverts(env.as(6).register(id, a, info), 'NotAllowlisted', [id, env.address(6)]);
    expect((await env.as(5).register(id, a, info)).result.index).toBe(0);
  });

  it('before the registration deadline: no delivery, no submission, no claim, no reclaim', async () => {
    const round = await env.owner.getRound(roundId);
    await reverts(env.as(1).deliver(roundId, args[0]!), 'DeliveryNotOpen', [roundId, round.registrationDeadline]);
    await rejectsWith(deliverRegistration(env.as(1), deliveries[0]!), 'DELIVERY_NOT_OPEN');
    await reverts(env.owner.submit(roundId, DUMMY_SUBMISSION), 'SubmissionNotOpen', [roundId, round.deliveryDeadline]);
    await reverts(env.as(1).claim(roundId, 0), 'NotClaimable', [roundId]);
    await reverts(env.owner.reclaim(roundId), 'RoundNotExpired', [roundId]);
    await reverts(env.as(1).reclaim(roundId), 'NotRoundOwner', [roundId, env.address(1)]);
    await reverts(env.owner.claim(999n, 0), 'RoundNotFound', [999n]);
    await reverts(env.owner.getRound(999n), 'RoundNotFound', [999n]);
  });

  it('after it: registration is closed, each provider delivers exactly what it registered, an empty round is reclaimed', async () => {
    await closeRegistration(env, roundId);
    expect(await env.owner.phase(roundId)).toBe('Delivery');
    expect(await env.owner.phase(other)).toBe('Empty');
    await reverts(env.as(4).register(roundId, args[0]!, await env.owner.getRound(roundId)), 'RegistrationClosed', [roundId]);
    await reverts(env.owner.submit(roundId, DUMMY_SUBMISSION), 'SubmissionNotOpen');
    // The delivery's own checks, in the contract's order (from the outsider's copied slot).
    const outsider = env.as(4);
    const a = args[0]!;
    await reverts(env.as(5).deliver(copies, a), 'NotRegistered', [copies, env.address(5)]);
    await reverts(outsider.deliver(copies, { ...a, ciphertext: a.ciphertext.slice(1) }), 'WrongCiphertextLength', [BigInt(DEFAULT_SHAPE.ciphertextLength), BigInt(DEFAULT_SHAPE.ciphertextLength - 1)]);
    await reverts(outsider.deliver(copies, { ...a, ciphertext: [FIELD_MODULUS, ...a.ciphertext.slice(1)] }), 'InvalidCiphertext', [0n, FIELD_MODULUS]);
    await reverts(outsider.deliver(copies, { ...a, ephemeralKey: { x: 1n, y: 1n } }), 'InvalidEphemeralKey', [1n, 1n]);
    // The copied registration cannot be delivered: provider 1's real proof binds its own address and round.
    const copied = await reverts(outsider.deliver(copies, a), 'InvalidProof');
    expect(copied.message).toMatch(/verifier rejected the proof/);
    await rejectsWith(deliverRegistration(outsider, deliveries[0]!), 'DELIVERY_MISMATCH'); // the SDK refuses another account's delivery before sending
    // The honest deliveries: each slot's proof against what it registered.
    for (const [i, d] of deliveries.entries()) {
      const done = await deliverRegistration(env.as(i + 1), d);
      expect([done.index, done.tx.result.settlementIndex]).toEqual([i, i]);
      expect(await sentProof(done.tx.hash)).toBe(args[i]!.proof);
    }
    await rejectsWith(deliverRegistration(env.as(1), deliveries[0]!), 'ALREADY_DELIVERED');
    await reverts(env.as(1).deliver(roundId, args[0]!), 'AlreadyDelivered', [roundId, 0n]);
    // Everyone delivered: submission is open at once.
    expect(await env.owner.phase(roundId)).toBe('Submission');
    const providers = await env.owner.getProviders(roundId);
    expect(providers.map((p) => [p.rowsBefore, p.delivered, p.settlementIndex])).toEqual([
      [0, true, 0],
      [12, true, 1],
      [20, true, 2],
    ]);
    const events = await env.owner.registrations(roundId);
    expect(events.map((e) => e.provider)).toEqual([env.address(1), env.address(2), env.address(3)]);
    expect(events.every((e) => e.ciphertext.length === DEFAULT_SHAPE.ciphertextLength)).toBe(true);
    expect(new Set(events.map((e) => e.ephemeralKey.x)).size).toBe(3); // a fresh ephemeral key each
    expect(events.map((e) => e.ciphertext)).toEqual(args.map((a) => [...a.ciphertext]));
    expect(events.map((e) => e.statsCommitment)).toEqual(args.map((a) => a.statsCommitment));
    const kept = await reverts(env.owner.reclaim(roundId), 'RoundHasProviders', [roundId]);
    expect(kept.message).toContain('never back to the owner');
    await reverts(env.as(1).reclaim(other), 'NotRoundOwner', [other, env.address(1)]);
    const reclaimed = await env.owner.reclaim(other);
    expect(reclaimed.result.amount).toBe(3n * ETH);
    expect(await env.owner.phase(other)).toBe('Reclaimed');
    await reverts(env.owner.reclaim(other), 'RoundNotOpen', [other, 2]);
    expect(await withdrawToTheWei(env.owner)).toBe(3n * ETH);
    await reverts(env.owner.withdraw(), 'NothingToWithdraw', [zeroAddress]);
  });

  it('refuses malformed submissions: typed before sending, decoded from the contract', async () => {
    await rejectsWith(env.owner.submit(roundId, { ...DUMMY_SUBMISSION, weights: [0n, 0n] }), 'INPUT_BAD_SUBMISSION');
    await rejectsWith(env.owner.submit(roundId, { ...DUMMY_SUBMISSION, shapley: new Array(DEFAULT_SHAPE.k + 1).fill(0n) }), 'INPUT_TOO_MANY_VALUES');
    await reverts(env.owner.submit(roundId, { ...DUMMY_SUBMISSION, shapley: [0n, 0n, 0n, 1n] }), 'UnusedSlotNotZero', [3n]);
    await reverts(env.owner.submit(roundId, { ...DUMMY_SUBMISSION, shapley: [2n ** 120n] }), 'ValueOutOfRange', [2n ** 120n]);
    await reverts(env.owner.submit(roundId, { ...DUMMY_SUBMISSION, trainLoss: 2n ** 120n }), 'TrainLossOutOfRange', [2n ** 120n]);
    await reverts(env.owner.submit(other, DUMMY_SUBMISSION), 'RoundNotOpen', [other, 2]);
  });

  it('the owner recovers every provider\'s rows and salt from the chain alone; a tampered settlement is refused', async () => {
    const secrets = { ownerSecret: env.ownerKey.secret, validation: { rows: validation.rows, salt: validation.salt } };
    await rejectsWith(roundDataFromChain(env.prover.barretenberg, env.owner, roundId, { ...secrets, validation: { ...secrets.validation, salt: 1n } }), 'VALIDATION_MISMATCH');
    const { round } = await roundDataFromChain(env.prover.barretenberg, env.owner, roundId, secrets);
    expect(round.providers.map((p) => p.rows)).toEqual(data);
    expect(round.providers.map((p) => p.salt)).toEqual(salts);
    expect(round.providers.map((p) => p.payee)).toEqual([1, 2, 3].map((i) => BigInt(env.address(i))));
    expect(round.context).toBe(await env.owner.roundContext(roundId));
    const proof = await env.prover.prove(round, DEFAULT_SHAPE);
    const v = proof.publicValues;
    const good = { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley, proof: proof.proof };
    expect((await env.owner.publicInputs(roundId, good)).map((x) => `0x${x.toString(16).padStart(64, '0')}`)).toEqual(proof.publicInputs);
    const bumped = [...good.shapley];
    bumped[0] = bumped[0]! + 1n;
    await reverts(env.owner.submit(roundId, { ...good, shapley: bumped }), 'InvalidProof');
    await reverts(env.owner.submit(roundId, { ...good, intercept: good.intercept + 1n }), 'InvalidProof');
    const flipped = Uint8Array.from(good.proof);
    flipped[100] = flipped[100]! ^ 1;
    await reverts(env.owner.submit(roundId, { ...good, proof: flipped }), 'InvalidProof');
    expect((await env.owner.getRound(roundId)).status).toBe('Open');
  });

  it('settleRound decrypts, proves and settles; claims pay the deposit back plus max(φ, 0) shares to the wei; the owner gets nothing', async () => {
    const expected = valuate(data, validation.rows, 100n, DEFAULT_SHAPE).shapley.slice(0, 3);
    expect(expected[0]! > 0n && expected[1]! > 0n && expected[2]! < 0n).toBe(true);
    const contractBefore = await env.owner.balance(env.deployment.incentives);
    const settled = await settleRound(env.owner, env.prover, roundId, { ownerSecret: env.ownerKey.secret, validation: { rows: validation.rows, salt: validation.salt } });
    expect(settled.tx.result.byRows).toBe(false);
    const phi = settled.proof.publicValues.shapley.slice(0, 3);
    expect(phi).toEqual(expected);
    expect(settled.proof.publicValues.shapley.slice(3).every((x) => x === 0n)).toBe(true);
    expect(await env.owner.phase(roundId)).toBe('Settled');
    const round = await env.owner.getRound(roundId);
    const positive = phi.map((x) => (x > 0n ? x : 0n));
    expect(round.positiveTotal).toBe(positive[0]! + positive[1]!);
    await reverts(env.owner.submit(roundId, { ...DUMMY_SUBMISSION, proof: settled.proof.proof }), 'RoundNotOpen', [roundId, 1]);

    const shares = cumulativeShares(pool, positive).map((x) => x + TEST_DEPOSIT);
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(pool + 3n * TEST_DEPOSIT);
    expect(shares[2]).toBe(TEST_DEPOSIT); // the poisoned provider gets its deposit back, nothing more
    for (const i of [0, 1, 2]) expect(await env.owner.claimable(roundId, i)).toBe(shares[i]);
    await reverts(env.owner.claim(roundId, 3), 'ProviderNotFound', [roundId, 3n]);
    // Anyone may claim for anyone: the outsider's claims credit the providers.
    const claimed = await claimRewards(env.as(9), roundId);
    expect(claimed.map((c) => [c.index, c.provider, c.amount])).toEqual([
      [0, env.address(1), shares[0]],
      [1, env.address(2), shares[1]],
      [2, env.address(3), shares[2]],
    ]);
    expect(await claimRewards(env.as(9), roundId)).toEqual([]); // idempotent
    await reverts(env.owner.claim(roundId, 0), 'AlreadyClaimed', [roundId, 0n]);
    expect((await env.owner.getRound(roundId)).paidOut).toBe(pool + 3n * TEST_DEPOSIT);
    expect(await env.owner.credits(env.address(9))).toBe(0n);
    expect(await env.owner.credits(env.address(0))).toBe(0n);
    expect(await withdrawToTheWei(env.as(1))).toBe(shares[0]);
    expect(await withdrawToTheWei(env.as(2))).toBe(shares[1]);
    expect(await withdrawToTheWei(env.as(3))).toBe(shares[2]);
    expect(contractBefore - (await env.owner.balance(env.deployment.incentives))).toBe(pool + 3n * TEST_DEPOSIT);
    // `Withdrawn` names no round: it is kept by the round filter and left out here.
    const names = (await env.owner.events({ roundId })).map((e) => e.eventName).filter((n) => n !== 'Withdrawn');
    expect(names).toEqual(['RoundCreated', 'ProviderRegistered', 'ProviderRegistered', 'ProviderRegistered', 'DataDelivered', 'DataDelivered', 'DataDelivered', 'RoundSettled', 'RewardClaimed', 'RewardClaimed', 'RewardClaimed']);
  });

  it('the copied registration never delivered: once delivery closes its round is empty and the owner reclaims the pool and the forfeited deposit', async () => {
    const info = await env.owner.getRound(copies);
    expect(await env.owner.phase(copies)).toBe('Delivery');
    await reverts(env.owner.reclaim(copies), 'RoundNotExpired', [copies]);
    await env.anvil.increaseTime(Number(info.deliveryDeadline - (await env.owner.chainTime())) + 1);
    expect(await env.owner.phase(copies)).toBe('Empty');
    await reverts(env.as(4).deliver(copies, args[0]!), 'DeliveryClosed', [copies]);
    await rejectsWith(env.as(4).claim(copies, 0), 'CONTRACT_NotClaimable');
    expect((await env.owner.reclaim(copies)).result.amount).toBe(2n * ETH + TEST_DEPOSIT);
    expect(await withdrawToTheWei(env.owner)).toBe(2n * ETH + TEST_DEPOSIT);
  });
});

describe('an ERC20 round', () => {
  it('checks the token balance, approves, escrows, and returns an empty round to the owner to the unit', async () => {
    const artifact = readForgeArtifact('MockTokens.sol/MockERC20.json');
    const account = privateKeyToAccount(env.anvil.accounts[0]!.privateKey);
    const wallet = createWalletClient({ account, chain: env.owner.publicClient.chain, transport: http(env.anvil.rpcUrl) });
    const reader = env.owner.publicClient;
    const mintAbi = [
      { type: 'constructor', inputs: [{ name: 'name_', type: 'string' }, { name: 'symbol_', type: 'string' }], stateMutability: 'nonpayable' },
      { type: 'function', name: 'mint', inputs: [{ name: 'to', type: 'address' }, { name: 'amount', type: 'uint256' }], outputs: [], stateMutability: 'nonpayable' },
    ] as const;
    const deployed = await reader.waitForTransactionReceipt({ hash: await wallet.deployContract({ abi: mintAbi, bytecode: artifact.bytecode.object, args: ['Test', 'TST'] }) });
    const token = getAddress(deployed.contractAddress!);
    await reader.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: token, abi: mintAbi, functionName: 'mint', args: [account.address, 1000n] }) });
    const balanceOf = (a: Address) => reader.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [a] });

    const validation = await commitValidation(env, line(41, 4), 41n);
    const dl = await env.owner.deadlinesFromNow(REGISTRATION_SECONDS, DELIVERY_SECONDS, SUBMISSION_SECONDS);
    const params = { ...dl, asset: token, deposit: 6n, ...validationParams(validation), lambda: 100n, maxProviders: 2, ownerKey: env.ownerKey.publicKey };
    const nonce = await nonceOf(env.owner, account.address);
    await rejectsWith(env.owner.createRound({ ...params, amount: 1001n }), 'UNFUNDED');
    await rejectsWith(env.owner.createRound({ ...params, amount: 600n, ownerKey: { x: 5n, y: 5n } }), 'INPUT_BAD_ROUND'); // no approval sent either
    expect(await nonceOf(env.owner, account.address)).toBe(nonce);

    const created = await env.owner.createRound({ ...params, amount: 600n });
    const id = created.result.roundId;
    expect(await nonceOf(env.owner, account.address)).toBe(nonce + 2); // approve + createRound
    expect((await env.owner.getRound(id)).asset).toBe(token);
    expect(await balanceOf(env.deployment.incentives)).toBe(600n);
    expect(await balanceOf(account.address)).toBe(400n);
    await closeRegistration(env, id);
    expect((await env.owner.reclaim(id)).result.amount).toBe(600n);
    expect(await env.owner.credits(account.address, token)).toBe(600n);
    await reverts(env.owner.withdraw(), 'NothingToWithdraw', [zeroAddress]); // the credit is in the token, not ETH
    expect((await env.owner.withdraw(token)).result.amount).toBe(600n);
    expect(await balanceOf(account.address)).toBe(1000n);
    expect(await balanceOf(env.deployment.incentives)).toBe(0n);
  });
});

describe('typed errors', () => {
  it('a decoded revert is a ChainError whose code names the custom error', () => {
    const err = new ContractRevertError('RoundFull', [3n], 'm');
    expect(err).toBeInstanceOf(ChainError);
    expect([err.code, err.errorName, err.args]).toEqual(['CONTRACT_RoundFull', 'RoundFull', [3n]]);
  });
});
