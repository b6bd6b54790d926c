/**
 * The one send pipeline of every transaction: check → simulate → sign → send → wait (bounded) →
 * decode.
 *
 * 1. the account holds the value it sends; the call is simulated (`eth_call`) and its gas
 *    estimated: a revert becomes a {@link ContractRevertError} with the contract's custom error
 *    decoded; the account must afford value + gas · maxFeePerGas. These refusals say "Nothing was
 *    sent", and nothing was.
 * 2. A local account signs here, so the transaction has its hash before it is handed to the node;
 *    from then on every outcome names it ({@link TransactionError}): the node refused it
 *    (`TX_REFUSED`), its reply was lost or no receipt came within the wait (`TX_UNKNOWN`: it MAY
 *    have been sent), another transaction took its nonce (`TX_REPLACED`, pending or mined, both
 *    hashes named), the node forgot it (`TX_DROPPED`, after `droppedAfterMs` unknown by hash with
 *    its nonce unused: no need to sit out the whole receipt wait), or it was mined and reverted
 *    (`TX_REVERTED`). `onSigned` hears hash and nonce before the node gets the transaction (to
 *    record an attempt first), `onSent(hash)` as soon as the node accepted it. A repriced copy of
 *    the call (same call, same nonce, another fee) is waited for instead.
 */
import {
  BaseError,
  formatEther,
  getContractError,
  keccak256,
  TransactionNotFoundError,
  WaitForTransactionReceiptTimeoutError,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type ReplacementReturnType,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { watchPending, type PendingFate, type WatchedTx } from './pending-watch.js';
import { ChainError } from '../errors/index.js';
import { explainChainError, incentivesAbi, isNodeRefusal, TransactionError } from './errors.js';
import { chainRead } from './read.js';
import type { ChainContext, OnSent, SendOptions } from './types.js';

/** Who sends, to which node, and how long it waits for receipts. */
export interface Sender {
  ctx: ChainContext;
  wallet: WalletClient<Transport, Chain, Account>;
  receiptTimeoutMs: number;
  /** How long a sent transaction may be unknown to the node (its nonce unused) before it is dropped. */
  droppedAfterMs: number;
  onSent?: OnSent | undefined;
}

/** One call to send: its target, calldata, ABI function name (to decode reverts) and ETH value. */
export interface Call {
  to: Address;
  data: Hex;
  functionName: string;
  value?: bigint;
}

const why = (err: unknown) => (err instanceof BaseError ? err.shortMessage : err instanceof Error ? err.message : String(err));

/** How to find out what became of a transaction that may have been sent. */
const howToCheck = (hash: Hex) =>
  `Check it before sending again (a second send may do it twice): look up its receipt on the node (eth_getTransactionReceipt of ${hash}) or a block explorer, or read the round's state.`;

/** Refuses before anything is sent when the account cannot pay `value` (+ gas). */
function unfunded(action: string, account: Address, balance: bigint, need: bigint, value: bigint, withGas: boolean): ChainError {
  const what = withGas ? (value > 0n ? ` (${formatEther(value)} sent + gas)` : ' for gas') : '';
  const verb = withGas ? `needs about ${formatEther(need)} ETH${what}` : `the call sends ${formatEther(value)} ETH`;
  return new ChainError('UNFUNDED', `${action}: account ${account} has ${formatEther(balance)} ETH but ${verb}; fund it and try again. Nothing was sent.`);
}

/** Simulates the call and returns its gas with a margin; a revert is decoded. Nothing is sent. */
async function simulate(s: Sender, action: string, account: Account, call: Call, value: bigint): Promise<bigint> {
  const request = { account, to: call.to, data: call.data, value };
  try {
    // The simulation reverts with the contract's custom error; estimation gives the gas.
    await s.ctx.publicClient.call(request);
    const gas = await s.ctx.publicClient.estimateGas(request);
    return gas + gas / 5n + 10_000n; // margin: estimation is exact on anvil, not always on other nodes
  } catch (err) {
    const decoded = err instanceof BaseError ? getContractError(err, { abi: incentivesAbi, functionName: call.functionName, args: [], address: call.to }) : err;
    throw explainChainError(decoded, action);
  }
}

/** Signs (local account) and hands the transaction to the node; returns it as watched from then on. */
async function hand(s: Sender, action: string, account: Account, call: Call, value: bigint, gas: bigint, fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }, options: SendOptions): Promise<WatchedTx> {
  const { wallet, ctx } = s;
  const watched = (hash: Hex, nonce: number): WatchedTx => ({ hash, from: account.address, nonce, to: call.to, input: call.data, value });
  if (account.type !== 'local') {
    // A remote signer sends it itself: the hash is known only from the node's reply.
    const nonce = options.nonce ?? (await chainRead(`${action}: reading the nonce of ${account.address}`, () => ctx.publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })));
    try {
      return watched(await wallet.sendTransaction({ to: call.to, data: call.data, value, gas, nonce, ...fees }), nonce);
    } catch (err) {
      if (isNodeRefusal(err)) throw explainChainError(err, action);
      throw new TransactionError('unknown', undefined, `${action}: the transaction MAY have been sent: the signer's reply was lost (${why(err)}); its hash is unknown. Check the account's latest transactions before sending again.`, { cause: err });
    }
  }
  let serialized: Hex;
  let nonce: number;
  try {
    const request = await wallet.prepareTransactionRequest({ to: call.to, data: call.data, value, gas, ...fees, ...(options.nonce === undefined ? {} : { nonce: options.nonce }) });
    nonce = request.nonce;
    serialized = await wallet.signTransaction(request);
  } catch (err) {
    throw explainChainError(err, `${action}: preparing the transaction (nothing was sent)`);
  }
  const hash = keccak256(serialized);
  options.onSigned?.({ hash, nonce, from: account.address, action });
  try {
    await ctx.publicClient.sendRawTransaction({ serializedTransaction: serialized });
  } catch (err) {
    // A retried send that the node already holds answers "already known" / "nonce too low".
    if (isNodeRefusal(err) && !/already known|known transaction|nonce too low|already imported/i.test(why(err))) {
      const explained = explainChainError(err, action);
      throw new TransactionError('refused', hash, `${action}: the node refused transaction ${hash} (${explained.message}); it is not pending.`, { cause: err });
    }
    throw new TransactionError('unknown', hash, `${action}: transaction ${hash} MAY have been sent: the node's reply to eth_sendRawTransaction was lost (${why(err)}). ${howToCheck(hash)}`, { cause: err });
  }
  return watched(hash, nonce);
}

