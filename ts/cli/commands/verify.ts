/** `zkml verify`: checks a proof file off-chain against the shipped verification key. */
import { InputError } from '../../errors/index.js';
import { ZkmlProver, proofBytes, readProofFile, shapeOfProof } from '../../prover/index.js';
import { Progress, formatDuration, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
import { proverFlags, proverOptions } from './prove.js';

const flags = { ...proverFlags, quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' } } as const;

async function run(argv: string[]): Promise<unknown> {
  const { positionals, flags: f } = parseArgs(argv, flags, { command: 'zkml verify', positionals: { min: 1, max: 1, names: ['PROOF'] } });
  const path = positionals[0]!;
  const file = readProofFile(path);
  const progress = new Progress({ quiet: f.quiet, total: 2 });
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  try {
    const t0 = performance.now();
    const ok = await progress.step('verifying off-chain', () => prover.verify(proofBytes(file), file.publicInputs, shapeOfProof(file)));
    if (!ok) throw new InputError('PROOF_INVALID', `${path}: the proof does not verify against the zkml verification key.`);
    return { proof: path, shape: file.shape, valid: true, ms: Math.round(performance.now() - t0) };
  } finally {
    await prover.destroy();
  }
}

/** `zkml verify`. */
export const command: Command = {
  name: 'verify',
  summary: 'verify a proof JSON off-chain',
  args: 'PROOF',
  examples: ['zkml verify proof.json', 'zkml verify proof.json --crs-path ~/crs --json'],
  flags,
  run,
  human: (r: { proof: string; ms: number }) => `valid (${formatDuration(r.ms)})\n`,
};
