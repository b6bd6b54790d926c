/**
 * The owner settles a round from the chain alone: every registration's rows and salt are
 * decrypted from the contract's logs with the owner's key, the settlement is proven with the
 * round's shape, checked against what the contract builds, and submitted.
 */
import type { Barretenberg } from '@aztec/bb.js';
import type { ZkmlClient } from '../chain/client.js';
import type { TxResult } from '../chain/types.js';
import { validationCommitment } from '../circuit/commitment.js';
import type { FixedRow } from '../circuit/model.js';
import type { RoundData } from '../circuit/witness.js';
import { decryptRegistration } from '../crypto/decrypt.js';
import { ChainError, InputError } from '../errors/index.js';
import type { OnStep, RoundProof, ZkmlProver } from '../prover/prover.js';
import { fieldHex } from '../protocol/layout.js';
import type { Shape } from '../protocol/shapes/index.js';
import { readRoundWithShape, type RoundWithShape } from './shape-of-round.js';

/** The owner's secrets for a round. */
export interface OwnerSecrets {
  /** The owner's Grumpkin secret (`ownerKeyFromSigner(...).secret`). */
  ownerSecret: bigint;
  /** The validation rows the round committed to, and their salt. */
  validation: { rows: readonly FixedRow[]; salt: bigint };
}

/**
 * The data of round `roundId`, recovered from the chain: providers in registration order with
 * their decrypted rows and salts, the validation set (checked against the round's commitment),
 * λ and the context. The round, its shape and its providers are read once (`view`, passed on to
 * the submission).
 * @throws DecryptionError for a registration this key cannot open; InputError `VALIDATION_MISMATCH`
 */
export async function roundDataFromChain(
  api: Barretenberg,
  client: ZkmlClient,
  roundId: bigint,
  secrets: OwnerSecrets,
  fromBlock?: bigint,
): Promise<{ round: RoundData; shape: Shape; view: RoundWithShape }> {
  const [view, context, events] = await Promise.all([readRoundWithShape(client, roundId), client.roundContext(roundId), client.registrations(roundId, fromBlock)]);
  const { info, providers, circuitShape: shape } = view;
  if (providers.length === 0) throw new ChainError('NO_PROVIDERS', `round ${roundId} has no registered provider; there is nothing to settle.`);
  const vc = await validationCommitment(api, secrets.validation.rows, secrets.validation.salt, shape.ncv, shape);
  if (vc !== info.validationCommitment) {
    throw new InputError('VALIDATION_MISMATCH', `the validation rows and salt commit to ${fieldHex(vc)}, but round ${roundId} was created with ${fieldHex(info.validationCommitment)}; use the validation set and salt the round was created with.`);
  }
  const data = [];
  for (const p of providers) {
    const e = events.find((x) => x.index === p.index && x.provider === p.provider);
    if (!e) throw new ChainError('REGISTRATION_NOT_FOUND', `no ProviderRegistered log for slot ${p.index} of round ${roundId} (from block ${fromBlock ?? client.ctx.fromBlock}); is the node pruning logs?`);
    const delivery = await decryptRegistration(
      api,
      secrets.ownerSecret,
      { payee: BigInt(p.provider), commitment: p.commitment, numRows: p.numRows, ownerKey: info.ownerKey, ephemeralKey: e.ephemeralKey, ciphertext: e.ciphertext },
      shape,
    );
    data.push({ name: p.provider, rows: delivery.rows, salt: delivery.salt, payee: BigInt(p.provider) });
  }
  return { round: { providers: data, validation: { rows: [...secrets.validation.rows], salt: secrets.validation.salt }, lambda: info.lambda, context }, shape, view };
}

/** What {@link settleRound} did. */
export interface SettledRound {
  round: RoundData;
  shape: Shape;
  proof: RoundProof;
  tx: TxResult<{ byRows: boolean }>;
}

/**
 * Decrypts, proves and submits the settlement of `roundId` (anyone may submit; the owner is the
 * one who can decrypt). The proof is checked off-chain and against the contract's public inputs
 * before anything is sent.
 */
export async function settleRound(client: ZkmlClient, prover: ZkmlProver, roundId: bigint, secrets: OwnerSecrets, options: { onStep?: OnStep; fromBlock?: bigint } = {}): Promise<SettledRound> {
  const { round, shape, view } = await roundDataFromChain(prover.barretenberg, client, roundId, secrets, options.fromBlock);
  const proof = await prover.prove(round, shape, options.onStep);
  if (!(await prover.verify(proof.proof, proof.publicInputs, shape))) throw new ChainError('PROOF_INVALID', 'the fresh settlement proof does not verify; please report this. Nothing was sent.');
  const v = proof.publicValues;
  const submission = { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley };
  const onChain = await client.publicInputs(roundId, submission, view.shape);
  if (onChain.some((x, i) => fieldHex(x) !== proof.publicInputs[i])) throw new ChainError('PROOF_WRONG_ROUND', `the contract builds other public inputs for round ${roundId} than the proof carries. Nothing was sent.`);
  const tx = await client.submit(roundId, { ...submission, proof: proof.proof }, view.shape);
  return { round, shape, proof, tx };
}
