/**
 * The one check of a node before anything is read from it or sent to it: it answers, and it is on
 * the expected chain. Used by {@link connect}, {@link deployContracts}, the CLI and the forge-script
 * deployment record, so that every caller says the same thing.
 */
import type { PublicClient } from 'viem';
import { ChainError } from '../errors/index.js';

/** Options of {@link checkChain}. */
export interface CheckChainOptions {
  /** The node's URL, named in the messages. */
  rpcUrl: string;
  /** Refuse any other chain. */
  expectedChainId?: number | undefined;
  /** What the caller has not done when it refuses (default `Nothing was sent.`). */
  nothingDone?: string;
}

/**
 * Asks the node for its chain id and checks it against `expectedChainId`. The errors carry
 * `details.option = 'rpcUrl'` (and `expectedChainId`), so a caller can name its own setting.
 * @returns the node's chain id
 * @throws ChainError `RPC_UNREACHABLE` (no answer), `WRONG_CHAIN`
 */
export async function checkChain(publicClient: Pick<PublicClient, 'getChainId'>, options: CheckChainOptions): Promise<number> {
  const { rpcUrl, expectedChainId } = options;
  const nothing = options.nothingDone ?? 'Nothing was sent.';
  let chainId: number;
  try {
    chainId = await publicClient.getChainId();
  } catch (err) {
    throw new ChainError('RPC_UNREACHABLE', `cannot reach the node at ${rpcUrl}; is it running? Check the node's URL (the rpcUrl option). ${nothing}`, { cause: err, details: { option: 'rpcUrl', rpcUrl } });
  }
  if (expectedChainId !== undefined && chainId !== expectedChainId) {
    throw new ChainError('WRONG_CHAIN', `the node at ${rpcUrl} is on chain ${chainId}, not chain ${expectedChainId}; point the rpcUrl option at a node of chain ${expectedChainId}, or expect chain ${chainId}. ${nothing}`, {
      details: { option: 'rpcUrl', rpcUrl, chainId: String(chainId), expectedChainId: String(expectedChainId) },
    });
  }
  return chainId;
}