/** The error of a transaction that will never be mined under its hash. */
function fateError(action: string, tx: WatchedTx, fate: Exclude<PendingFate, { kind: 'repriced' }>, droppedAfterMs: number): TransactionError {
  if (fate.kind === 'dropped') {
    return new TransactionError(
      'dropped',
      tx.hash,
      `${action}: transaction ${tx.hash} was dropped: the node no longer knows it (not pending, not mined, for ${Math.round(droppedAfterMs / 1000)} s) and nonce ${tx.nonce} of ${tx.from} is still unused, so it did nothing. ` +
        `Check the round's state and send again: the new transaction takes nonce ${tx.nonce}, so it can only replace this one, never do it twice.`,
    );
  }
  const by = fate.by ? `${fate.by.hash} (${fate.by.blockNumber === null ? 'pending' : `mined in block ${fate.by.blockNumber}`})` : 'another transaction (the node does not say which)';
  return new TransactionError('replaced', tx.hash, `${action}: transaction ${tx.hash} was ${fate.kind} by ${by}, same account ${tx.from} and nonce ${tx.nonce}, so it will never be mined; check the round and send again if it is still needed.`);
}

/**
 * Waits (bounded) for the receipt of the transaction, watching meanwhile that the node still
 * knows it ({@link watchPending}); a replacement by another call, or a drop, is an error. A
 * repriced copy (same call) is waited for in its place.
 */
