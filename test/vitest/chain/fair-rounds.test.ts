/**
 * Issues 10 and 16, end to end on anvil through the SDK, with the real verifiers and real proofs:
 * the attacks on a round's fairness fail (sealed rounds: register commitments and a deposit, then
 * deliver after the registration deadline).
 * 1. The owner shifts its validation labels so that every φ ≤ 0: the pool still goes to the
 *    providers (by rows), the owner gets nothing (F2).
 * 2. The owner never submits: after the deadline the providers claim the escrow by rows, the owner
 *    cannot reclaim it (F1).
 * 3. An outsider registers a copy of a victim's commitments and re-sends the victim's exact deliver
 *    calldata: it reverts with InvalidProof, the victim's own delivery then succeeds, and the
 *    copy, never delivered, forfeits its deposit to the round (F4, F8, F9).
 * 4. A single-row provider and extreme data (|x| = |y| = 10^6, x ∈ {0, 0.25} with y = ±10^6, the
 *    data that pushed |W| past the old bound) still settle at the minimum λ (F4).
 * 5. A 1-second window and an endless one are refused, by the client before sending and by the
 *    contract itself (F5).
 * 6. Squatting by rows: one registrant cannot take more than the fair-share cap; the honest
 *    providers still register, and the squatter's junk rows earn it only its deposit back (F8, F9).
 * 7. Squatting by slots: a squatter that takes slots and never delivers is excluded, the round
 *    settles with the rest, and its deposits go to the delivering provider (F9).
 * 8. The owner's fitted providers (2 rows each, on its validation line) against an honest
 *    provider with 30 noisy rows: the share by rows guarantees the honest provider its part (F10).
 * Payouts are checked to the wei against `allocateSealed`, an independent mirror of the contract.
 */
import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';
import { BaseError, createWalletClient, encodeFunctionData, getContractError, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incentivesAbi, type ZkmlClient } from '../../../ts/chain/client.js';
import type { DeliveryArgs } from '../../../ts/chain/types.js';
import { allocateSealed, type SealedTerms } from '../../../ts/demo/allocation.js';
import { explainChainError } from '../../../ts/chain/errors.js';
import { valuate, type FixedRow } from '../../../ts/circuit/model.js';
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
  cumulativeShares,
  DELIVERY_SECONDS,
  deliverAll,
  DUMMY_SUBMISSION,
  nonceOf,
  openRound,
  REGISTRATION_SECONDS,
  rejectsWith,
  reverts,
  startChainEnv,
  SUBMISSION_SECONDS,
  TEST_DEPOSIT,
  validationParams,
  withdrawToTheWei,
  type ChainEnv,
  type Validation,
} from '../helpers/chain.js';

const ETH = 10n ** 18n;
const B = 10n ** 10n; // 10^6 at scale 10^4: the edge of the data range

let env: ChainEnv;
beforeAll(async () => {
  env = await startChainEnv();
});
afterAll(async () => {
  await env?.stop();
});

const secretsOf = (v: Validation) => ({ ownerSecret: env.ownerKey.secret, validation: { rows: v.rows, salt: v.salt } });

/** Registers each dataset from anvil accounts first, first + 1, … with a real registration proof; returns the kept deliveries. */
async function registerAll(roundId: bigint, data: readonly FixedRow[][], first = 1): Promise<{ client: ZkmlClient; delivery: PendingDelivery }[]> {
  const out: { client: ZkmlClient; delivery: PendingDelivery }[] = [];
  const before = (await env.owner.getRound(roundId)).numProviders;
  for (const [i, rows] of data.entries()) {
    const client = env.as(first + i);
    const r = await registerProvider(client, env.prover, { roundId, rows });
    expect(r.tx.result.index).toBe(before + i);
    out.push({ client, delivery: r.delivery });
  }
  return out;
}

/** Registers every dataset, closes registration and delivers them all (submission opens at once). */
async function registerAndDeliver(roundId: bigint, data: readonly FixedRow[][]): Promise<void> {
  await deliverAll(env, roundId, await registerAll(roundId, data));
}

