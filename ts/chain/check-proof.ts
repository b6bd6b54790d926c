/**
 * Does a proof fit a round? The check `zkml submit` runs before sending, as an SDK function: the
 * context, the commitments in registration order, the payees, k, the validation commitment and λ,
 * and that the contract builds exactly the proof's public inputs.
 */
import { fromFixed } from '../data/fixed-point.js';
import { InputError } from '../errors/index.js';
import { publicValuesOf, type ProofFile } from '../prover/proof-file.js';
import { INPUT_SCALE, fieldHex as hex } from '../protocol/layout.js';
import type { ZkmlClient } from './client.js';
import type { RoundView, Submission } from './types.js';
import { proofBytes } from '../prover/proof-file.js';

/**
 * Checks that `file` proves round `roundId` of the client's contract; `view`: the round as the
 * flow already read it (else it is read here).
 * @throws InputError `PROOF_WRONG_ROUND` saying what differs and what to do
 */
export async function checkProofAgainstRound(client: ZkmlClient, roundId: bigint, file: ProofFile, path = 'the proof', view?: RoundView): Promise<void> {
  const v = publicValuesOf(file);
  const wrong = (msg: string, mismatch: string, expected?: string) =>
    new InputError('PROOF_WRONG_ROUND', `${path} does not prove round ${roundId}: ${msg} Nothing was sent.`, { details: { roundId: String(roundId), mismatch, ...(expected === undefined ? {} : { expected }) } });
  const [{ info: round, shape, delivered: providers }, context] = await Promise.all([view ?? client.roundView(roundId), client.roundContext(roundId)]);
  if (v.context !== context) {
    throw wrong(
      `it was proven for context ${hex(v.context)}, but round ${roundId} of ${client.contract} on chain ${client.chainId} has context ${hex(context)}. ` +
        `Prove again with context ${hex(context)} (the context that the round's status prints; the client's roundContext reads it).`,
      'context',
      hex(context),
    );
  }
  if (v.numProviders !== providers.length) {
    throw wrong(`it covers ${v.numProviders} provider(s) but ${providers.length} delivered; prove with exactly the delivered providers' data, in delivery order.`, 'providers');
  }
  for (const p of providers) {
    const i = p.settlementIndex;
    const payee = v.payees[i] ?? 0n;
    if (payee !== BigInt(p.provider)) {
      throw wrong(
        `settlement index ${i} (${file.providers[i] ?? `index ${i}`}) was proven for payee ${hex(payee)}, but ${p.provider} delivered it. ` +
          "Prove again with payees mapping each provider to the address it registered from, in delivery order (the round's delivered providers list them).",
        'payees',
      );
    }
    const proven = v.statsCommitments[i] ?? 0n;
    if (proven !== p.statsCommitment) {
      const slot = file.providers[i] ?? `index ${i}`;
      throw wrong(
        `settlement index ${i} (${slot}) has statistics commitment ${hex(proven)}, but ${p.provider} registered ${hex(p.statsCommitment)}. ` +
          "The training data must list the delivered providers in delivery order (the round's delivered providers list them), with the rows and salts they committed to.",
        'commitments',
      );
    }
  }
  if (v.validationCommitment !== round.validationCommitment) {
    throw wrong(`its validation commitment ${hex(v.validationCommitment)} is not the round's ${hex(round.validationCommitment)}; prove with the validation set and salt the round was created with.`, 'validation');
  }
  if (v.lambda !== round.lambda) {
    throw wrong(`it was proven with λ = ${fromFixed(v.lambda, INPUT_SCALE)} but the round uses λ = ${fromFixed(round.lambda, INPUT_SCALE)}; prove again with λ = ${fromFixed(round.lambda, INPUT_SCALE)}.`, 'lambda', fromFixed(round.lambda, INPUT_SCALE));
  }
  const onChain = await client.publicInputs(roundId, { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley }, shape);
  const inFile = file.publicInputs.map((h) => BigInt(h));
  const differs = onChain.findIndex((x, i) => x !== inFile[i]);
  if (differs !== -1 || onChain.length !== inFile.length) {
    throw wrong(`public input ${differs} differs between the file's proof and what the contract builds; the file is inconsistent, prove again.`, 'publicInputs');
  }
}

/** The arguments of `submit` for a proof file (the mapping from a proof to the contract call). */
export function submissionOf(file: ProofFile): Submission {
  const v = publicValuesOf(file);
  return { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley, proof: proofBytes(file) };
}
