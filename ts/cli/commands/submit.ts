import { type ZkmlClient, accountFromEnv, checkProofAgainstRound } from '../../chain/index.js';
import { validationCommitment } from '../../circuit/index.js';
import { fromFixed } from '../../data/index.js';
import { InputError } from '../../errors/index.js';
import { INPUT_SCALE, VALUE_SCALE } from '../../protocol/index.js';
import { proofBytes, publicValuesOf, readProofFile, shapeOfProof } from '../../prover/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
/** `zkml submit` (see `zkml submit --help`). */
import { connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { txStep, opts, gas, hex } from './shared.js';

export const submitFlags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  proof: { type: 'string', required: true, placeholder: 'FILE', description: 'proof JSON written by `zkml prove --out`' },
} as const;


/** `zkml submit`: settles a round with a proof file (anyone may submit; PRIVATE_KEY pays the gas). */
async function runSubmit(argv: string[]): Promise<unknown> {
  const { flags } = parseArgs(argv, submitFlags, opts('submit'));
  const account = accountFromEnv();
  const roundId = parseRoundId(flags.round);
  const file = readProofFile(flags.proof);
  let v: ReturnType<typeof publicValuesOf>;
  try {
    v = publicValuesOf(file);
  } catch {
    throw new InputError('BAD_PROOF_FILE', `${flags.proof} has malformed public values (expected the output of \`zkml prove --out\`); prove again.`);
  }
  const { k: K } = shapeOfProof(file);
  if (v.weights.length === 0 || v.shapley.length > K || v.statsCommitments.length > K || v.payees.length > K) {
    throw new InputError('BAD_PROOF_FILE', `${flags.proof} has malformed public values (expected the output of \`zkml prove --out\`); prove again.`);
  }
  const progress = new Progress({ quiet: flags.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account, progress }));
  await progress.step('checking the proof against the round', () => checkProofAgainstRound(client, roundId, file, flags.proof));
  const tx = await txStep(progress, `submitting the proof for round ${roundId}`, () =>
    client.submit(roundId, { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley, proof: proofBytes(file) }),
  );
  // The settlement's providers: the delivered slots in delivery order (shapley[i] and the proof's provider i are settlement index i's).
  const providers = (await client.getProviders(roundId)).filter((p) => p.delivered).sort((a, b) => a.settlementIndex - b.settlementIndex);
  const claimable = await Promise.all(providers.map((p) => client.claimable(roundId, p.index)));
  return {
    roundId,
    tx: tx.hash,
    gasUsed: tx.gasUsed,
    byRows: tx.result.byRows,
    providers: providers.map((p, i) => ({
      index: p.index,
      settlementIndex: p.settlementIndex,
      name: file.providers[p.settlementIndex] ?? null,
      account: p.provider,
      shapley: fromFixed(v.shapley[p.settlementIndex] ?? 0n, VALUE_SCALE),
      claimable: claimable[i]!,
    })),
  };
}

/** `zkml submit`. */
export const command: Command = {
  name: 'submit',
  summary: 'settle a round with a proof JSON (checked against the round first)',
  examples: [
    'PRIVATE_KEY=0x… zkml submit --round 1 --proof proof.json',
  ],
  flags: submitFlags,
  run: runSubmit,
};
