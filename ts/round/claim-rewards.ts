/**
 * Claims rewards of a settled or expired round: `claim` credits each provider's share (anyone may
 * call it; the reward always goes to the registered account), then each provider `withdraw`s.
 */
import type { Address } from 'viem';
import type { ZkmlClient } from '../chain/client.js';

/** One claimed slot. */
export interface ClaimedReward {
  index: number;
  provider: Address;
  amount: bigint;
  gasUsed: bigint;
}

/**
 * Claims every unclaimed slot with a positive reward (`only`: just these slots, e.g. the caller's).
 * Slots with nothing to claim are skipped, so running it twice is harmless.
 */
export async function claimRewards(client: ZkmlClient, roundId: bigint, only?: readonly number[]): Promise<ClaimedReward[]> {
  const providers = await client.getProviders(roundId);
  const out: ClaimedReward[] = [];
  for (const p of providers) {
    if (p.claimed || (only && !only.includes(p.index))) continue;
    if ((await client.claimable(roundId, p.index)) === 0n) continue;
    const tx = await client.claim(roundId, p.index);
    out.push({ index: p.index, provider: tx.result.provider, amount: tx.result.amount, gasUsed: tx.gasUsed });
  }
  return out;
}
