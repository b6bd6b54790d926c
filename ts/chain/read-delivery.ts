/**
 * Where a delivery's ciphertext is: `DataDelivered` logs only its hash (`ciphertextHash` =
 * keccak256 of the C 32-byte words), and the bytes are in the `deliver` call's input. A delivery
 * sent straight to the contract (tx.to = the contract) carries that call as the transaction's
 * input; one sent through a contract (a smart-contract wallet, a forwarder) makes it an internal
 * call, which only a call trace shows (`debug_traceTransaction`, callTracer). Either way the
 * decoded call must match the log: round, payee (the call's sender), ephemeral key, and the hash
 * of its ciphertext.
 *
 * Requests: one `eth_getTransactionByHash` per transaction, and one `debug_traceTransaction` only
 * for a transaction that is not a direct call (both are shared by the deliveries of one
 * transaction).
 */
import { BaseError, decodeFunctionData, encodePacked, keccak256, MethodNotFoundRpcError, MethodNotSupportedRpcError, type Address, type Hex } from 'viem';
import { ChainError } from '../errors/index.js';
import { zkmlIncentivesAbi } from '../generated/abi.js';
import { explainChainError } from './errors.js';
import { chainRead } from './read.js';
import type { ChainContext, CurvePoint } from './types.js';

/** What a `DataDelivered` log says about a delivery (its ciphertext is only hashed), with what the slot registered. */
export interface LoggedRegistration {
  roundId: bigint;
  provider: Address;
  commitment: bigint;
  statsCommitment: bigint;
  numRows: number;
  ephemeralKey: CurvePoint;
  ciphertextHash: Hex;
  transactionHash: Hex;
}

/** One frame of geth's `callTracer` output (the fields read here). */
export interface CallFrame {
  type: string;
  from: Address;
  to?: Address;
  input: Hex;
  error?: string;
  calls?: CallFrame[];
}

/** keccak256 of the ciphertext's 32-byte words, concatenated: what `DataDelivered` logs. */
export function ciphertextHash(ciphertext: readonly bigint[]): Hex {
  return keccak256(encodePacked(['uint256[]'], [[...ciphertext]]));
}

/** A decoded `deliver` call's arguments. */
interface DeliverCall {
  roundId: bigint;
  ephemeralKey: readonly [bigint, bigint];
  ciphertext: readonly bigint[];
}

/** The arguments of `input` when it is a `deliver` call, else undefined. */
function decodeDeliver(input: Hex): DeliverCall | undefined {
  try {
    const d = decodeFunctionData({ abi: zkmlIncentivesAbi, data: input });
    if (d.functionName !== 'deliver') return undefined;
    const [roundId, ephemeralKey, ciphertext] = d.args;
    return { roundId, ephemeralKey, ciphertext };
  } catch {
    return undefined;
  }
}

/** Whether the call's arguments other than the ciphertext are the log's. */
function sameFields(c: DeliverCall, log: LoggedRegistration): boolean {
  return (
    c.roundId === log.roundId &&
    c.ephemeralKey[0] === log.ephemeralKey.x &&
    c.ephemeralKey[1] === log.ephemeralKey.y
  );
}

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The `deliver` calls to `contract` in a call trace that succeeded (a reverted frame logs
 * nothing), with their sender: every CALL frame to the contract whose input decodes as `deliver`.
 */
export function deliverCallsInTrace(trace: CallFrame, contract: Address): { from: Address; call: DeliverCall }[] {
  const found: { from: Address; call: DeliverCall }[] = [];
  const walk = (f: CallFrame) => {
    if (f.error !== undefined) return;
    if (f.type.toUpperCase() === 'CALL' && same(f.to, contract)) {
      const call = decodeDeliver(f.input);
      if (call) found.push({ from: f.from, call });
    }
    for (const c of f.calls ?? []) walk(c);
  };
  walk(trace);
  return found;
}

/**
 * The ciphertext of `log` among `calls` (the `deliver` calls of its transaction, with their
 * senders): the call from the log's provider with the log's round and ephemeral key
 * whose ciphertext hashes to the logged hash (when several match the fields, the hash decides).
 * @throws ChainError `CIPHERTEXT_MISMATCH` when no call matches the log
 */
