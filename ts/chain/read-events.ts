/**
 * The contract's logs, read from the deployment block in bounded ranges: one `eth_getLogs` spans
 * at most `logRange` blocks; a range the node refuses (too many blocks or results) is halved and
 * retried, down to {@link MIN_LOG_RANGE} blocks, below which the refusal is a ChainError.
 */
import { BaseError, parseEventLogs, type Log } from 'viem';
import { ChainError } from '../errors/index.js';
import { zkmlIncentivesAbi } from '../generated/abi.js';
import { explainChainError, isNodeRefusal } from './errors.js';
import { chainRead } from './read.js';
import { readCiphertexts } from './read-delivery.js';
import { readProviders } from './read-providers.js';
import type { ChainContext, IncentivesEvent, ProviderInfo, RegistrationEvent } from './types.js';

/** The smallest range (in blocks) a refused `eth_getLogs` is halved to before giving up. */
export const MIN_LOG_RANGE = 1n;

/**
 * Every log of the contract in blocks `fromBlock` (default the context's) to the latest block,
 * in order, read `ctx.logRange` blocks at a time.
 * @throws ChainError `LOG_RANGE_REFUSED` when the node refuses even {@link MIN_LOG_RANGE} block
 */
export async function readLogs(ctx: ChainContext, action: string, fromBlock: bigint = ctx.fromBlock): Promise<Log[]> {
  const latest = await chainRead(`${action}: reading the latest block number`, () => ctx.publicClient.getBlockNumber({ cacheTime: 0 }));
  const logs: Log[] = [];
  let range = ctx.logRange > 0n ? ctx.logRange : 1n;
  for (let from = fromBlock; from <= latest; ) {
    const to = from + range - 1n < latest ? from + range - 1n : latest;
    try {
      logs.push(...(await ctx.publicClient.getLogs({ address: ctx.contract, fromBlock: from, toBlock: to })));
      from = to + 1n;
    } catch (err) {
      if (!isNodeRefusal(err)) throw explainChainError(err, `${action} (blocks ${from}..${to})`);
      if (range <= MIN_LOG_RANGE) {
        throw new ChainError(
          'LOG_RANGE_REFUSED',
          `${action}: the node refuses eth_getLogs even for ${range} block(s) (block ${from}): ${err instanceof BaseError ? err.shortMessage : String(err)}. ` +
            "Use a node that serves logs (an archive or non-pruning node): check the node's URL (the rpcUrl option).",
          { cause: err, details: { option: 'rpcUrl' } },
        );
      }
      range = range / 2n > MIN_LOG_RANGE ? range / 2n : MIN_LOG_RANGE;
    }
  }
  return logs;
}

/** Every event of the contract (optionally only of one round; `Withdrawn` has no round and is kept). */
export async function readEvents(ctx: ChainContext, options: { roundId?: bigint; fromBlock?: bigint } = {}): Promise<IncentivesEvent[]> {
  const events = parseEventLogs({ abi: zkmlIncentivesAbi, logs: await readLogs(ctx, 'reading events', options.fromBlock) });
  if (options.roundId === undefined) return events;
  return events.filter((e) => !('roundId' in e.args) || e.args.roundId === options.roundId);
}

/**
 * The deliveries of a round, from the contract's logs, with what each slot registered and its
 * ciphertext: what the owner decrypts, in delivery order (the settlement's order). A log carries
 * only the ciphertext's hash; the bytes are read from the delivering transaction's input, or from
 * its call trace when it came through a contract (read-delivery.ts), and checked against the hash.
 * @throws ChainError `TRACE_UNAVAILABLE` (a delivery sent through a contract, a node without
 *         debug_traceTransaction), `CIPHERTEXT_MISMATCH`, `REGISTRATION_NOT_FOUND` (a delivery of a
 *         slot the contract does not hold)
 * @param known the round's slots (`getProviders`) when the caller already read them
 */
export async function readRegistrations(ctx: ChainContext, roundId: bigint, fromBlock?: bigint, known?: readonly ProviderInfo[]): Promise<RegistrationEvent[]> {
  const [logs, slots] = await Promise.all([readLogs(ctx, `reading the deliveries of round ${roundId}`, fromBlock), known ?? readProviders(ctx, roundId)]);
  const logged = parseEventLogs({ abi: zkmlIncentivesAbi, logs, eventName: 'DataDelivered', args: { roundId } }).map((e) => {
    const index = Number(e.args.index);
    const slot = slots[index];
    if (!slot) throw new ChainError('REGISTRATION_NOT_FOUND', `round ${roundId} logs a delivery for slot ${index}, which the contract does not hold; the node returned inconsistent data: try another node (the rpcUrl option).`);
    return {
      roundId,
      provider: e.args.provider,
      index,
      settlementIndex: Number(e.args.settlementIndex),
      commitment: slot.commitment,
      statsCommitment: slot.statsCommitment,
      numRows: slot.numRows,
      ephemeralKey: { x: e.args.ephemeralKey[0], y: e.args.ephemeralKey[1] },
      ciphertextHash: e.args.ciphertextHash,
      transactionHash: e.transactionHash,
      blockNumber: e.blockNumber,
    };
  });
  logged.sort((a, b) => a.settlementIndex - b.settlementIndex);
  const ciphertexts = await readCiphertexts(ctx, logged);
  return logged.map((e, i) => ({ ...e, ciphertext: ciphertexts[i]! }));
}
