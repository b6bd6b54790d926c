/**
 * `zkml settle`: the owner settles a round from the chain alone: decrypt every registration with
 * the key derived from its signature, prove training and Shapley values with the round's shape,
 * check the proof against the round, keep it (--proof-out), submit. The round's phase is checked
 * before anything is proven, and a rerun resumes from the kept proof instead of proving again.
 */
import { accountFromEnv } from '../../chain/index.js';
import { ownerKeyFromSigner } from '../../crypto/index.js';
import { fixedRows, fromFixed, loadValidationCsv } from '../../data/index.js';
import { MODEL_SCALE, VALUE_SCALE } from '../../protocol/index.js';
import { ZkmlProver, publicValuesOf } from '../../prover/index.js';
import { defaultProofPath, nextBlockTime, proofFileStore, readRoundWithShape, requireOwnerSecrets, requirePhase, settleRound, validationSaltFor } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import { existsSync } from 'node:fs';
import type { Command } from '../command.js';
import { checkSecretsFile, connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { checkOut, proverFlags, proverOptions } from './prove.js';
import { opts } from './shared.js';

const flags = {
  ...contractFlags,
  ...proverFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  validation: { type: 'string', required: true, placeholder: 'FILE', description: 'the validation CSV the round was created with' },
  secrets: { type: 'string', required: true, placeholder: 'FILE', description: "the owner's secrets file written by create-round" },
  'proof-out': {
    type: 'string',
    placeholder: 'FILE',
    description:
      'where the settlement proof is kept, written before it is submitted (default: next to --secrets, round-<id>-<chainId>-<contract>.proof.json). ' +
      'A rerun submits a kept proof that still fits the round without proving again, or reports the round settled by it; a stale one is proven again.',
  },
} as const;

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('settle'));
  const account = accountFromEnv();
  const roundId = parseRoundId(f.round);
  checkSecretsFile(f.secrets);
  const validation = loadValidationCsv(f.validation);
  requireOwnerSecrets(f.secrets);
  const progress = new Progress({ quiet: f.quiet });
  // Each transaction's hash is printed as soon as the node takes it, on this progress.
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account, progress }));
  const proofOut = f['proof-out'] ?? defaultProofPath(f.secrets, client.chainId, client.contract, roundId);
  checkOut(proofOut, true, '--proof-out');
  const store = proofFileStore(proofOut);
  // The round is read once; without a kept proof its phase is checked before anything else starts.
  const [view, now] = await Promise.all([readRoundWithShape(client, roundId), nextBlockTime(client)]);
  const kept = existsSync(proofOut);
  if (!kept) requirePhase(view, 'submission', { now, chainId: client.chainId });
  const salt = validationSaltFor(f.secrets, view.info.validationCommitment);
  const ownerKey = await progress.step('deriving the round key from your signature', () => ownerKeyFromSigner(account, client.chainId, client.contract));
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  try {
    let step = progress.start(kept ? `checking the proof kept in ${proofOut} against round ${roundId}` : 'decrypting the registrations and building the witness');
    const settled = await settleRound(
      client,
      prover,
      roundId,
      { ownerSecret: ownerKey.secret, validation: { rows: fixedRows(validation.rows), salt } },
      {
        view,
        proofStore: store,
        onNotice: (message) => {
          step.done('stale');
          progress.info(message);
          step = progress.start('decrypting the registrations and building the witness');
        },
        onStep: (s) => {
          if (s === 'prove') {
            step.done();
            step = progress.start(`proving (UltraHonk), verifying, keeping the proof in ${proofOut}, submitting`);
          }
        },
      },
    ).catch((err: unknown) => {
      step.fail();
      throw err;
    });
    if (settled.outcome === 'already-settled') {
      step.done();
      progress.info(`round ${roundId} is already settled by the kept proof (transaction ${settled.tx.hash}); nothing was sent`);
    } else {
      step.done(`gas ${settled.tx.gasUsed.toLocaleString('en-US')}`);
    }
    const v = publicValuesOf(settled.proofFile);
    return {
      roundId,
      outcome: settled.outcome,
      ...(settled.outcome === 'already-settled' ? { alreadySettled: true } : {}),
      shape: settled.shape.name,
      byRows: settled.tx.result.byRows,
      model: { w: v.weights.map((w) => fromFixed(w, MODEL_SCALE)), b: fromFixed(v.intercept, MODEL_SCALE), trainLoss: fromFixed(v.trainLoss, VALUE_SCALE) },
      // The settlement's providers: the delivered slots in delivery order (shapley[i] is settlement index i's).
      providers: view.delivered.map((p) => ({ index: p.index, settlementIndex: p.settlementIndex, account: p.provider, rows: p.numRows, shapley: fromFixed(v.shapley[p.settlementIndex] ?? 0n, VALUE_SCALE) })),
      excluded: view.providers.filter((p) => !p.delivered).map((p) => ({ index: p.index, account: p.provider, rows: p.numRows })),
      proof: proofOut,
      proveMs: settled.outcome === 'proved' ? Math.round(settled.proof.timings.proveMs) : null,
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
  examples: [
    'PRIVATE_KEY=0x… zkml settle --round 1 --validation val.csv --secrets owner.json',
    'PRIVATE_KEY=0x… zkml settle --round 1 --validation val.csv --secrets owner.json --proof-out round1.proof.json --log-range 500',
  ],
  flags,
  run,
};
