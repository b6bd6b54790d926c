/**
 * A retried round creation first finds out what its earlier attempt did, so that a lost reply
 * never escrows the reward twice. In order:
 * 1. the account's used nonces are read first (so a transaction mined during the lookups is
 *    still found by them);
 * 2. the recorded transaction's receipt: its `RoundCreated` names the round;
 * 3. else the contract's `RoundCreated` events (from the deployment block) of this owner and
 *    validation commitment (the round was opened by another transaction of the same attempt);
 * 4. else, if the recorded nonce is used, by a transaction that opened no round: a new send is safe;
 * 5. else, if the node still holds the recorded transaction (pending), it is waited for;
 * 6. else (never reached the node, or dropped): send again with the SAME nonce, which can only
 *    replace the earlier transaction, never add a second round.
 */
import { parseEventLogs, TransactionReceiptNotFoundError, TransactionNotFoundError, type Hex, type TransactionReceipt } from 'viem';
import type { ZkmlClient } from '../chain/client.js';
import { TransactionError } from '../chain/errors.js';
import { chainRead } from '../chain/read.js';
import { zkmlIncentivesAbi } from '../generated/abi.js';
import type { RoundAttempt } from './owner-secrets.js';

/** What the earlier attempt did. */
export type EarlierOutcome =
  /** It opened round `roundId` (transaction `receipt`). */
  | { kind: 'opened'; roundId: bigint; receipt: TransactionReceipt }
  /** It never reached the chain and its nonce is unused: send again with `nonce`. */
  | { kind: 'resend'; nonce: number }
  /** Its nonce went to a transaction that opened no round: a new send (next nonce) is safe. */
  | { kind: 'fresh' };

/** The round a receipt's `RoundCreated` of this owner and commitment names. */
function roundOf(receipt: TransactionReceipt, attempt: RoundAttempt, commitment: bigint): bigint | undefined {
  const logs = parseEventLogs({ abi: zkmlIncentivesAbi, logs: receipt.logs, eventName: 'RoundCreated' });
  const log = logs.find((l) => l.args.owner.toLowerCase() === attempt.sender.toLowerCase() && l.args.params.validationCommitment === commitment);
  return log?.args.roundId;
}

const orUndefined = <T>(p: Promise<T>) =>
  p.catch((err: unknown) => {
    if (err instanceof TransactionReceiptNotFoundError || err instanceof TransactionNotFoundError) return undefined;
    throw err;
  });

/**
 * Finds the round the earlier attempt `attempt` (validation commitment `commitment`) opened.
 * `onWait(hash)` hears that the earlier transaction is still pending and is being waited for.
 * @throws ChainError (the node), TransactionError (`TX_UNKNOWN`: the earlier transaction is still pending after the wait)
 */
export async function findEarlierRound(client: ZkmlClient, attempt: RoundAttempt, commitment: bigint, onWait?: (hash: Hex) => void): Promise<EarlierOutcome> {
  const action = 'looking for the round of your earlier attempt';
  const { publicClient } = client;
  const used = await chainRead(`${action}: reading the nonce of ${attempt.sender}`, () => publicClient.getTransactionCount({ address: attempt.sender, blockTag: 'latest' }));
  const opened = (receipt: TransactionReceipt | undefined) => {
    const roundId = receipt?.status === 'success' ? roundOf(receipt, attempt, commitment) : undefined;
    return roundId === undefined || !receipt ? undefined : ({ kind: 'opened', roundId, receipt } as const);
  };
  const { hash } = attempt;
  if (hash) {
    const byHash = opened(await chainRead(`${action}: reading the receipt of ${hash}`, () => orUndefined(publicClient.getTransactionReceipt({ hash }))));
    if (byHash) return byHash;
  }
  const created = (await client.events()).filter(
    (e) => e.eventName === 'RoundCreated' && e.args.owner?.toLowerCase() === attempt.sender.toLowerCase() && e.args.params?.validationCommitment === commitment,
  );
  const last = created.at(-1);
  if (last?.transactionHash) {
    const byEvent = opened(await chainRead(`${action}: reading the receipt of ${last.transactionHash}`, () => publicClient.getTransactionReceipt({ hash: last.transactionHash })));
    if (byEvent) return byEvent;
  }
  if (used > attempt.nonce) return { kind: 'fresh' };
  if (hash && (await chainRead(`${action}: reading transaction ${hash}`, () => orUndefined(publicClient.getTransaction({ hash }))))) {
    onWait?.(hash);
    try {
      const waited = opened(await client.awaitTransaction(hash, `waiting for your earlier attempt ${hash}`));
      if (waited) return waited;
      return { kind: 'fresh' };
    } catch (err) {
      if (!(err instanceof TransactionError) || err.outcome === 'unknown') throw err;
      // Dropped, replaced or reverted: look again without it (a replacement may have opened the round).
      const { hash: _gone, ...withoutHash } = attempt;
      return findEarlierRound(client, withoutHash, commitment, onWait);
    }
  }
  return { kind: 'resend', nonce: attempt.nonce };
}
