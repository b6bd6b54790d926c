/** Helpers shared by the chain commands of the `zkml` CLI. */
import { type IncentivesEvent, type TxResult, privateKeyFromEnv } from '../../chain/index.js';
import type { TrainingSet } from '../../data/index.js';
import { InputError } from '../../errors/index.js';
import { PACKAGE_ROOT } from '../../files/index.js';
import { fieldHex } from '../../protocol/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import { relative } from 'node:path';
import { KEY_HINTS, nodeChainId, nodeFlags, rpcUrlOf } from './chain-common.js';

export const opts = (command: string) => ({ command: `zkml ${command}`, hints: KEY_HINTS });
export const gas = (g: bigint) => `gas ${g.toLocaleString('en-US')}`;
export const hex = (v: bigint) => fieldHex(v);

/** One transaction as a progress step ("simulate, send, confirm"), noting its gas. */
export async function txStep<T>(progress: Progress, label: string, fn: () => Promise<TxResult<T>>): Promise<TxResult<T>> {
  const step = progress.start(`${label} (simulate, send, confirm)`);
  try {
    const tx = await fn();
    step.done(gas(tx.gasUsed));
    return tx;
  } catch (err) {
    step.fail();
    throw err;
  }
}

/** Amounts claimed in a round, per account, from its `RewardClaimed` events. */
export function claimedIn(events: readonly IncentivesEvent[], roundId: bigint): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const e of events) {
    if (e.eventName !== 'RewardClaimed' || e.args.roundId !== roundId) continue;
    const { provider, amount } = e.args;
    if (provider === undefined || amount === undefined) continue;
    out.set(provider, (out.get(provider) ?? 0n) + amount);
  }
  return out;
}

export function exclusive(a: unknown, b: unknown, message: string): void {
  if ((a === undefined) === (b === undefined)) throw new InputError('ARGS_CONFLICT', message);
}

/** The providers of a training CSV to commit for: `--provider`, all, or the file's only provider. */
export function selectProviders(training: TrainingSet, provider: string | undefined, all: boolean, command: string): string[] {
  if (provider !== undefined) {
    if (!training.providers.includes(provider)) {
      throw new InputError('INPUT_UNKNOWN_PROVIDER', `${training.file} has no rows of provider ${JSON.stringify(provider)}; its providers are ${training.providers.join(', ')}.`);
    }
    return [provider];
  }
  if (all || training.providers.length === 1) return [...training.providers];
  throw new InputError(
    'ARGS_MISSING_FLAG',
    `${training.file} holds ${training.providers.length} providers (${training.providers.join(', ')}); choose yours with --provider NAME${command === 'commit' ? ' (or --all for every one)' : ''}.`,
  );
}