/** Claims every slot (from an outsider), checks the credits are `shares` (deposits included), withdraws each to the wei. */
async function claimAndWithdraw(roundId: bigint, shares: readonly bigint[], accounts: readonly number[] = shares.map((_, i) => i + 1)): Promise<void> {
  const claimed = await claimRewards(env.as(9), roundId);
  expect(claimed.map((c) => [c.provider, c.amount])).toEqual(shares.map((s, i) => [env.address(accounts[i]!), s]).filter(([, s]) => s !== 0n));
  for (const [i, share] of shares.entries()) if (share > 0n) expect(await withdrawToTheWei(env.as(accounts[i]!))).toBe(share);
  expect(await env.owner.credits(env.address(0))).toBe(0n);
  expect(await env.owner.credits(env.address(9))).toBe(0n);
}

/** The contract's sealed-round terms of `roundId`, for `allocateSealed`. */
async function termsOf(roundId: bigint): Promise<SealedTerms> {
  const r = await env.owner.getRound(roundId);
  return { amount: r.amount, deposit: r.deposit, forfeited: r.numProviders - r.numDelivered, rowShareBps: r.rowShareBps, reservePerRow: r.reservePerRow };
}

describe('fair rounds on anvil', () => {
  it('(1) the owner shifts the validation labels so every φ ≤ 0: the providers still receive the pool, by rows', async () => {
    const data = [line(11, 10), line(12, 6)];
    const shifted = line(13, 16).map((r) => ({ x: r.x, y: r.y + 500_000n })); // labels + 50
    const validation = await commitValidation(env, shifted, 1313n);
    const phiOff = valuate(data, shifted, 100n, DEFAULT_SHAPE).shapley.slice(0, 2);
    expect(phiOff.every((p) => p <= 0n)).toBe(true);
    const honest = valuate(data, line(13, 16), 100n, DEFAULT_SHAPE).shapley.slice(0, 2);
    expect(honest.every((p) => p > 0n)).toBe(true); // unshifted, both would be paid by value

    const pool = ETH + 1n;
    const { roundId } = await openRound(env, { amount: pool, validation, maxProviders: 2 });
    await registerAndDeliver(roundId, data);
    const ownerBalance = await env.owner.balance(env.address(0));
    const contractBefore = await env.owner.balance(env.deployment.incentives);
    const settled = await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    expect(settled.tx.result.byRows).toBe(true);
    expect(settled.proof.publicValues.shapley.slice(0, 2)).toEqual(phiOff);
    expect((await env.owner.getRound(roundId)).positiveTotal).toBe(0n);

    // At the default reserve (the whole pool) F2 holds: everything by rows, deposits back.
    const shares = cumulativeShares(pool, [10n, 6n]).map((x) => x + TEST_DEPOSIT);
    expect(shares).toEqual(allocateSealed(await termsOf(roundId), phiOff, [10, 6]).rewards);
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(pool + 2n * TEST_DEPOSIT);
    for (const i of [0, 1]) expect(await env.owner.claimable(roundId, i)).toBe(shares[i]);
    await claimAndWithdraw(roundId, shares);
    // The owner got at most dust (here exactly nothing): it only paid gas for the settlement.
    const receipt = await env.owner.publicClient.getTransactionReceipt({ hash: settled.tx.hash });
    expect(await env.owner.balance(env.address(0))).toBe(ownerBalance - receipt.gasUsed * receipt.effectiveGasPrice);
    expect(contractBefore - (await env.owner.balance(env.deployment.incentives))).toBe(pool + 2n * TEST_DEPOSIT);
  });

  it('(2) the owner never submits: after the deadline the providers claim the escrow by rows', async () => {
    const data = [line(21, 3), line(22, 5)];
    const validation = await commitValidation(env, line(23, 8), 2323n);
    const pool = 8n * ETH + 3n;
    const { roundId, params } = await openRound(env, { amount: pool, validation, maxProviders: 4 });
    const kept = await registerAll(roundId, data);
    await reverts(env.as(1).claim(roundId, 0), 'NotClaimable', [roundId]);
    await deliverAll(env, roundId, kept);
    expect(await env.owner.phase(roundId)).toBe('Submission');
    await reverts(env.owner.reclaim(roundId), 'RoundHasProviders', [roundId]);
    await reverts(env.as(1).claim(roundId, 0), 'NotClaimable', [roundId]);

    const now = await env.owner.chainTime();
    await env.anvil.increaseTime(Number(params.submissionDeadline - now) + 1);
    expect(await env.owner.phase(roundId)).toBe('Expired');
    await reverts(env.owner.submit(roundId, DUMMY_SUBMISSION), 'SubmissionClosed', [roundId]);
    await reverts(env.owner.reclaim(roundId), 'RoundHasProviders', [roundId]);
    const shares = cumulativeShares(pool, [3n, 5n]).map((x) => x + TEST_DEPOSIT);
    for (const i of [0, 1]) expect(await env.owner.claimable(roundId, i)).toBe(shares[i]);
    await claimAndWithdraw(roundId, shares);
    expect((await env.owner.getRound(roundId)).paidOut).toBe(pool + 2n * TEST_DEPOSIT);
    await reverts(env.owner.claim(roundId, 1), 'AlreadyClaimed', [roundId, 1n]);
  });

  it('(3) a copied delivery reverts with InvalidProof, the original then delivers, and the copy forfeits its deposit', async () => {
    const validation = await commitValidation(env, line(33, 8), 3333n);
    const { roundId } = await openRound(env, { amount: ETH, validation, maxProviders: 2 });
    const victim = env.as(1);
    const attacker = env.as(2);
    const rows = line(31, 7);
    const registered = await registerProvider(victim, env.prover, { roundId, rows, salt: 31n });
    const d = registered.delivery;
    // The attacker registers a copy of the victim's commitments (it can: only commitments are on chain, nothing to decrypt).
    const round = await env.owner.getRound(roundId);
    expect((await attacker.register(roundId, { commitment: d.commitment, statsCommitment: d.statsCommitment, numRows: d.numRows }, round)).result.index).toBe(1);
    await closeRegistration(env, roundId);
    const args: DeliveryArgs = { ephemeralKey: d.ephemeralKey, ciphertext: d.ciphertext, proof: d.proof };
    const calldata = encodeFunctionData({ abi: incentivesAbi, functionName: 'deliver', args: [roundId, [d.ephemeralKey.x, d.ephemeralKey.y], [...d.ciphertext], d.proof] });

    // Through the client: decoded, nothing sent.
    const nonce = await nonceOf(env.owner, env.address(2));
    await reverts(attacker.deliver(roundId, args), 'InvalidProof');
    expect(await nonceOf(env.owner, env.address(2))).toBe(nonce);
    // Sent raw, as a front-runner would (no simulation, fixed gas): mined, reverted, nothing changed.
    const wallet = createWalletClient({ account: privateKeyToAccount(env.anvil.accounts[2]!.privateKey), chain: env.owner.publicClient.chain, transport: http(env.anvil.rpcUrl) });
    const hash = await wallet.sendTransaction({ to: env.deployment.incentives, data: calldata, gas: 3_000_000n });
    const receipt = await env.owner.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('reverted');
    const replayed = await env.owner.publicClient.call({ account: env.address(2), to: env.deployment.incentives, data: calldata, blockNumber: receipt.blockNumber - 1n }).catch((e: unknown) => e);
    expect(replayed).toBeInstanceOf(BaseError);
    const revert = getContractError(replayed as BaseError, { abi: incentivesAbi, functionName: 'deliver', args: [], address: env.deployment.incentives });
    const decoded = explainChainError(revert, 'replaying the copied delivery');
    expect(decoded).toMatchObject({ code: 'CONTRACT_InvalidProof', errorName: 'InvalidProof' });
    expect((await env.owner.getRound(roundId)).numDelivered).toBe(0);

    // The victim's own delivery, with the same calldata from its own account, succeeds.
    const ok = await deliverRegistration(victim, d);
    expect(ok.tx.result.settlementIndex).toBe(0);
    const sent = await env.owner.publicClient.getTransaction({ hash: ok.tx.hash });
    expect(sent.input).toBe(calldata);
    // The owner opens it from the chain; the copy is not among the settlement's providers.
    const { round: data } = await roundDataFromChain(env.prover.barretenberg, env.owner, roundId, secretsOf(validation));
    expect(data.providers.map((p) => [p.rows, p.salt])).toEqual([[rows, 31n]]);
    // Once delivery closes, the round settles with the victim alone; the copy's deposit is in the victim's credit.
    await env.anvil.increaseTime(Number(round.deliveryDeadline - (await env.owner.chainTime())) + 1);
    expect(await env.owner.phase(roundId)).toBe('Submission');
    await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    await reverts(env.owner.claim(roundId, 1), 'NotDelivered', [roundId, 1n]);
    expect(await env.owner.claimable(roundId, 0)).toBe(ETH + 2n * TEST_DEPOSIT);
    await claimAndWithdraw(roundId, [ETH + 2n * TEST_DEPOSIT]);
  });

  it('(4) a single-row provider and extreme data (|x| = |y| = 10^6; x ∈ {0, 0.25}, y = ±10^6) still settle at λ = 0.01', async () => {
    const data: FixedRow[][] = [
      [{ x: [-B], y: B }],
      [
        { x: [0n], y: -B },
        { x: [2500n], y: B },
      ],
    ];
    const validation = await commitValidation(env, [{ x: [B], y: B }, { x: [-B], y: -B }, { x: [2500n], y: B }], 4444n);
    const v = valuate(data, validation.rows, 100n, DEFAULT_SHAPE);
    expect(v.models[2]!.w[0]! > 2n ** 48n).toBe(true); // provider 2 alone: |W| past the old 2^48 bound
    const pool = 5n * ETH + 2n;
    const { roundId } = await openRound(env, { amount: pool, validation, maxProviders: 2 });
    await registerAndDeliver(roundId, data);
    expect((await env.owner.getProviders(roundId)).map((p) => p.numRows)).toEqual([1, 2]);
    const settled = await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    expect(settled.proof.publicValues.shapley.slice(0, 2)).toEqual(v.shapley.slice(0, 2));
    expect(settled.proof.publicValues.weights).toEqual(v.model.w);
    const phi = v.shapley.slice(0, 2);
    const byRows = phi.every((p) => p <= 0n);
    expect(settled.tx.result.byRows).toBe(byRows);
    const shares = cumulativeShares(pool, byRows ? [1n, 2n] : phi.map((p) => (p > 0n ? p : 0n))).map((x) => x + TEST_DEPOSIT);
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(pool + 2n * TEST_DEPOSIT);
    await claimAndWithdraw(roundId, shares);
  });

  it('(5) a 1-second window and an endless one are refused: by the client before sending, and by the contract', async () => {
    const validation = await commitValidation(env, line(55, 4), 5555n);
    const now = await env.owner.chainTime();
    const base = { amount: ETH, deposit: TEST_DEPOSIT, ...validationParams(validation), lambda: 100n, maxProviders: 2, ownerKey: env.ownerKey.publicKey };
    const oneSecondRegistration = { ...base, registrationDeadline: now + 1n, deliveryDeadline: now + 1n + BigInt(DELIVERY_SECONDS), submissionDeadline: now + 1n + BigInt(DELIVERY_SECONDS + SUBMISSION_SECONDS) };
    const okRegistration = now + BigInt(REGISTRATION_SECONDS);
    const okDelivery = okRegistration + BigInt(DELIVERY_SECONDS);
    const oneSecondSubmission = { ...base, registrationDeadline: okRegistration, deliveryDeadline: okDelivery, submissionDeadline: okDelivery + 1n };
    // The review's endless window: a submission deadline of 2^64 − 1, so providers could never claim.
    const endless = { ...base, registrationDeadline: okRegistration, deliveryDeadline: okDelivery, submissionDeadline: 2n ** 64n - 1n };
    const nonce = await nonceOf(env.owner, env.address(0));
    const rounds = await env.owner.roundCount();
    for (const p of [oneSecondRegistration, oneSecondSubmission]) {
      const err = await rejectsWith(env.owner.createRound(p), 'INPUT_BAD_ROUND');
      expect(err.message).toMatch(/must stay open at least/);
    }
    const tooLong = await rejectsWith(env.owner.createRound(endless), 'INPUT_BAD_ROUND');
    expect(tooLong.message).toMatch(/submission may stay open at most 2592000 s after delivery closes/);
    expect(await nonceOf(env.owner, env.address(0))).toBe(nonce);
    const reg = await reverts(contractCreateRound(env, oneSecondRegistration), 'RegistrationPeriodTooShort');
    expect(reg.args[0]! as bigint).toBeLessThanOrEqual(1n);
    expect(reg.args[1]).toBe(3600n);
    await reverts(contractCreateRound(env, oneSecondSubmission), 'SubmissionPeriodTooShort', [1n, 86_400n]);
    await reverts(contractCreateRound(env, endless), 'SubmissionPeriodTooLong', [2n ** 64n - 1n - okDelivery, 30n * 86_400n]);
    expect(await env.owner.roundCount()).toBe(rounds);
  });

  it('(6) squatting by rows: one registrant gets at most the fair share; the honest providers still register, and junk rows earn only the deposit back', async () => {
    const validation = await commitValidation(env, line(61, 16), 6161n);
    const pool = 10n * ETH;
    // 4 slots of the 128-row shape: the fair share is 32 rows each, so no registrant can shut the others out of rows.
    const { roundId } = await openRound(env, { amount: pool, validation, maxProviders: 4 });
    const round = await env.owner.getRound(roundId);
    expect(round.maxRowsPerProvider).toBe(DEFAULT_SHAPE.nTrain / 4);
    const squatter = env.as(5);
    const junk = (n: number): FixedRow[] => Array.from({ length: n }, () => ({ x: [0n], y: 0n }));
    // The review's squat: 128 rows of (0, 0). The SDK refuses before proving; the contract refuses too.
    await rejectsWith(registerProvider(squatter, env.prover, { roundId, rows: junk(DEFAULT_SHAPE.nTrain) }), 'TOO_MANY_ROWS');
    await reverts(squatter.register(roundId, { commitment: 1n, statsCommitment: 1n, numRows: DEFAULT_SHAPE.nTrain }, round), 'TooManyProviderRows', [BigInt(DEFAULT_SHAPE.nTrain), 32n]);
    // The most it can take: 32 rows of junk. The honest providers register all their rows after it.
    const kept = [{ client: squatter, delivery: (await registerProvider(squatter, env.prover, { roundId, rows: junk(32) })).delivery }];
    const honest = [line(62, 20), line(63, 12)];
    kept.push(...(await registerAll(roundId, honest)));
    await deliverAll(env, roundId, kept);
    const settled = await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    const phi = settled.proof.publicValues.shapley.slice(0, 3);
    expect(phi[0]! <= 0n && phi[1]! > 0n && phi[2]! > 0n).toBe(true);
    const expected = allocateSealed(await termsOf(roundId), phi, [32, 20, 12]);
    expect(expected.rewards[0]).toBe(TEST_DEPOSIT); // the junk earns its own deposit back, nothing more
    expect(expected.rewards.reduce((a, b) => a + b, 0n)).toBe(pool + 3n * TEST_DEPOSIT);
    await claimAndWithdraw(roundId, expected.rewards, [5, 1, 2]);
  });

  it('(7) squatting by slots: slots taken and never delivered are excluded, the round settles with the rest, and their deposits go to the deliverer', async () => {
    const validation = await commitValidation(env, line(71, 16), 7171n);
    const pool = 2n * ETH + 5n;
    const deposit = ETH / 10n;
    const { roundId } = await openRound(env, { amount: pool, validation, maxProviders: 4, deposit });
    // The squatter takes three of the four slots, one row each (it pays three deposits), and never delivers.
    const round = await env.owner.getRound(roundId);
    for (const i of [5, 6, 7]) await env.as(i).register(roundId, { commitment: BigInt(i), statsCommitment: BigInt(i), numRows: 1 }, round);
    const honest = await registerAll(roundId, [line(72, 24)]);
    expect((await env.owner.getRound(roundId)).numProviders).toBe(4);
    await deliverAll(env, roundId, honest);
    // Three slots have not delivered: submission waits for the delivery deadline, then proceeds without them.
    expect(await env.owner.phase(roundId)).toBe('Delivery');
    await rejectsWith(settleRound(env.owner, env.prover, roundId, secretsOf(validation)), 'SUBMISSION_NOT_OPEN');
    await env.anvil.increaseTime(Number(round.deliveryDeadline - (await env.owner.chainTime())) + 1);
    expect(await env.owner.phase(roundId)).toBe('Submission');
    const settled = await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    expect(settled.proof.publicValues.numProviders).toBe(1);
    const providers = await env.owner.getProviders(roundId);
    expect(providers.map((p) => p.delivered)).toEqual([false, false, false, true]);
    for (const i of [0, 1, 2]) await reverts(env.owner.claim(roundId, i), 'NotDelivered', [roundId, BigInt(i)]);
    // The honest provider: the pool, its deposit, and the three forfeited deposits, to the wei.
    const expected = allocateSealed(await termsOf(roundId), settled.proof.publicValues.shapley.slice(0, 1), [24]);
    expect(expected.rewards).toEqual([pool + 4n * deposit]);
    await claimAndWithdraw(roundId, expected.rewards, [1]);
    expect((await env.owner.getRound(roundId)).paidOut).toBe(pool + 4n * deposit);
  });

  it('(8) the owner\'s fitted providers: with a 20 % share by rows the honest provider keeps at least 20 % · 30/36 of the pool', async () => {
    const validation = await commitValidation(env, line(81, 16, { a: 2, c: 1, noise: 0.05 }), 8181n);
    const pool = 10n * ETH;
    const { roundId } = await openRound(env, { amount: pool, validation, maxProviders: 4, rowShareBps: 2000 });
    // The honest provider: 30 noisy rows of the same relation. The owner's three: 2 rows each, exactly on the validation line.
    const honest = line(82, 30, { a: 2, c: 1, noise: 3 });
    const fitted = [0, 1, 2].map((k): FixedRow[] => [0.5 + k, 3 + k].map((x) => ({ x: [BigInt(Math.round(x * 1e4))], y: BigInt(Math.round((2 * x + 1) * 1e4)) })));
    const kept = await registerAll(roundId, [honest, ...fitted]);
    await deliverAll(env, roundId, kept);
    const settled = await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    const phi = settled.proof.publicValues.shapley.slice(0, 4);
    const expected = allocateSealed(await termsOf(roundId), phi, [30, 2, 2, 2]);
    // The guarantee, stated before anyone registered: reward ≥ deposit + floor(rowPool · 30 / 36).
    const rowPool = (pool * 2000n) / 10_000n;
    expect(expected.rewards[0]! - TEST_DEPOSIT).toBeGreaterThanOrEqual((rowPool * 30n) / 36n);
    for (const i of [0, 1, 2, 3]) expect(await env.owner.claimable(roundId, i)).toBe(expected.rewards[i]);
    await claimAndWithdraw(roundId, expected.rewards);
  });
});
