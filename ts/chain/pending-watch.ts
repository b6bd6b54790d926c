/**
 * What a receipt wait cannot see while no block comes: a sent transaction the node forgot, or one
 * whose nonce another transaction took. {@link watchPending} polls the node alongside the wait:
 * - the transaction is known by its hash (pending or mined): nothing to say;
 * - another transaction holds its sender and nonce (`eth_getTransactionBySenderAndNonce`, pending
 *   or mined): it was replaced (`repriced` when the replacement makes the same call);
 * - unknown by hash while its nonce is unused, for `droppedAfterMs` in a row: it was dropped (a
 *   grace period, as a load-balanced node may not have indexed a transaction it just accepted).
 */
import { BaseError, MethodNotFoundRpcError, MethodNotSupportedRpcError, TransactionNotFoundError, type Address, type Chain, type Hex, type PublicClient, type Transaction, type Transport } from 'viem';

/** The sent transaction and the call it makes (to tell a repriced copy from another call). */
export interface WatchedTx {
  hash: Hex;
  from: Address;
  nonce: number;
  to: Address;
  input: Hex;
  value: bigint;
}

/** Why a transaction will never be mined under its hash. */
export type PendingFate =
  | { kind: 'dropped'; unknownForMs: number }
  | { kind: 'repriced' | 'replaced' | 'cancelled'; by: Transaction | undefined };

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** viem's replacement reasons: the same call at another price, a 0-value self-transfer, or anything else. */
export function replacementReason(tx: WatchedTx, by: Transaction): 'repriced' | 'cancelled' | 'replaced' {
  if (same(by.to, tx.to) && by.value === tx.value && same(by.input, tx.input)) return 'repriced';
  if (same(by.to, by.from) && by.value === 0n) return 'cancelled';
  return 'replaced';
}

const unsupported = (err: unknown) => err instanceof BaseError && Boolean(err.walk((e) => e instanceof MethodNotFoundRpcError || e instanceof MethodNotSupportedRpcError));

/** The transaction in the sender's nonce slot; null if none; undefined if the node cannot say. */
async function holderOf(client: PublicClient<Transport, Chain>, from: Address, nonce: number): Promise<Transaction | null | undefined> {
  try {
    return await client.getTransaction({ sender: from, nonce });
  } catch (err) {
    if (err instanceof TransactionNotFoundError) return null;
    if (unsupported(err)) return undefined;
    throw err;
  }
}

async function knownByHash(client: PublicClient<Transport, Chain>, hash: Hex): Promise<boolean> {
  try {
    await client.getTransaction({ hash });
    return true;
  } catch (err) {
    if (err instanceof TransactionNotFoundError) return false;
    throw err;
  }
}

/** Options of {@link watchPending}. */
export interface WatchOptions {
  pollMs: number;
  droppedAfterMs: number;
  /** Ends the watch (resolves undefined). */
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Polls every `pollMs` until the transaction's fate is known (resolves it) or `signal` aborts
 * (resolves undefined). A failed poll is retried at the next tick: the receipt wait reports a
 * node that stopped answering.
 */
export async function watchPending(client: PublicClient<Transport, Chain>, tx: WatchedTx, o: WatchOptions): Promise<PendingFate | undefined> {
  const now = o.now ?? (() => Date.now());
  let unknownSince: number | undefined;
  const look = async (): Promise<PendingFate | undefined> => {
    if (await knownByHash(client, tx.hash)) {
      unknownSince = undefined;
      return undefined;
    }
    const holder = await holderOf(client, tx.from, tx.nonce);
    if (holder && !same(holder.hash, tx.hash)) return { kind: replacementReason(tx, holder), by: holder };
    if ((await client.getTransactionCount({ address: tx.from, blockTag: 'latest' })) > tx.nonce) {
      unknownSince = undefined; // its nonce was used: the receipt wait names the transaction that used it
      return undefined;
    }
    // A node without the sender-and-nonce lookup: a pending count past the nonce means another holds it.
    if (holder === undefined && (await client.getTransactionCount({ address: tx.from, blockTag: 'pending' })) > tx.nonce) return { kind: 'replaced', by: undefined };
    unknownSince ??= now();
    const unknownForMs = now() - unknownSince;
    return unknownForMs >= o.droppedAfterMs ? { kind: 'dropped', unknownForMs } : undefined;
  };
  while (!o.signal.aborted) {
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        o.signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, o.pollMs);
      o.signal.addEventListener('abort', wake, { once: true });
    });
    if (o.signal.aborted) return undefined;
    try {
      const fate = await look();
      if (fate) return fate;
    } catch {
      // retried at the next tick
    }
  }
  return undefined;
}
