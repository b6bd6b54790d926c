import { existsSync } from 'node:fs';
import { loadDatasets } from '../../data/csv.js';
import { InputError } from '../../errors.js';
import { ZkmlProver } from '../../prover/prover.js';
import { proofBytes, readProofFile, toProofFile, writeProofFile } from '../../prover/proof-file.js';
import { roundFromDatasets } from '../../round/dataset.js';
import { freshSalts, readPayees, readSalts, writeSalts } from '../../round/salts.js';
import { FIELD_MODULUS } from '../../protocol/layout.js';
import { parseArgs } from '../../terminal/args.js';
import { Progress, formatDuration } from '../../terminal/progress.js';

export const proveFlags = {
  data: { type: 'string', required: true, placeholder: 'FILE', description: 'training CSV: provider,x1..xd,y' },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'validation CSV: x1..xd,y' },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ ≥ 0 (default 0)' },
  context: { type: 'string', placeholder: 'C', description: 'round context (decimal or 0x; default 0; on-chain rounds: see `zkml status`)' },
  payees: { type: 'string', required: true, placeholder: 'FILE', description: 'JSON {"provider": "0x…address"}: the address each provider registers from (bound into its commitment)' },
  salts: { type: 'string', placeholder: 'FILE', description: 'salts JSON (created with fresh salts if missing; default <out>.salts.json)' },
  out: { type: 'string', required: true, placeholder: 'FILE', description: 'where to write the proof JSON' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
} as const;

function parseField(text: string, what: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) throw new InputError('BAD_FLAG', `${what} must be a decimal or 0x-hex integer, got "${text}".`);
  const v = BigInt(text);
  if (v >= FIELD_MODULUS) throw new InputError('BAD_FLAG', `${what} must be below the BN254 field modulus.`);
  return v;
}

export async function runProve(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv, proveFlags, { command: 'zkml prove' });
  const progress = new Progress({ quiet: flags.quiet, total: 5 });
  const { training, validation } = await progress.step('reading data', () => loadDatasets(flags.data, flags.validation));
  const saltsPath = flags.salts ?? `${flags.out}.salts.json`;
  let salts;
  if (existsSync(saltsPath)) {
    salts = readSalts(saltsPath, training.providers);
  } else {
    salts = freshSalts(training.providers);
    writeSalts(saltsPath, salts);
    progress.info(`wrote fresh salts to ${saltsPath} (keep it: the providers' commitments depend on it)`);
  }
  const payees = readPayees(flags.payees, training.providers);
  const round = roundFromDatasets(training, validation, { lambda: flags.lambda ?? '0', context: parseField(flags.context ?? '0', '--context'), salts, payees });
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create());
  try {
    let step = progress.start('building the witness');
    const result = await prover.prove(round, (s) => {
      if (s === 'prove') {
        step.done();
        step = progress.start('proving (UltraHonk, evm target)');
      }
    });
    step.done(`${(result.proof.length / 1024).toFixed(1)} KiB`);
    const file = toProofFile(training.providers, result);
    const ok = await progress.step('verifying off-chain', () => prover.verify(result.proof, result.publicInputs));
    if (!ok) throw new InputError('PROOF_INVALID', 'The fresh proof did not verify: please report this.');
    writeProofFile(flags.out, file);
    progress.info(`witness ${formatDuration(result.timings.witnessMs)}, proof ${formatDuration(result.timings.proveMs)}`);
    process.stdout.write(`${flags.out}\n`);
  } finally {
    await prover.destroy();
  }
}

export async function runVerify(argv: string[]): Promise<void> {
  const { positionals, flags } = parseArgs(argv, { quiet: proveFlags.quiet }, { command: 'zkml verify', positionals: { min: 1, max: 1, names: ['PROOF'] } });
  const file = readProofFile(positionals[0]!);
  const progress = new Progress({ quiet: flags.quiet, total: 2 });
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create());
  try {
    const t0 = performance.now();
    const ok = await progress.step('verifying off-chain', () => prover.verify(proofBytes(file), file.publicInputs));
    if (!ok) throw new InputError('PROOF_INVALID', `${positionals[0]}: the proof does not verify against the zkml verification key.`);
    process.stdout.write(`valid (${formatDuration(performance.now() - t0)})\n`);
  } finally {
    await prover.destroy();
  }
}
