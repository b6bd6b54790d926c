/** `zkml withdraw` (see `zkml withdraw --help`). */
import { zeroAddress, type Address } from 'viem';
import { accountFromEnv } from '../../chain/client.js';
import { parseArgs } from '../../terminal/args.js';
import { Progress } from '../../terminal/progress.js';
import { connectFromFlags, contractFlags, parseAddress, printJson } from './chain-common.js';
import { txStep, opts } from './shared.js';

export const withdrawFlags = {
  ...contractFlags,
  token: { type: 'string', placeholder: 'ADDRESS', description: 'withdraw this ERC20 instead of ETH' },
} as const;

/** `zkml withdraw`: pays the PRIVATE_KEY account its whole credit (rewards, remainders, reclaimed escrow). */
export async function runWithdraw(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, withdrawFlags, opts('withdraw'));
  const account = accountFromEnv();
  const asset: Address = flags.token !== undefined ? parseAddress(flags.token, '--token') : zeroAddress;
  const progress = new Progress({ quiet: flags.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account }));
  const tx = await txStep(progress, `withdrawing ${asset === zeroAddress ? 'ETH' : asset}`, () => client.withdraw(asset));
  printJson({ account: account.address, asset: asset === zeroAddress ? 'ETH' : asset, amount: tx.result.amount, tx: tx.hash, gasUsed: tx.gasUsed });
}
