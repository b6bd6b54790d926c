import type { Command } from '../command.js';
/** `zkml register` (see `zkml register --help`). */
import { accountFromEnv } from '../../chain/client.js';
import { providerCommitment } from '../../circuit/commitment.js';
import { loadTrainingCsv, rowsOf } from '../../data/csv.js';
import { InputError } from '../../errors.js';
import { fixedRows } from '../../round/dataset.js';
import { parseArgs } from '../../terminal/args.js';
import { Progress } from '../../terminal/progress.js';
import { connectFromFlags, contractFlags, parseFieldElement, parseRoundId, printJson, saltsFor, withBarretenberg } from './chain-common.js';
import { txStep, exclusive, selectProviders, opts, hex } from './shared.js';

export const registerFlags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  commitment: { type: 'string', placeholder: 'C', description: 'your data commitment (from `zkml commit` with --payee = this account)' },
  data: { type: 'string', placeholder: 'FILE', description: 'or: your training CSV, committed here (with --salts)' },
  provider: { type: 'string', placeholder: 'NAME', description: 'your name in --data, if it holds several providers' },
  salts: { type: 'string', placeholder: 'FILE', description: 'salts JSON for --data (created if missing)' },
} as const;

/** `zkml register`: registers the PRIVATE_KEY account as a provider of a round with its commitment. */
async function runRegister(argv: string[]): Promise<unknown> {
  const { flags } = parseArgs(argv, registerFlags, opts('register'));
  const account = accountFromEnv();
  const roundId = parseRoundId(flags.round);
  exclusive(flags.commitment, flags.data, 'zkml register: give --commitment C or --data FILE (with --salts FILE), exactly one.');
  if (flags.data !== undefined && flags.salts === undefined) throw new InputError('ARGS_MISSING_FLAG', 'zkml register: --data needs --salts FILE (your secret salt; created if missing).');
  if (flags.data === undefined && flags.provider !== undefined) throw new InputError('ARGS_CONFLICT', 'zkml register: --provider needs --data FILE.');
  const progress = new Progress({ quiet: flags.quiet });
  let commitment: bigint;
  if (flags.data !== undefined) {
    const training = loadTrainingCsv(flags.data);
    const [name] = selectProviders(training, flags.provider, false, 'register');
    const salts = saltsFor(flags.salts!, [name!], progress);
    const rows = fixedRows(rowsOf(training, name!));
    commitment = await withBarretenberg(progress, (api) =>
      progress.step(`committing to the ${rows.length} rows of ${name}`, () => providerCommitment(api, rows, salts.providers[name!]!, BigInt(account.address))),
    );
  } else {
    commitment = parseFieldElement(flags.commitment!, '--commitment');
  }
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account }));
  const tx = await txStep(progress, `registering in round ${roundId}`, () => client.register(roundId, commitment));
  return { roundId, index: tx.result.index, account: account.address, commitment: hex(commitment), tx: tx.hash, gasUsed: tx.gasUsed };
}

/** `zkml register`. */
export const command: Command = {
  name: 'register',
  summary: 'register the PRIVATE_KEY account as a provider of a round',
  examples: [
    'PRIVATE_KEY=0x… zkml register --round 1 --data mine.csv --salts mine.salts.json',
    'PRIVATE_KEY=0x… zkml register --round 1 --commitment 0x0a8f…',
  ],
  flags: registerFlags,
  run: runRegister,
};
