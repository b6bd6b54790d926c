/** Reads of a round's providers, their rewards and accounts' credits and balances. */
import { zeroAddress, type Address } from 'viem';
import { chainRead } from './read.js';
import { incentivesAbi } from './errors.js';
import type { ChainContext, ProviderInfo } from './types.js';

/** Registered providers in registration order (slots), delivered or not. */
export async function readProviders(ctx: ChainContext, roundId: bigint): Promise<ProviderInfo[]> {
  const providers = await chainRead(`reading the providers of round ${roundId}`, () =>
    ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'getProviders', args: [roundId] }),
  );
  return providers.map((p, index) => ({
    index,
    provider: p.account,
    commitment: p.commitment,
    statsCommitment: p.statsCommitment,
    numRows: p.numRows,
    rowsBefore: p.rowsBefore,
    claimed: p.claimed,
    delivered: p.delivered,
    settlementIndex: p.settlementIndex,
  }));
}

/** The delivered providers in delivery order (the settlement's order: position i ↔ shapley[i]). */
export function deliveryOrder(providers: readonly ProviderInfo[]): ProviderInfo[] {
  return providers.filter((p) => p.delivered).sort((a, b) => a.settlementIndex - b.settlementIndex);
}

/** The slot of `account` in the round, or undefined if it did not register. */
export async function readProviderIndex(ctx: ChainContext, roundId: bigint, account: Address): Promise<number | undefined> {
  const [registered, index] = await chainRead(`reading the slot of ${account}`, () =>
    ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'providerIndex', args: [roundId, account] }),
  );
  return registered ? Number(index) : undefined;
}

/** What `claim(roundId, index)` would credit now (0 when not claimable or already claimed). */
export function readClaimable(ctx: ChainContext, roundId: bigint, index: number): Promise<bigint> {
  return chainRead(`reading the claimable reward of slot ${index}`, () =>
    ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'claimable', args: [roundId, BigInt(index)] }),
  );
}

/** Whether `account` may register in the round as far as its allowlist is concerned. */
export function readIsAllowed(ctx: ChainContext, roundId: bigint, account: Address): Promise<boolean> {
  return chainRead(`reading the allowlist of round ${roundId}`, () =>
    ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'isAllowed', args: [roundId, account] }),
  );
}

/** Withdrawable credit of `account` in `asset` (default ETH). */
export function readCredits(ctx: ChainContext, account: Address, asset: Address = zeroAddress): Promise<bigint> {
  return chainRead(`reading the credit of ${account}`, () =>
    ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'credits', args: [account, asset] }),
  );
}

/** ETH balance of an address. */
export function readBalance(ctx: Pick<ChainContext, 'publicClient'>, address: Address): Promise<bigint> {
  return chainRead(`reading the balance of ${address}`, () => ctx.publicClient.getBalance({ address }));
}
