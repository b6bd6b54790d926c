/**
 * The transactions this `zkml` process handed to a node, in order: every chain command prints
 * `sent <hash>` on stderr as soon as the node accepts one (before waiting for it), and the `--json`
 * document, result or error, lists them under `sent`. One list per process (the CLI runs one
 * command per process); the SDK itself keeps none.
 */
import type { Hex } from 'viem';

/** One sent transaction: its hash and what it did. */
export interface SentTx {
  hash: Hex;
  action: string;
}

const sent: SentTx[] = [];

/** Notes a transaction (once per hash). */
export function noteSent(hash: Hex, action: string): void {
  if (!sent.some((s) => s.hash === hash)) sent.push({ hash, action });
}

/**
 * The transactions sent so far, plus the one an error names (a transaction whose reply was lost
 * was never heard as accepted, but MAY have been sent).
 */
export function sentTransactions(err?: unknown): SentTx[] {
  const named = err instanceof Error && 'hash' in err && typeof err.hash === 'string' && /^0x[0-9a-f]{64}$/i.test(err.hash) ? (err.hash as Hex) : undefined;
  return named && !sent.some((s) => s.hash === named) ? [...sent, { hash: named, action: 'may have been sent' }] : [...sent];
}