async function receiptOf(s: Sender, action: string, sent: WatchedTx): Promise<TransactionReceipt> {
  let tx = sent;
  const deadline = Date.now() + s.receiptTimeoutMs;
  for (;;) {
    let replaced: ReplacementReturnType<Chain> | undefined;
    const stop = new AbortController();
    const wait = s.ctx.publicClient
      .waitForTransactionReceipt({
        hash: tx.hash,
        timeout: Math.max(1, deadline - Date.now()),
        signal: stop.signal,
        onReplaced: (r) => {
          replaced = r;
        },
      })
      .then((receipt) => ({ receipt }));
    const watch = watchPending(s.ctx.publicClient, tx, { pollMs: s.ctx.publicClient.pollingInterval, droppedAfterMs: s.droppedAfterMs, signal: stop.signal }).then((fate) => ({ fate }));
    let outcome: { receipt: TransactionReceipt } | { fate: PendingFate | undefined };
    try {
      outcome = await Promise.race([wait, watch]);
    } catch (err) {
      const waited = err instanceof WaitForTransactionReceiptTimeoutError ? `no receipt within ${Math.round(s.receiptTimeoutMs / 1000)} s: it may still be pending` : `waiting for its receipt failed (${why(err)})`;
      throw new TransactionError('unknown', tx.hash, `${action}: transaction ${tx.hash} was sent but its outcome is unknown: ${waited}. ${howToCheck(tx.hash)}`, { cause: err });
    } finally {
      stop.abort();
    }
    if ('fate' in outcome) {
      wait.catch(() => undefined); // the wait runs out on its own; its outcome is no longer needed
      const fate = outcome.fate;
      if (!fate) continue;
      if (fate.kind === 'repriced' && fate.by) {
        tx = { ...tx, hash: fate.by.hash };
        continue;
      }
      throw fateError(action, tx, fate as Exclude<PendingFate, { kind: 'repriced' }>, s.droppedAfterMs);
    }
    if (replaced && replaced.reason !== 'repriced') {
      throw new TransactionError(
        'replaced',
        tx.hash,
        `${action}: transaction ${tx.hash} was ${replaced.reason} by ${replaced.transaction.hash} (same account and nonce), so it will never be mined; check the round and send again if it is still needed.`,
      );
    }
    return outcome.receipt;
  }
}

/**
 * Sends one call through the whole pipeline and returns its successful receipt. `options.nonce`
 * sends with that nonce (a retry that may only replace an earlier attempt, never add to it).
 * @throws InputError / ChainError / ContractRevertError before anything is sent ("Nothing was
 *   sent"); TransactionError (with the hash) after
 */
export async function sendCall(s: Sender, action: string, call: Call, options: SendOptions = {}): Promise<TransactionReceipt> {
  const account = s.wallet.account;
  const value = call.value ?? 0n;
  const { publicClient } = s.ctx;
  const balance = await chainRead(`reading the balance of ${account.address}`, () => publicClient.getBalance({ address: account.address }));
  if (balance < value) throw unfunded(action, account.address, balance, value, value, false);
  const gas = await simulate(s, action, account, call, value);
  const fees = await chainRead(`${action}: reading fees`, () => publicClient.estimateFeesPerGas());
  const need = value + gas * fees.maxFeePerGas;
  if (balance < need) throw unfunded(action, account.address, balance, need, value, true);
  const sent = await hand(s, action, account, call, value, gas, { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas }, options);
  s.onSent?.(sent.hash, action);
  return minedReceipt(s, action, sent);
}

/** The successful receipt of a sent transaction. @throws TransactionError */
async function minedReceipt(s: Sender, action: string, sent: WatchedTx): Promise<TransactionReceipt> {
  const receipt = await receiptOf(s, action, sent);
  if (receipt.status !== 'success') {
    throw new TransactionError('reverted', receipt.transactionHash, `${action}: transaction ${receipt.transactionHash} reverted on chain (block ${receipt.blockNumber}) although its simulation passed (the state changed in between); check the round and try again.`);
  }
  return receipt;
}

/**
 * Waits for a transaction sent earlier (e.g. by an attempt whose reply was lost) as for one just
 * sent: bounded, a drop or a replacement named, a revert an error.
 * @throws ChainError `TX_NOT_FOUND` when the node does not know `hash`; TransactionError
 */
export async function awaitSent(s: Sender, action: string, hash: Hex): Promise<TransactionReceipt> {
  const tx = await chainRead(`${action}: reading transaction ${hash}`, () => s.ctx.publicClient.getTransaction({ hash })).catch((err: unknown) => {
    if (err instanceof ChainError && err.cause instanceof TransactionNotFoundError) throw new ChainError('TX_NOT_FOUND', `${action}: the node does not know transaction ${hash} (never sent, or dropped).`, { cause: err });
    throw err;
  });
  return minedReceipt(s, action, { hash, from: tx.from, nonce: tx.nonce, to: tx.to ?? tx.from, input: tx.input, value: tx.value });
}