export function ciphertextOfCalls(log: LoggedRegistration, calls: readonly { from: Address; call: DeliverCall }[], where: string): bigint[] {
  const candidates = calls.filter((c) => same(c.from, log.provider) && sameFields(c.call, log));
  const match = candidates.find((c) => ciphertextHash(c.call.ciphertext) === log.ciphertextHash);
  if (match) return [...match.call.ciphertext];
  throw new ChainError(
    'CIPHERTEXT_MISMATCH',
    `the delivery of ${log.provider} to round ${log.roundId} (transaction ${log.transactionHash}) logs ciphertext hash ${log.ciphertextHash}, but ${
      candidates.length === 0 ? `no deliver call from ${log.provider} with the logged round and ephemeral key was found in ${where}` : `none of the ${candidates.length} matching deliver call(s) in ${where} has a ciphertext with that hash`
    }. The node returned data that does not match the contract's log; try another node (the rpcUrl option).`,
    { details: { option: 'rpcUrl', transaction: log.transactionHash } },
  );
}

/** Whether `err` says the node does not serve the method (missing, disabled or not allowed). */
function isMethodUnavailable(err: unknown): boolean {
  if (!(err instanceof BaseError)) return false;
  return Boolean(
    err.walk((e) => {
      if (e instanceof MethodNotFoundRpcError || e instanceof MethodNotSupportedRpcError) return true;
      const msg = e instanceof Error ? e.message : '';
      return /method .*(not found|does not exist|not available|not supported|is not whitelisted)|not allowed|unsupported method|namespace .* disabled/i.test(msg);
    }),
  );
}

/** The call trace of a transaction. @throws ChainError `TRACE_UNAVAILABLE` when the node has no debug_traceTransaction */
async function traceCalls(ctx: ChainContext, hash: Hex, log: LoggedRegistration): Promise<CallFrame> {
  try {
    return (await ctx.publicClient.request({ method: 'debug_traceTransaction', params: [hash, { tracer: 'callTracer' }] } as never)) as CallFrame;
  } catch (err) {
    if (!isMethodUnavailable(err)) throw explainChainError(err, `tracing transaction ${hash}`);
    throw new ChainError(
      'TRACE_UNAVAILABLE',
      `the delivery of ${log.provider} to round ${log.roundId} was sent through a contract (transaction ${hash} does not call the round's contract directly, e.g. a smart-contract wallet), ` +
        'so its ciphertext is in an internal call that only a call trace shows, and this node does not serve debug_traceTransaction. ' +
        'Read it with a node that has debug_traceTransaction (e.g. anvil, geth or reth with the debug API enabled, or an archive provider that offers tracing): set the rpcUrl option.',
      { cause: err, details: { option: 'rpcUrl', transaction: hash } },
    );
  }
}

/**
 * The ciphertexts of `logs` (same order), recovered from their transactions and checked against
 * the logged hashes: one `getTransaction` per transaction, one trace per transaction that does
 * not call the contract directly.
 * @throws ChainError `TRACE_UNAVAILABLE`, `CIPHERTEXT_MISMATCH`
 */
export async function readCiphertexts(ctx: ChainContext, logs: readonly LoggedRegistration[]): Promise<bigint[][]> {
  const byTx = new Map<Hex, Promise<{ from: Address; call: DeliverCall }[]>>();
  const callsOf = (log: LoggedRegistration) => {
    const hash = log.transactionHash;
    let p = byTx.get(hash);
    if (!p) {
      p = (async () => {
        const tx = await chainRead(`reading delivery transaction ${hash}`, () => ctx.publicClient.getTransaction({ hash }));
        if (same(tx.to ?? undefined, ctx.contract)) {
          const call = decodeDeliver(tx.input);
          return call ? [{ from: tx.from, call }] : [];
        }
        return deliverCallsInTrace(await traceCalls(ctx, hash, log), ctx.contract);
      })();
      byTx.set(hash, p);
    }
    return p;
  };
  return Promise.all(logs.map(async (log) => ciphertextOfCalls(log, await callsOf(log), `transaction ${log.transactionHash}`)));
}
