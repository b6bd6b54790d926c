/**
 * `zkml register`: a provider joins a round with its data. The rows are encrypted to the round's
 * owner key with a fresh salt and proven by the registration circuit; the proof and ciphertext go
 * on chain with the registration, so the owner receives the data through the chain alone.
 */
import { accountFromEnv } from '../../chain/index.js';
import { checkDataRange, fixedRows, loadProviderCsv, loadTrainingCsv, rowsOf } from '../../data/index.js';
import { InputError } from '../../errors/index.js';
import { ZkmlProver } from '../../prover/index.js';
import { checkProviderRows, registerProvider, shapeOfRound } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { proverFlags, proverOptions } from './prove.js';
import { hex, opts } from './shared.js';

const flags = {
  ...contractFlags,
  ...proverFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  data: { type: 'string', required: true, placeholder: 'FILE', description: 'your rows: a CSV x1..xd,y, or provider,x1..xd,y with --provider' },
  provider: { type: 'string', placeholder: 'NAME', description: 'your name in --data when it has a provider column' },
} as const;

/** Reads the provider's rows: a plain `x1..xd,y` CSV, or its rows of a `provider,…` CSV. */
function rowsOfFile(path: string, provider: string | undefined) {
  const header = (loadHeader(path) ?? '').split(',')[0]?.trim();
  if (header === 'provider') {
    const training = loadTrainingCsv(path);
    const name = provider ?? (training.providers.length === 1 ? training.providers[0] : undefined);
    if (name === undefined) throw new InputError('ARGS_MISSING_FLAG', `${path} holds ${training.providers.length} providers (${training.providers.join(', ')}); choose yours with --provider NAME.`);
    if (!training.providers.includes(name)) throw new InputError('INPUT_UNKNOWN_PROVIDER', `${path} has no rows of provider ${JSON.stringify(name)}; its providers are ${training.providers.join(', ')}.`);
    return fixedRows(rowsOf(training, name));
  }
  if (provider !== undefined) throw new InputError('ARGS_CONFLICT', `--provider needs a CSV with a provider column; ${path} has none.`);
  return fixedRows(loadProviderCsv(path).rows);
}

/** The first line of a file, if it can be read (the CSV loaders report missing files themselves). */
function loadHeader(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').split(/\r?\n/, 1)[0] : undefined;
}

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('register'));
  const account = accountFromEnv();
  const roundId = parseRoundId(f.round);
  const rows = rowsOfFile(f.data, f.provider);
  const progress = new Progress({ quiet: f.quiet });
  // Each transaction's hash is printed as soon as the node takes it, on this progress.
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account, progress }));
  // The round's rows per provider and data range, checked before Barretenberg starts (registerProvider checks them again for SDK callers).
  const shape = await shapeOfRound(client, roundId);
  checkProviderRows(rows.length, shape, roundId);
  checkDataRange(rows, shape);
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  try {
    let step = progress.start(`encrypting ${rows.length} rows to the round's owner key`);
    const done = await registerProvider(client, prover, {
      roundId,
      rows,
      onStep: (s) => {
        if (s === 'prove') {
          step.done();
          step = progress.start('proving the registration (UltraHonk)');
        }
      },
    }).catch((err: unknown) => {
      step.fail();
      throw err;
    });
    step.done(`registered, gas ${done.tx.gasUsed.toLocaleString('en-US')}`);
    return {
      roundId,
      index: done.tx.result.index,
      account: account.address,
      rows: rows.length,
      commitment: hex(done.registration.commitment),
      tx: done.tx.hash,
      gasUsed: done.tx.gasUsed,
    };
  } finally {
    await prover.destroy();
  }
}

/** `zkml register`. */
export const command: Command = {
  name: 'register',
  summary: 'join a round with your data, delivered encrypted to the owner and proven (PRIVATE_KEY = you)',
  examples: ['PRIVATE_KEY=0x… zkml register --round 1 --data mine.csv', 'PRIVATE_KEY=0x… zkml register --round 1 --data all.csv --provider alice --json'],
  flags,
  run,
};
