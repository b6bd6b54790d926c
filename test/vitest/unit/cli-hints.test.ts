/**
 * The CLI's words for SDK errors (ts/cli/hints.ts): the SDK's message names its input, the CLI adds
 * the flag or command. Real SDK errors (an unreachable node, a phase refusal, a contract revert, a
 * transaction whose reply was lost) each get their flag; an error the CLI worded itself (it already
 * names the flag) gets no second hint; an error with no CLI counterpart gets none.
 */
import { describe, expect, it } from 'vitest';
import { createPublicClient, http } from 'viem';
import { checkChain } from '../../../ts/chain/check-chain.js';
import { ContractRevertError, TransactionError } from '../../../ts/chain/errors.js';
import { ChainError, InputError, ZkmlError } from '../../../ts/errors/index.js';
import { cliHint, cliMessage } from '../../../ts/cli/hints.js';
import { requirePhase, type PhaseError } from '../../../ts/round/require-phase.js';
import type { RoundInfo } from '../../../ts/chain/types.js';

async function rejection(p: Promise<unknown>): Promise<ZkmlError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ZkmlError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('CLI hints for SDK errors', () => {
  it('an unreachable node: the SDK names rpcUrl, the CLI --rpc-url', async () => {
    const err = await rejection(checkChain(createPublicClient({ transport: http('http://127.0.0.1:9', { retryCount: 0 }) }), { rpcUrl: 'http://127.0.0.1:9' }));
    expect(err.code).toBe('RPC_UNREACHABLE');
    expect(err.message).toBe("cannot reach the node at http://127.0.0.1:9; is it running? Check the node's URL (the rpcUrl option). Nothing was sent.");
    expect(err.message).not.toContain('--');
    expect(cliMessage(err)).toBe(`${err.message} Check --rpc-url (default $ETH_RPC_URL, else http://127.0.0.1:8545).`);
  });

  it('a wrong chain names both flags; a deployment record on another chain (no option) gets none', () => {
    const wrong = new ChainError('WRONG_CHAIN', 'the node at u is on chain 1, not chain 2.', { details: { option: 'rpcUrl', expectedChainId: '2' } });
    expect(cliHint(wrong)).toBe('Point --rpc-url at a node of chain 2, or change --chain-id.');
    expect(cliHint(new ChainError('WRONG_CHAIN', 'd.json is a deployment on chain 1, not chain 2.'))).toBeUndefined();
  });

  it('phase refusals name the round in the command to run', () => {
    const info = { id: 7n, status: 'Open', numProviders: 0, registrationDeadline: 100n, submissionDeadline: 200n } as unknown as RoundInfo;
    let err: PhaseError | undefined;
    try {
      requirePhase({ info }, 'submission', { now: 150n });
    } catch (e) {
      err = e as PhaseError;
    }
    expect(err?.code).toBe('NO_PROVIDERS');
    expect(cliHint(err!)).toBe('The owner reclaims it with `zkml reclaim --round 7`.');
  });

  it('a contract revert and a lost reply', () => {
    expect(cliHint(new ContractRevertError('SubmissionClosed', [3n], 'closed.'))).toBe('Providers claim with `zkml claim --round 3 --all`.');
    const hash = `0x${'ab'.repeat(32)}` as const;
    expect(cliHint(new TransactionError('unknown', hash, 'it MAY have been sent.'))).toBe(`Look it up with \`cast receipt ${hash} --rpc-url <node>\` or \`zkml status\` before running the command again.`);
    // A remote signer's lost reply: no hash to look up.
    expect(cliHint(new TransactionError('unknown', undefined, 'its hash is unknown.'))).toBe('`zkml status` shows whether it took effect; check it before running the command again.');
  });

  it('a proof of another context: the context to pass and where it is printed', () => {
    const err = new InputError('PROOF_WRONG_ROUND', 'p.json does not prove round 2: …', { details: { roundId: '2', mismatch: 'context', expected: '0x05' } });
    expect(cliHint(err)).toBe('Prove with `zkml prove --context 0x05 ...` (the context `zkml status --round 2` prints), or with `zkml prove --round 2`.');
  });

  it('no second hint when the CLI already named the flag, none for an error without a counterpart', () => {
    expect(cliHint(new InputError('BAD_PROOF_FILE', 'p.json has malformed public values (expected the output of `zkml prove --out`).'))).toBeUndefined();
    expect(cliHint(new InputError('BAD_PROOF_FILE', 'p.json is not valid JSON.'))).toBe('`zkml prove --out FILE` writes a proof file.');
    expect(cliHint(new InputError('INPUT_FILE_MISSING', 'training file not found: x.csv'))).toBeUndefined();
  });
});
