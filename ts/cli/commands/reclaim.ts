/** `zkml reclaim`: credits the escrow of an expired round back to its owner (then `zkml withdraw`). */
import { accountFromEnv } from '../../chain/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
import { connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { opts, txStep } from './shared.js';

const flags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
} as const;

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('reclaim'));
  const account = accountFromEnv();
  const roundId = parseRoundId(f.round);
  const progress = new Progress({ quiet: f.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account, progress }));
  const tx = await txStep(progress, `reclaiming round ${roundId}`, () => client.reclaim(roundId));
  return { roundId, owner: account.address, credited: tx.result.amount, tx: tx.hash, gasUsed: tx.gasUsed };
}

/** `zkml reclaim`. */
export const command: Command = {
  name: 'reclaim',
  summary: 'return the escrow of an expired round to its owner (then `zkml withdraw`)',
  examples: ['PRIVATE_KEY=0x… zkml reclaim --round 1'],
  flags,
  run,
};
