import { accountFromEnv } from '../../chain/index.js';
import { providerCommitment, validationCommitment } from '../../circuit/index.js';
import { fixedRows, loadTrainingCsv, loadValidationCsv, rowsOf } from '../../data/index.js';
import { InputError } from '../../errors/index.js';
import { readPayees } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
import { renderHuman } from '../output.js';
/** `zkml commit` (see `zkml commit --help`). */
import { getAddress } from 'viem';
import { parseAddress, saltsFor, withBarretenberg } from './chain-common.js';
import { chooseShape, shapeChoiceLine, shapeFlag } from './shape-flag.js';
import { selectProviders, opts, hex } from './shared.js';

export const commitFlags = {
  data: { type: 'string', placeholder: 'FILE', description: 'training CSV provider,x1,y (the provider\'s rows)' },
  provider: { type: 'string', placeholder: 'NAME', description: 'whose rows to commit to (needed when the CSV holds several providers)' },
  all: { type: 'boolean', description: 'commit for every provider of --data (prints JSON)' },
  validation: { type: 'string', placeholder: 'FILE', description: 'validation CSV x1,y: the validation set\'s commitment (for create-round)' },
  salts: { type: 'string', required: true, placeholder: 'FILE', description: 'salts JSON (as for `zkml prove`); missing salts are created' },
  payee: { type: 'string', placeholder: 'ADDRESS', description: 'the address that will register these rows and be paid (bound into the commitment; default: the PRIVATE_KEY account)' },
  payees: { type: 'string', placeholder: 'FILE', description: 'or: JSON {"provider": "0x…"} of every provider\'s address (as for `zkml prove --payees`)' },
  ...shapeFlag,
  quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
} as const;

/** The payee (registering address) of each provider to commit for, from --payee, --payees or PRIVATE_KEY. */
function payeesFor(names: readonly string[], payee: string | undefined, payeesFile: string | undefined): Record<string, bigint> {
  if (names.length === 0) return {};
  if (payee !== undefined && payeesFile !== undefined) throw new InputError('ARGS_CONFLICT', 'zkml commit: give --payee ADDRESS or --payees FILE, not both.');
  if (payeesFile !== undefined) return readPayees(payeesFile, names);
  if (payee === undefined && !process.env['PRIVATE_KEY']?.trim()) {
    throw new InputError(
      'ARGS_MISSING_FLAG',
      'zkml commit: a provider\'s commitment binds the address it registers from; give --payee ADDRESS (or --payees FILE), or set PRIVATE_KEY to the registering account.',
    );
  }
  if (names.length > 1) throw new InputError('ARGS_MISSING_FLAG', 'zkml commit: with several providers give --payees FILE (every provider\'s address), not one address for all.');
  const address = payee !== undefined ? parseAddress(payee, '--payee') : accountFromEnv().address;
  if (BigInt(address) === 0n) throw new InputError('ARGS_BAD_VALUE', '--payee must not be the zero address.');
  return { [names[0]!]: BigInt(address) };
}

/** `zkml commit`: a provider's data commitment (what it registers), or the validation set's. */
async function runCommit(argv: string[]): Promise<unknown> {
  const { flags } = parseArgs(argv, commitFlags, opts('commit'));
  if (flags.data === undefined && flags.validation === undefined) {
    throw new InputError('ARGS_MISSING_FLAG', 'zkml commit: give --data FILE (a provider\'s commitment) or --validation FILE (the validation set\'s).');
  }
  if (flags.data === undefined && (flags.provider !== undefined || flags.all || flags.payee !== undefined || flags.payees !== undefined)) {
    throw new InputError('ARGS_CONFLICT', 'zkml commit: --provider, --all, --payee and --payees need --data FILE.');
  }
  if (flags.provider !== undefined && flags.all) throw new InputError('ARGS_CONFLICT', 'zkml commit: give --provider NAME or --all, not both.');
  const progress = new Progress({ quiet: flags.quiet });
  const training = flags.data !== undefined ? loadTrainingCsv(flags.data) : undefined;
  const names = training ? selectProviders(training, flags.provider, flags.all, 'commit') : [];
  const payees = payeesFor(names, flags.payee, flags.payees);
  const validation = flags.validation !== undefined ? loadValidationCsv(flags.validation, training ? { d: training.d } : {}) : undefined;
  const salts = saltsFor(flags.salts, names, progress);
  const rowsByName = new Map(names.map((name) => [name, fixedRows(rowsOf(training!, name))]));
  const validationRows = validation ? fixedRows(validation.rows) : [];
  // The commitment packs rows as the circuit of one shape does: resolve it once, print it, pass it down.
  const shape = chooseShape(flags.shape, [...rowsByName.values()], validationRows);
  progress.info(shapeChoiceLine(shape, flags.shape !== undefined));
  const result = await withBarretenberg(progress, async (api) =>
    progress.step('computing commitments (Poseidon2)', async () => ({
      providers: await Promise.all(
        names.map(async (name) => {
          const rows = rowsByName.get(name)!;
          const payee = payees[name]!;
          return { provider: name, rows: rows.length, payee: getAddress(`0x${payee.toString(16).padStart(40, '0')}`), commitment: hex(await providerCommitment(api, rows, salts.providers[name]!, payee, shape)) };
        }),
      ),
      validation: validation
        ? { rows: validation.rows.length, commitment: hex(await validationCommitment(api, validationRows, salts.validation, shape.d)) }
        : undefined,
    })),
  );
  return result.validation ? { shape: shape.name, ...result } : { shape: shape.name, providers: result.providers };
}

/** `zkml commit`. */
export const command: Command = {
  name: 'commit',
  summary: 'print a provider\'s data commitment (or the validation set\'s)',
  examples: [
    'zkml commit --data mine.csv --salts mine.salts.json --payee 0x7099…79C8',
    'zkml commit --validation val.csv --salts owner.salts.json',
    'zkml commit --data two-features.csv --shape k7d2n132 --salts mine.salts.json --payee 0x7099…79C8',
  ],
  flags: commitFlags,
  run: runCommit,
  // One commitment prints alone (`0x…`), ready to paste; several as key: value lines.
  human: (r: { shape: string; providers: { commitment: string }[]; validation?: { commitment: string } }) => {
    const all = [...r.providers.map((p) => p.commitment), ...(r.validation ? [r.validation.commitment] : [])];
    return all.length === 1 ? `${all[0]}\n` : renderHuman(r);
  },
};
