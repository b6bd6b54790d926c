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
 *    have been sent), another transaction took its nonce (`TX_REPLACED`), or it was mined and
 *    reverted (`TX_REVERTED`). `onSent(hash)` hears the hash as soon as the node accepted it.
 */
import {
  BaseError,
  formatEther,
  getContractError,
  keccak256,
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
import { ChainError } from '../errors/index.js';
import { explainChainError, incentivesAbi, isNodeRefusal, TransactionError } from './errors.js';
import { chainRead } from './read.js';
import type { ChainContext, OnSent } from './types.js';

/** Who sends, to which node, and how long it waits for receipts. */
export interface Sender {
  ctx: ChainContext;
  wallet: WalletClient<Transport, Chain, Account>;
  receiptTimeoutMs: number;
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
  `Check it before sending again (a second send may do it twice): \`cast receipt ${hash} --rpc-url <node>\`, a block explorer, or \`zkml status\`.`;

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

/** Signs (local account) and hands the transaction to the node; returns its hash. */
async function hand(s: Sender, action: string, account: Account, call: Call, value: bigint, gas: bigint, fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): Promise<Hex> {
  const { wallet, ctx } = s;
  if (account.type !== 'local') {
    // A remote signer sends it itself: the hash is known only from the node's reply.
    try {
      return await wallet.sendTransaction({ to: call.to, data: call.data, value, gas, ...fees });
    } catch (err) {
      if (isNodeRefusal(err)) throw explainChainError(err, action);
      throw new TransactionError('unknown', undefined, `${action}: the transaction MAY have been sent: the signer's reply was lost (${why(err)}); its hash is unknown. Check the account's latest transactions before sending again.`, { cause: err });
    }
  }
  let serialized: Hex;
  try {
    const request = await wallet.prepareTransactionRequest({ to: call.to, data: call.data, value, gas, ...fees });
    serialized = await wallet.signTransaction(request);
  } catch (err) {
    throw explainChainError(err, `${action}: preparing the transaction (nothing was sent)`);
  }
  const hash = keccak256(serialized);
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
  return hash;
}

/** Waits (bounded) for the receipt of `hash`; a replacement of another call is an error. */
async function receiptOf(s: Sender, action: string, hash: Hex): Promise<TransactionReceipt> {
  let replaced: ReplacementReturnType<Chain> | undefined;
  let receipt: TransactionReceipt;
  try {
    receipt = await s.ctx.publicClient.waitForTransactionReceipt({
      hash,
      timeout: s.receiptTimeoutMs,
      onReplaced: (r) => {
        replaced = r;
      },
    });
  } catch (err) {
    const wait = err instanceof WaitForTransactionReceiptTimeoutError ? `no receipt within ${Math.round(s.receiptTimeoutMs / 1000)} s: it may still be pending, or have been dropped` : `waiting for its receipt failed (${why(err)})`;
    throw new TransactionError('unknown', hash, `${action}: transaction ${hash} was sent but its outcome is unknown: ${wait}. ${howToCheck(hash)}`, { cause: err });
  }
  if (replaced && replaced.reason !== 'repriced') {
    throw new TransactionError(
      'replaced',
      hash,
      `${action}: transaction ${hash} was ${replaced.reason} by ${replaced.transaction.hash} (same account and nonce), so it will never be mined; check the round and send again if it is still needed.`,
    );
  }
  return receipt;
}

/**
 * Sends one call through the whole pipeline and returns its successful receipt.
 * @throws InputError / ChainError / ContractRevertError before anything is sent ("Nothing was
 *   sent"); TransactionError (with the hash) after
 */
export async function sendCall(s: Sender, action: string, call: Call): Promise<TransactionReceipt> {
  const account = s.wallet.account;
  const value = call.value ?? 0n;
  const { publicClient } = s.ctx;
  const balance = await chainRead(`reading the balance of ${account.address}`, () => publicClient.getBalance({ address: account.address }));
  if (balance < value) throw unfunded(action, account.address, balance, value, value, false);
  const gas = await simulate(s, action, account, call, value);
  const fees = await chainRead(`${action}: reading fees`, () => publicClient.estimateFeesPerGas());
  const need = value + gas * fees.maxFeePerGas;
  if (balance < need) throw unfunded(action, account.address, balance, need, value, true);
  const hash = await hand(s, action, account, call, value, gas, { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas });
  s.onSent?.(hash, action);
  const receipt = await receiptOf(s, action, hash);
  if (receipt.status !== 'success') {
    throw new TransactionError('reverted', receipt.transactionHash, `${action}: transaction ${receipt.transactionHash} reverted on chain (block ${receipt.blockNumber}) although its simulation passed (the state changed in between); check the round and try again.`);
  }
  return receipt;
}
