/**
 * `zkml prove`: witness, proof and off-chain check. With `--round ID` the round is read from the
 * chain (context, λ, registration order, payees) and the data is checked against the
 * registrations before anything is proven; without it, the context and λ are flags.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from '../command.js';
import { loadDatasets } from '../../data/csv.js';
import { InputError } from '../../errors.js';
import { ZkmlProver, type ProverOptions } from '../../prover/prover.js';
import { toProofFile, writeProofFile } from '../../prover/proof-file.js';
import { FIELD_MODULUS, fieldHex } from '../../protocol/layout.js';
import { roundFromDatasets } from '../../round/dataset.js';
import { roundFromChain } from '../../round/round-from-chain.js';
import { freshSalts, readPayees, readSalts, writeSalts } from '../../round/salts.js';
import { parseArgs } from '../../terminal/args.js';
import { Progress, formatDuration } from '../../terminal/progress.js';
import { connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';

/** Flags of every command that starts a prover. */
export const proverFlags = {
  'crs-path': { type: 'string', placeholder: 'DIR', description: 'folder of the BN254 CRS (default $CRS_PATH, else ~/.bb-crs, else a download)' },
  threads: { type: 'integer', placeholder: 'N', description: 'threads for bb (default: all cores)' },
} as const;

/** {@link ProverOptions} from {@link proverFlags}. */
export function proverOptions(f: { 'crs-path'?: string | undefined; threads?: number | undefined }): ProverOptions {
  return { ...(f['crs-path'] !== undefined ? { crsPath: resolve(f['crs-path']) } : {}), ...(f.threads !== undefined ? { threads: f.threads } : {}) };
}

const flags = {
  ...contractFlags,
  ...proverFlags,
  round: { type: 'string', placeholder: 'ID', description: 'prove this on-chain round: context, λ, order and payees come from the chain' },
  data: { type: 'string', required: true, placeholder: 'FILE', description: 'training CSV: provider,x1..xd,y (any provider order)' },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'validation CSV: x1..xd,y' },
  payees: { type: 'string', required: true, placeholder: 'FILE', description: 'JSON {"provider": "0x…address"}: the address each provider registers from' },
  salts: { type: 'string', placeholder: 'FILE', description: 'salts JSON (default <out>.salts.json; created with fresh salts only without --round)' },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ (without --round; default 0.01)' },
  context: { type: 'string', placeholder: 'C', description: 'round context (without --round; default 0)' },
  out: { type: 'string', required: true, placeholder: 'FILE', description: 'where to write the proof JSON (checked before proving)' },
} as const;

function parseField(text: string, what: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) throw new InputError('ARGS_BAD_VALUE', `${what} must be a decimal or 0x-hex integer, got "${text}".`);
  const v = BigInt(text);
  if (v >= FIELD_MODULUS) throw new InputError('ARGS_BAD_VALUE', `${what} must be below the BN254 field modulus.`);
  return v;
}

/** Refuses an --out the proof could not be written to, before minutes of proving. */
function checkOut(out: string): void {
  const dir = dirname(resolve(out));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError('ARGS_BAD_VALUE', `--out ${out}: the folder ${dir} does not exist; create it first. Nothing was proven.`);
  if (existsSync(out) && statSync(out).isDirectory()) throw new InputError('ARGS_BAD_VALUE', `--out ${out} is a folder; give a file name. Nothing was proven.`);
}

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, { command: 'zkml prove' });
  checkOut(f.out);
  const onChain = f.round !== undefined;
  if (onChain && (f.lambda !== undefined || f.context !== undefined)) throw new InputError('ARGS_CONFLICT', 'zkml prove: with --round, λ and the context come from the chain; drop --lambda and --context.');
  const progress = new Progress({ quiet: f.quiet, total: onChain ? 6 : 5 });
  const { training, validation } = await progress.step('reading data', () => loadDatasets(f.data, f.validation));
  const saltsPath = f.salts ?? `${f.out}.salts.json`;
  let salts;
  if (existsSync(saltsPath)) salts = readSalts(saltsPath, training.providers);
  else if (onChain) throw new InputError('FILE_NOT_FOUND', `salts file ${saltsPath} does not exist: a registered round is proven with the salts its providers committed with (--salts FILE).`);
  else {
    salts = freshSalts(training.providers);
    writeSalts(saltsPath, salts);
    progress.info(`wrote fresh salts to ${saltsPath} (keep it: the providers' commitments depend on it)`);
  }
  const payees = readPayees(f.payees, training.providers);
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  try {
    const round = onChain
      ? await progress.step('reading the round and checking the data against its registrations', async () =>
          roundFromChain(prover.barretenberg, await connectFromFlags(f, { withAccount: false }), parseRoundId(f.round!), { training, validation, salts, payees }),
        )
      : roundFromDatasets(training, validation, { lambda: f.lambda ?? '0.01', context: parseField(f.context ?? '0', '--context'), salts, payees });
    let step = progress.start('building the witness');
    const result = await prover.prove(round, (s) => {
      if (s === 'prove') {
        step.done();
        step = progress.start('proving (UltraHonk, evm target)');
      }
    });
    step.done(`${(result.proof.length / 1024).toFixed(1)} KiB`);
    const file = toProofFile(round.providers.map((p) => p.name), result);
    const ok = await progress.step('verifying off-chain', () => prover.verify(result.proof, result.publicInputs));
    if (!ok) throw new InputError('PROOF_INVALID', 'The fresh proof did not verify: please report this.');
    writeProofFile(f.out, file);
    return {
      out: f.out,
      providers: file.providers,
      context: fieldHex(round.context),
      witnessMs: Math.round(result.timings.witnessMs),
      proveMs: Math.round(result.timings.proveMs),
    };
  } finally {
    await prover.destroy();
  }
}

/** `zkml prove`. */
export const command: Command = {
  name: 'prove',
  summary: 'prove training and Shapley values (--round ID reads the round from the chain)',
  examples: [
    'zkml prove --round 1 --data all.csv --validation val.csv --payees payees.json --salts salts.json --out proof.json',
    'zkml prove --data all.csv --validation val.csv --payees payees.json --lambda 0.01 --context 0x… --out proof.json',
  ],
  flags,
  run,
  human: (r: { out: string; witnessMs: number; proveMs: number }) => `${r.out}\n(witness ${formatDuration(r.witnessMs)}, proof ${formatDuration(r.proveMs)})\n`,
};
