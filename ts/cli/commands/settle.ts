/**
 * `zkml settle`: the owner settles a round from the chain alone: decrypt every registration with
 * the key derived from its signature, prove training and Shapley values with the round's shape,
 * check the proof against the round, submit.
 */
import { accountFromEnv } from '../../chain/index.js';
import { ownerKeyFromSigner } from '../../crypto/index.js';
import { fixedRows, fromFixed, loadValidationCsv } from '../../data/index.js';
import { MODEL_SCALE, VALUE_SCALE } from '../../protocol/index.js';
import { ZkmlProver } from '../../prover/index.js';
import { requireOwnerSecrets, settleRound, validationSaltFor } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
import { checkSecretsFile, connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { proverFlags, proverOptions } from './prove.js';
import { opts } from './shared.js';

const flags = {
  ...contractFlags,
  ...proverFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'the validation CSV the round was created with' },
  secrets: { type: 'string', required: true, placeholder: 'FILE', description: "the owner's secrets file written by create-round" },
} as const;

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('settle'));
  const account = accountFromEnv();
  const roundId = parseRoundId(f.round);
  checkSecretsFile(f.secrets);
  const validation = loadValidationCsv(f.validation);
  requireOwnerSecrets(f.secrets);
  const progress = new Progress({ quiet: f.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account }));
  const round = await client.getRound(roundId);
  const salt = validationSaltFor(f.secrets, round.validationCommitment);
  const ownerKey = await progress.step('deriving the round key from your signature', () =>
    ownerKeyFromSigner(account, client.chainId, client.contract),
  );
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  try {
    let step = progress.start('decrypting the registrations and building the witness');
    const settled = await settleRound(
      client,
      prover,
      roundId,
      { ownerSecret: ownerKey.secret, validation: { rows: fixedRows(validation.rows), salt } },
      {
        onStep: (s) => {
          if (s === 'prove') {
            step.done();
            step = progress.start('proving (UltraHonk), verifying, submitting');
          }
        },
      },
    ).catch((err: unknown) => {
      step.fail();
      throw err;
    });
    step.done(`gas ${settled.tx.gasUsed.toLocaleString('en-US')}`);
    const v = settled.proof.publicValues;
    return {
      roundId,
      shape: settled.shape.name,
      byRows: settled.tx.result.byRows,
      model: { w: v.weights.map((w) => fromFixed(w, MODEL_SCALE)), b: fromFixed(v.intercept, MODEL_SCALE), trainLoss: fromFixed(v.trainLoss, VALUE_SCALE) },
      providers: settled.round.providers.map((p, i) => ({ index: i, account: p.name, rows: p.rows.length, shapley: fromFixed(v.shapley[i] ?? 0n, VALUE_SCALE) })),
      proveMs: Math.round(settled.proof.timings.proveMs),
      tx: settled.tx.hash,
      gasUsed: settled.tx.gasUsed,
    };
  } finally {
    await prover.destroy();
  }
}

/** `zkml settle`. */
export const command: Command = {
  name: 'settle',
  summary: 'the owner: decrypt the registrations, prove, submit (after registration closes)',
  examples: ['PRIVATE_KEY=0x… zkml settle --round 1 --validation val.csv --secrets owner.json'],
  flags,
  run,
};
