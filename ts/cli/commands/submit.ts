/** `zkml submit` (see `zkml submit --help`). */
import { accountFromEnv, type ZkmlClient } from '../../chain/client.js';
import { validationCommitment } from '../../circuit/commitment.js';
import { fromFixed } from '../../data/fixed-point.js';
import { InputError } from '../../errors.js';
import { proofBytes, publicValuesOf, readProofFile } from '../../prover/proof-file.js';
import { INPUT_SCALE, K, VALUE_SCALE } from '../../protocol/layout.js';
import { parseArgs } from '../../terminal/args.js';
import { Progress } from '../../terminal/progress.js';
import { connectFromFlags, contractFlags, parseRoundId, printJson } from './chain-common.js';
import { txStep, creditedIn, opts, gas, hex } from './shared.js';

export const submitFlags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  proof: { type: 'string', required: true, placeholder: 'FILE', description: 'proof JSON written by `zkml prove --out`' },
} as const;

/**
 * Checks that a proof file proves this round (context, commitments in registration order, k,
 * validation commitment, λ) and that the contract builds exactly the proof's public inputs.
 * @throws InputError `PROOF_WRONG_ROUND` saying what differs and what to do
 */
async function checkProofAgainstRound(client: ZkmlClient, roundId: bigint, file: ReturnType<typeof readProofFile>, path: string): Promise<void> {
  const v = publicValuesOf(file);
  const wrong = (msg: string) => new InputError('PROOF_WRONG_ROUND', `${path} does not prove round ${roundId}: ${msg} Nothing was sent.`);
  const [round, providers, context] = await Promise.all([client.getRound(roundId), client.getProviders(roundId), client.roundContext(roundId)]);
  if (v.context !== context) {
    throw wrong(
      `it was proven for context ${hex(v.context)}, but round ${roundId} of ${client.contract} on chain ${client.chainId} has context ${hex(context)}. ` +
        `Prove again with \`zkml prove --context ${hex(context)} ...\` (the context \`zkml status --round ${roundId}\` prints).`,
    );
  }
  if (v.numProviders !== providers.length) {
    throw wrong(`it covers ${v.numProviders} provider(s) but ${providers.length} registered; prove with exactly the registered providers' data, in registration order.`);
  }
  for (const p of providers) {
    const payee = v.payees[p.index] ?? 0n;
    if (payee !== BigInt(p.account)) {
      throw wrong(
        `slot ${p.index} (${file.providers[p.index] ?? `slot ${p.index}`}) was proven for payee ${hex(payee)}, but ${p.account} registered it. ` +
          'Prove again with --payees mapping each provider to the address it registered from (see `zkml status`).',
      );
    }
    const proven = v.commitments[p.index] ?? 0n;
    if (proven !== p.commitment) {
      const slot = file.providers[p.index] ?? `slot ${p.index}`;
      throw wrong(
        `slot ${p.index} (${slot}) has commitment ${hex(proven)}, but ${p.account} registered ${hex(p.commitment)}. ` +
          'The CSV must list the providers in registration order (see `zkml status`), with the rows and salts they committed to.',
      );
    }
  }
  if (v.validationCommitment !== round.validationCommitment) {
    throw wrong(`its validation commitment ${hex(v.validationCommitment)} is not the round's ${hex(round.validationCommitment)}; prove with the validation set and salt the round was created with.`);
  }
  if (v.lambda !== round.lambda) {
    throw wrong(`it was proven with λ = ${fromFixed(v.lambda, INPUT_SCALE)} but the round uses λ = ${fromFixed(round.lambda, INPUT_SCALE)}; prove again with --lambda ${fromFixed(round.lambda, INPUT_SCALE)}.`);
  }
  const onChain = await client.publicInputs(roundId, { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley });
  const inFile = file.publicInputs.map((h) => BigInt(h));
  const differs = onChain.findIndex((x, i) => x !== inFile[i]);
  if (differs !== -1 || onChain.length !== inFile.length) {
    throw wrong(`public input ${differs} differs between the file's proof and what the contract builds; the file is inconsistent, prove again.`);
  }
}

/** `zkml submit`: settles a round with a proof file (anyone may submit; PRIVATE_KEY pays the gas). */
export async function runSubmit(argv: string[]): Promise<void> {
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
  if (v.weights.length === 0 || v.shapley.length > K || v.commitments.length > K || v.payees.length > K) {
    throw new InputError('BAD_PROOF_FILE', `${flags.proof} has malformed public values (expected the output of \`zkml prove --out\`); prove again.`);
  }
  const progress = new Progress({ quiet: flags.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(flags, { withAccount: true, account }));
  await progress.step('checking the proof against the round', () => checkProofAgainstRound(client, roundId, file, flags.proof));
  const tx = await txStep(progress, `submitting the proof for round ${roundId}`, () =>
    client.submit(roundId, { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley, proof: proofBytes(file) }),
  );
  const providers = await client.getProviders(roundId);
  const credited = creditedIn(await client.events({ roundId, fromBlock: tx.blockNumber }), roundId);
  printJson({
    roundId,
    tx: tx.hash,
    gasUsed: tx.gasUsed,
    remainder: tx.result.remainder,
    providers: providers.map((p) => ({
      index: p.index,
      name: file.providers[p.index] ?? null,
      account: p.account,
      shapley: fromFixed(v.shapley[p.index] ?? 0n, VALUE_SCALE),
      credited: credited.get(p.account) ?? 0n,
    })),
  });
}
