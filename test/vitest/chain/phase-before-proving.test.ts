/**
 * The SDK flows check the round's phase before proving, on a real anvil with the real prover:
 * `settleRound` before the submission window and on an empty round, `registerProvider` after the
 * registration deadline: each refusal is a PhaseError with the deadline, the prover's `onStep`
 * never hears a step, no proof is kept, nothing is sent, and the round is read once.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { custom, decodeFunctionData, http, type Hex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../ts/chain/client.js';
import { zkmlIncentivesAbi } from '../../../ts/generated/abi.js';
import type { ProveStep } from '../../../ts/prover/prover.js';
import { proofFileStore } from '../../../ts/round/kept-proof.js';
import { registerProvider } from '../../../ts/round/register-provider.js';
import { PhaseError, utc } from '../../../ts/round/require-phase.js';
import { settleRound } from '../../../ts/round/settle-round.js';
import { line } from '../helpers/datasets.js';
import { commitValidation, nonceOf, openRound, rejectsWith, REGISTRATION_SECONDS, startChainEnv, type ChainEnv, type Validation } from '../helpers/chain.js';

let env: ChainEnv;
let validation: Validation;
const dir = mkdtempSync(join(tmpdir(), 'zkml-phase-'));
beforeAll(async () => {
  env = await startChainEnv();
  validation = await commitValidation(env, line(4, 16), 777n);
});
afterAll(async () => {
  await env?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The contract functions a client calls, counted (a viem transport over http that records them). */
function countingClient(account?: Hex) {
  const calls: string[] = [];
  const inner = http(env.anvil.rpcUrl, { retryCount: 0 })({});
  const transport = custom({
    async request({ method, params }: { method: string; params?: unknown }) {
      if (method === 'eth_call') {
        try {
          calls.push(decodeFunctionData({ abi: zkmlIncentivesAbi, data: (params as [{ data?: Hex }])[0]?.data ?? '0x' }).functionName);
        } catch {
          calls.push('?');
        }
      }
      return inner.request({ method, params } as Parameters<typeof inner.request>[0]);
    },
  });
  const client = connect({ rpcUrl: env.anvil.rpcUrl, contract: env.deployment.incentives, transport, ...(account ? { account } : {}) });
  return { client, calls };
}

describe('the phase is checked before proving', () => {
  const secrets = () => ({ ownerSecret: env.ownerKey.secret, validation: { rows: validation.rows, salt: validation.salt } });

  it('settleRound before the submission window: SUBMISSION_NOT_OPEN, no step, no kept proof, the round read once', async () => {
    const { roundId, params } = await openRound(env, { amount: 10n ** 16n, validation, maxProviders: 2 });
    const { client, calls } = countingClient(env.anvil.accounts[0]!.privateKey);
    const owner = await client;
    calls.length = 0;
    const steps: ProveStep[] = [];
    const kept = join(dir, 'early.proof.json');
    const err = await rejectsWith<PhaseError>(settleRound(owner, env.prover, roundId, secrets(), { proofStore: proofFileStore(kept), onStep: (s) => steps.push(s) }), 'SUBMISSION_NOT_OPEN');
    expect(err).toBeInstanceOf(PhaseError);
    expect(err.phase).toBe('Registration');
    expect(err.message).toContain(`submission for round ${roundId} opens at ${utc(params.deliveryDeadline)} (chain time ${params.deliveryDeadline}), when delivery closes`);
    expect(err.message).toMatch(/wait up to \d+ s \(on anvil: `cast rpc evm_increaseTime \d+`, then `cast rpc evm_mine`\), then settle\. Nothing was proven or sent\.$/);
    expect(steps).toEqual([]);
    expect(existsSync(kept)).toBe(false);
    expect(calls.filter((c) => c === 'getRound')).toEqual(['getRound']);
  });

  it('after the registration deadline: registerProvider refused (REGISTRATION_CLOSED), an empty round not settled (NO_PROVIDERS)', async () => {
    const { roundId, params } = await openRound(env, { amount: 10n ** 16n, validation, maxProviders: 2 });
    await env.anvil.increaseTime(REGISTRATION_SECONDS + 120);
    const provider = env.as(3);
    const before = await nonceOf(provider, env.address(3));
    const steps: ProveStep[] = [];
    const late = await rejectsWith<PhaseError>(registerProvider(provider, env.prover, { roundId, rows: line(1, 4), onStep: (s) => steps.push(s) }), 'REGISTRATION_CLOSED');
    expect(late.phase).toBe('Empty');
    expect(late.message).toBe(
      `registration for round ${roundId} closed at ${utc(params.registrationDeadline)} (chain time ${params.registrationDeadline}) and it closed empty; this round no longer accepts providers. Nothing was proven or sent.`,
    );
    const empty = await rejectsWith<PhaseError>(settleRound(env.owner, env.prover, roundId, secrets(), { onStep: (s) => steps.push(s) }), 'NO_PROVIDERS');
    expect(empty.message).toContain('Its owner can reclaim the escrow.');
    expect(empty.details).toEqual({ roundId: String(roundId) });
    expect(steps).toEqual([]);
    expect(await nonceOf(provider, env.address(3))).toBe(before);
  });
});
