/**
 * Issue 10, end to end on anvil through the SDK, with the real verifiers and real proofs: the
 * attacks on a round's fairness fail.
 * 1. The owner shifts its validation labels so that every φ ≤ 0: the pool still goes to the
 *    providers (by rows), the owner gets nothing (F2).
 * 2. The owner never submits: after the deadline the providers claim the escrow by rows, the owner
 *    cannot reclaim it (F1).
 * 3. An outsider re-sends a victim's exact register calldata: it reverts with InvalidProof, and the
 *    victim's own registration then succeeds (F4).
 * 4. A single-row provider and extreme data (|x| = |y| = 10^6, x ∈ {0, 0.25} with y = ±10^6, the
 *    data that pushed |W| past the old bound) still settle at the minimum λ (F4).
 * 5. A 1-second window is refused, by the client before sending and by the contract itself (F5).
 */
import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';
import { BaseError, createWalletClient, encodeFunctionData, getContractError, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_SLACK_SECONDS, incentivesAbi } from '../../../ts/chain/client.js';
import type { RegistrationArgs } from '../../../ts/chain/types.js';
import { explainChainError } from '../../../ts/chain/errors.js';
import { valuate, type FixedRow } from '../../../ts/circuit/model.js';
import { claimRewards } from '../../../ts/round/claim-rewards.js';
import { registerProvider } from '../../../ts/round/register-provider.js';
import { roundDataFromChain, settleRound } from '../../../ts/round/settle-round.js';
import { line } from '../helpers/datasets.js';
import {
  commitValidation,
  contractCreateRound,
  cumulativeShares,
  DUMMY_SUBMISSION,
  nonceOf,
  openRound,
  REGISTRATION_SECONDS,
  rejectsWith,
  reverts,
  startChainEnv,
  SUBMISSION_SECONDS,
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

/** Registers each dataset from anvil accounts 1, 2, … with a real registration proof. */
async function registerAll(roundId: bigint, data: readonly FixedRow[][]): Promise<void> {
  for (const [i, rows] of data.entries()) {
    const r = await registerProvider(env.as(i + 1), env.prover, { roundId, rows });
    expect(r.tx.result.index).toBe(i);
  }
}

/** Claims every slot (from an outsider), checks the credits are `shares`, withdraws each to the wei. */
async function claimAndWithdraw(roundId: bigint, shares: readonly bigint[]): Promise<void> {
  const claimed = await claimRewards(env.as(9), roundId);
  expect(claimed.map((c) => [c.provider, c.amount])).toEqual(shares.map((s, i) => [env.address(i + 1), s]).filter(([, s]) => s !== 0n));
  for (const [i, share] of shares.entries()) if (share > 0n) expect(await withdrawToTheWei(env.as(i + 1))).toBe(share);
  expect(await env.owner.credits(env.address(0))).toBe(0n);
  expect(await env.owner.credits(env.address(9))).toBe(0n);
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
    await registerAll(roundId, data);
    await env.anvil.increaseTime(REGISTRATION_SECONDS + Number(DEADLINE_SLACK_SECONDS) + 1);
    const ownerBalance = await env.owner.balance(env.address(0));
    const contractBefore = await env.owner.balance(env.deployment.incentives);
    const settled = await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    expect(settled.tx.result.byRows).toBe(true);
    expect(settled.proof.publicValues.shapley.slice(0, 2)).toEqual(phiOff);
    expect((await env.owner.getRound(roundId)).positiveTotal).toBe(0n);

    const shares = cumulativeShares(pool, [10n, 6n]);
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(pool);
    for (const i of [0, 1]) expect(await env.owner.claimable(roundId, i)).toBe(shares[i]);
    await claimAndWithdraw(roundId, shares);
    // The owner got at most dust (here exactly nothing): it only paid gas for the settlement.
    const receipt = await env.owner.publicClient.getTransactionReceipt({ hash: settled.tx.hash });
    expect(await env.owner.balance(env.address(0))).toBe(ownerBalance - receipt.gasUsed * receipt.effectiveGasPrice);
    expect(contractBefore - (await env.owner.balance(env.deployment.incentives))).toBe(pool);
  });

  it('(2) the owner never submits: after the deadline the providers claim the escrow by rows', async () => {
    const data = [line(21, 3), line(22, 5)];
    const validation = await commitValidation(env, line(23, 8), 2323n);
    const pool = 8n * ETH + 3n;
    const { roundId, params } = await openRound(env, { amount: pool, validation, maxProviders: 4 });
    await registerAll(roundId, data);
    await reverts(env.as(1).claim(roundId, 0), 'NotClaimable', [roundId]);
    await env.anvil.increaseTime(REGISTRATION_SECONDS + Number(DEADLINE_SLACK_SECONDS) + 1);
    expect(await env.owner.phase(roundId)).toBe('Submission');
    await reverts(env.owner.reclaim(roundId), 'RoundHasProviders', [roundId]);
    await reverts(env.as(1).claim(roundId, 0), 'NotClaimable', [roundId]);

    const now = await env.owner.chainTime();
    await env.anvil.increaseTime(Number(params.submissionDeadline - now) + 1);
    expect(await env.owner.phase(roundId)).toBe('Expired');
    await reverts(env.owner.submit(roundId, DUMMY_SUBMISSION), 'SubmissionClosed', [roundId]);
    await reverts(env.owner.reclaim(roundId), 'RoundHasProviders', [roundId]);
    const shares = cumulativeShares(pool, [3n, 5n]);
    for (const i of [0, 1]) expect(await env.owner.claimable(roundId, i)).toBe(shares[i]);
    await claimAndWithdraw(roundId, shares);
    expect((await env.owner.getRound(roundId)).paidOut).toBe(pool);
    await reverts(env.owner.claim(roundId, 1), 'AlreadyClaimed', [roundId, 1n]);
  });

  it('(3) a copied registration reverts with InvalidProof, and the original then registers', async () => {
    const validation = await commitValidation(env, line(33, 8), 3333n);
    const { roundId } = await openRound(env, { amount: ETH, validation, maxProviders: 2 });
    const victim = env.as(1);
    const attacker = env.as(2);
    const round = await env.owner.getRound(roundId);
    const rows = line(31, 7);
    const proof = await env.prover.proveRegistration(await env.owner.roundContext(roundId), { rows, salt: 31n, payee: BigInt(env.address(1)), ownerKey: round.ownerKey }, DEFAULT_SHAPE);
    const args: RegistrationArgs = { ...proof.registration, proof: proof.proof };
    const calldata = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'register',
      args: [roundId, args.commitment, args.statsCommitment, BigInt(args.numRows), [args.ephemeralKey.x, args.ephemeralKey.y], [...args.ciphertext], `0x${Buffer.from(proof.proof).toString('hex')}` as Hex],
    });

    // Through the client: decoded, nothing sent.
    const nonce = await nonceOf(env.owner, env.address(2));
    await reverts(attacker.register(roundId, args), 'InvalidProof');
    expect(await nonceOf(env.owner, env.address(2))).toBe(nonce);
    // Sent raw, as a front-runner would (no simulation, fixed gas): mined, reverted, nothing changed.
    const wallet = createWalletClient({ account: privateKeyToAccount(env.anvil.accounts[2]!.privateKey), chain: env.owner.publicClient.chain, transport: http(env.anvil.rpcUrl) });
    const hash = await wallet.sendTransaction({ to: env.deployment.incentives, data: calldata, gas: 3_000_000n });
    const receipt = await env.owner.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('reverted');
    const replayed = await env.owner.publicClient.call({ account: env.address(2), to: env.deployment.incentives, data: calldata, blockNumber: receipt.blockNumber - 1n }).catch((e: unknown) => e);
    expect(replayed).toBeInstanceOf(BaseError);
    const revert = getContractError(replayed as BaseError, { abi: incentivesAbi, functionName: 'register', args: [], address: env.deployment.incentives });
    const decoded = explainChainError(revert, 'replaying the copied registration');
    expect(decoded).toMatchObject({ code: 'CONTRACT_InvalidProof', errorName: 'InvalidProof' });
    expect((await env.owner.getRound(roundId)).numProviders).toBe(0);

    // The victim's own registration, with the same calldata from its own account, succeeds.
    const ok = await victim.register(roundId, args);
    expect(ok.result.index).toBe(0);
    const sent = await env.owner.publicClient.getTransaction({ hash: ok.hash });
    expect(sent.input).toBe(calldata);
    expect(await env.owner.providerIndex(roundId, env.address(1))).toBe(0);
    expect(await env.owner.providerIndex(roundId, env.address(2))).toBeUndefined();
    // And the owner can open it from the chain.
    const { round: data } = await roundDataFromChain(env.prover.barretenberg, env.owner, roundId, secretsOf(validation));
    expect(data.providers.map((p) => [p.rows, p.salt])).toEqual([[rows, 31n]]);
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
    await registerAll(roundId, data);
    expect((await env.owner.getProviders(roundId)).map((p) => p.numRows)).toEqual([1, 2]);
    await env.anvil.increaseTime(REGISTRATION_SECONDS + Number(DEADLINE_SLACK_SECONDS) + 1);
    const settled = await settleRound(env.owner, env.prover, roundId, secretsOf(validation));
    expect(settled.proof.publicValues.shapley.slice(0, 2)).toEqual(v.shapley.slice(0, 2));
    expect(settled.proof.publicValues.weights).toEqual(v.model.w);
    const phi = v.shapley.slice(0, 2);
    const byRows = phi.every((p) => p <= 0n);
    expect(settled.tx.result.byRows).toBe(byRows);
    const shares = cumulativeShares(pool, byRows ? [1n, 2n] : phi.map((p) => (p > 0n ? p : 0n)));
    expect(shares.reduce((a, b) => a + b, 0n)).toBe(pool);
    await claimAndWithdraw(roundId, shares);
  });

  it('(5) a 1-second window is refused: by the client before sending, and by the contract', async () => {
    const validation = await commitValidation(env, line(55, 4), 5555n);
    const now = await env.owner.chainTime();
    const base = { amount: ETH, ...validationParams(validation), lambda: 100n, maxProviders: 2, ownerKey: env.ownerKey.publicKey };
    const oneSecondRegistration = { ...base, registrationDeadline: now + 1n, submissionDeadline: now + 1n + BigInt(SUBMISSION_SECONDS) };
    const okRegistration = now + BigInt(REGISTRATION_SECONDS);
    const oneSecondSubmission = { ...base, registrationDeadline: okRegistration, submissionDeadline: okRegistration + 1n };
    const nonce = await nonceOf(env.owner, env.address(0));
    const rounds = await env.owner.roundCount();
    for (const p of [oneSecondRegistration, oneSecondSubmission]) {
      const err = await rejectsWith(env.owner.createRound(p), 'INPUT_BAD_ROUND');
      expect(err.message).toMatch(/must stay open at least/);
    }
    expect(await nonceOf(env.owner, env.address(0))).toBe(nonce);
    const reg = await reverts(contractCreateRound(env, oneSecondRegistration), 'RegistrationPeriodTooShort');
    expect(reg.args[0]! as bigint).toBeLessThanOrEqual(1n);
    expect(reg.args[1]).toBe(3600n);
    await reverts(contractCreateRound(env, oneSecondSubmission), 'SubmissionPeriodTooShort', [1n, 86_400n]);
    expect(await env.owner.roundCount()).toBe(rounds);
  });
});
