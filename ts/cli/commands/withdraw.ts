import { accountFromEnv } from '../../chain/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
/** `zkml withdraw` (see `zkml withdraw --help`). */
import { zeroAddress, type Address } from 'viem';
import { connectFromFlags, contractFlags, parseAddress } from './chain-common.js';
import { txStep, opts } from './shared.js';

export const withdrawFlags = {
  ...contractFlags,
  token: { type: 'string', placeholder: 'ADDRESS', description: 'withdraw this ERC20 instead of ETH' },
} as const;

/** `zkml withdraw`: pays the PRIVATE_KEY account its whole credit (rewards, remainders, reclaimed escrow). */
async function runWithdraw(argv: string[]): Promise<unknown> {
  const { flags } = parseArgs(argv, withdrawFlags, opts('withdraw'));
  const account = accountFromEnv();
  const asset: Address = flags.token !== undefined ? parseAddress(flags.token, '--token') : zeroAddress;
  const progress = new Progress({ quiet: flags.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account, progress }));
  const tx = await txStep(progress, `withdrawing ${asset === zeroAddress ? 'ETH' : asset}`, () => client.withdraw(asset));
  return { account: account.address, asset: asset === zeroAddress ? 'ETH' : asset, amount: tx.result.amount, tx: tx.hash, gasUsed: tx.gasUsed };
}

/** `zkml withdraw`. */
export const command: Command = {
  name: 'withdraw',
  summary: 'withdraw the PRIVATE_KEY account\'s credits',
  examples: [
    'PRIVATE_KEY=0x… zkml withdraw',
    'PRIVATE_KEY=0x… zkml withdraw --token 0xToken… --json',
  ],
  flags: withdrawFlags,
  run: runWithdraw,
};
