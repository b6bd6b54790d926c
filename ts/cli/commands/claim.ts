/**
 * `zkml claim`: credits rewards of a settled round, or the escrow of an expired one (split by
 * rows among its providers), then `zkml withdraw` pays them out. Anyone may claim any slot; the
 * reward always goes to the slot's registered account.
 */
import { accountFromEnv } from '../../chain/index.js';
import { ChainError, InputError } from '../../errors/index.js';
import { claimRewards } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
import { connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { opts } from './shared.js';

const flags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  all: { type: 'boolean', description: "claim every provider's slot, not only your own" },
} as const;

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('claim'));
  const account = accountFromEnv();
  const roundId = parseRoundId(f.round);
  const progress = new Progress({ quiet: f.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account, progress }));
  const phase = await client.phase(roundId);
  if (phase !== 'Settled' && phase !== 'Expired') {
    throw new InputError('NOT_CLAIMABLE', `round ${roundId} is in phase ${phase}: rewards are claimed after settlement, or after the submission deadline if no proof was submitted. Nothing was sent.`);
  }
  let only: number[] | undefined;
  if (!f.all) {
    const index = await client.providerIndex(roundId, account.address);
    if (index === undefined) throw new InputError('NOT_A_PROVIDER', `${account.address} did not register in round ${roundId}; pass --all to claim for every provider. Nothing was sent.`);
    const slot = (await client.getProviders(roundId)).find((p) => p.index === index);
    if (slot && !slot.delivered) {
      throw new ChainError('NOT_DELIVERED', `slot ${index} of round ${roundId} (${account.address}) did not deliver its data by the delivery deadline: it is excluded from the settlement and its deposit went into the pool; there is nothing to claim. Nothing was sent.`);
    }
    only = [index];
  }
  const claimed = await progress.step(`claiming round ${roundId}`, () => claimRewards(client, roundId, only));
  return { roundId, phase, claimed: claimed.map((c) => ({ index: c.index, provider: c.provider, amount: c.amount, gasUsed: c.gasUsed })) };
}

/** `zkml claim`. */
export const command: Command = {
  name: 'claim',
  summary: 'credit your reward of a settled round, or your share of an expired one (then withdraw)',
  examples: ['PRIVATE_KEY=0x… zkml claim --round 1', 'PRIVATE_KEY=0x… zkml claim --round 1 --all --json'],
  flags,
  run,
};
