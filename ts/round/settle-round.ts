/**
 * The owner settles a round from the chain alone: every registration's rows and salt are
 * decrypted with the owner's key, from the ciphertext in the registering transaction (the
 * contract's log names it by its hash; read-delivery.ts), the settlement is proven with the
 * round's shape, checked against what the contract builds, and submitted.
 */
import type { Barretenberg } from '@aztec/bb.js';
import type { Hex } from 'viem';
import { checkProofAgainstRound, submissionOf } from '../chain/check-proof.js';
import type { ZkmlClient } from '../chain/client.js';
import { chainRead } from '../chain/read.js';
import type { ProviderInfo, TxResult } from '../chain/types.js';
import { validationCommitment } from '../circuit/stats-commitment.js';
import type { FixedRow } from '../circuit/model.js';
import type { RoundData } from '../circuit/witness.js';
import { decryptRegistration } from '../crypto/decrypt.js';
import { ChainError, InputError, ZkmlError } from '../errors/index.js';
import { proofBytes, publicValuesOf, shapeOfProof, toProofFile, type ProofFile } from '../prover/proof-file.js';
import type { OnStep, RoundProof, ZkmlProver } from '../prover/prover.js';
import { fieldHex } from '../protocol/layout.js';
import type { PublicValues } from '../protocol/public-values.js';
import type { Shape } from '../protocol/shapes/index.js';
import type { ProofStore } from './kept-proof.js';
import { nextBlockTime, requirePhase } from './require-phase.js';
import { readRoundWithShape, type RoundWithShape } from './shape-of-round.js';

/** The owner's secrets for a round. */
export interface OwnerSecrets {
  /** The owner's Grumpkin secret (`ownerKeyFromSigner(...).secret`). */
  ownerSecret: bigint;
  /** The validation rows the round committed to, and their salt. */
  validation: { rows: readonly FixedRow[]; salt: bigint };
}

/**
 * The data of round `roundId`, recovered from the chain: the delivered providers in delivery order (the settlement's order) with
 * their decrypted rows and salts, the validation set (checked against the round's commitment),
 * λ and the context. The round, its shape and its providers are read once (`view`, passed on to
 * the submission); `known`: the round as the flow already read it.
 * @throws DecryptionError for a registration this key cannot open; InputError `VALIDATION_MISMATCH`
 */
export async function roundDataFromChain(
  api: Barretenberg,
  client: ZkmlClient,
  roundId: bigint,
  secrets: OwnerSecrets,
  fromBlock?: bigint,
  known?: RoundWithShape,
): Promise<{ round: RoundData; shape: Shape; view: RoundWithShape }> {
  const [view, context] = await Promise.all([known ?? readRoundWithShape(client, roundId), client.roundContext(roundId)]);
  const events = await client.registrations(roundId, fromBlock, view.providers);
  const { info, delivered: providers, circuitShape: shape } = view;
  if (providers.length === 0) throw new ChainError('NO_PROVIDERS', `round ${roundId} has no delivered provider; there is nothing to settle.`);
  const vc = await validationCommitment(api, secrets.validation.rows, secrets.validation.salt, shape.d);
  if (vc !== info.validationCommitment) {
    throw new InputError('VALIDATION_MISMATCH', `the validation rows and salt commit to ${fieldHex(vc)}, but round ${roundId} was created with ${fieldHex(info.validationCommitment)}; use the validation set and salt the round was created with.`);
  }
  const data = [];
  for (const p of providers) {
    const e = events.find((x) => x.index === p.index && x.provider === p.provider);
    if (!e) throw new ChainError('REGISTRATION_NOT_FOUND', `no DataDelivered log for slot ${p.index} of round ${roundId} (from block ${fromBlock ?? client.ctx.fromBlock}); is the node pruning logs?`);
    const delivery = await decryptRegistration(
      api,
      secrets.ownerSecret,
      { payee: BigInt(p.provider), commitment: p.commitment, statsCommitment: p.statsCommitment, numRows: p.numRows, ownerKey: info.ownerKey, ephemeralKey: e.ephemeralKey, ciphertext: e.ciphertext },
      shape,
    );
    data.push({ name: p.provider, rows: delivery.rows, salt: delivery.salt, payee: BigInt(p.provider) });
  }
  return { round: { providers: data, validation: { rows: [...secrets.validation.rows], salt: secrets.validation.salt }, lambda: info.lambda, context }, shape, view };
}

/** What {@link settleRound} did when it proved: the decrypted round, the fresh proof, the submission. */
export interface SettledRound {
  outcome: 'proved';
  round: RoundData;
  shape: Shape;
  proof: RoundProof;
  /** The proof as a proof file (what a {@link ProofStore} keeps). */
  proofFile: ProofFile;
  tx: TxResult<{ byRows: boolean }>;
}

/**
 * What {@link settleRound} did with a kept proof: submitted it without proving (`kept`), or found
 * the round already settled with exactly its values (`already-settled`: nothing was sent; `tx` is
 * the settlement's transaction).
 */
export interface ResumedSettlement {
  outcome: 'kept' | 'already-settled';
  shape: Shape;
  proofFile: ProofFile;
  values: PublicValues;
  providers: readonly ProviderInfo[];
  tx: { hash: Hex; gasUsed: bigint; result: { byRows: boolean } };
}

/** What {@link settleRound} did with a {@link ProofStore}. */
export type Settlement = SettledRound | ResumedSettlement;

/** Options of {@link settleRound}. */
export interface SettleOptions {
  onStep?: OnStep;
  /** First block the registrations are read from (default the client's). */
  fromBlock?: bigint;
  /** The round as the flow already read it (`readRoundWithShape`); else it is read here. */
  view?: RoundWithShape;
  /**
   * Keeps the proof: it is saved before it is submitted, and a kept proof that still fits the
   * round is submitted (or found settled) instead of proving again.
   */
  proofStore?: ProofStore;
  /** Hears what happened to a kept proof (e.g. that it is stale and the round is proven again). */
  onNotice?: (message: string) => void;
}

/**
 * Decrypts, proves and submits the settlement of `roundId` (anyone may submit; the owner is the
 * one who can decrypt). The round's phase is checked first (the submission window; nothing is
 * proven outside it), and the proof is checked off-chain and against the contract's public inputs
 * before anything is sent. With `proofStore` the proof is kept before it is submitted, and a
 * kept proof is reused: checked against the round's current public inputs and submitted without
 * proving, or, when the round is already settled with its values, reported as such; a stale kept
 * proof is reported (`onNotice`) and replaced by a fresh one.
 * @throws PhaseError `SUBMISSION_NOT_OPEN`, `SUBMISSION_CLOSED`, `ALREADY_SETTLED`, … (before proving)
 */
export async function settleRound(client: ZkmlClient, prover: ZkmlProver, roundId: bigint, secrets: OwnerSecrets, options?: SettleOptions & { proofStore?: undefined }): Promise<SettledRound>;
export async function settleRound(client: ZkmlClient, prover: ZkmlProver, roundId: bigint, secrets: OwnerSecrets, options: SettleOptions & { proofStore: ProofStore }): Promise<Settlement>;
export async function settleRound(client: ZkmlClient, prover: ZkmlProver, roundId: bigint, secrets: OwnerSecrets, options: SettleOptions = {}): Promise<Settlement> {
  const [view, now] = await Promise.all([options.view ?? readRoundWithShape(client, roundId), nextBlockTime(client)]);
  const store = options.proofStore;
  const kept = store?.load();
  if (kept && store) {
    if (view.info.status === 'Settled') {
      const found = await settledWith(client, roundId, kept, view, options.fromBlock);
      if (found) return found;
      throw new ChainError('ALREADY_SETTLED', `round ${roundId} is already settled, with other values than the proof kept in ${store.where}; there is nothing to prove (the round's status shows the settlement).`, { details: { roundId: String(roundId) } });
    }
    requirePhase(view, 'submission', { now, chainId: client.chainId });
    const stale = await whyStale(client, prover, roundId, kept, store.where, view);
    if (stale === undefined) {
      const tx = await client.submit(roundId, submissionOf(kept), view.shape);
      return { outcome: 'kept', shape: shapeOfProof(kept), proofFile: kept, values: publicValuesOf(kept), providers: view.delivered, tx };
    }
    options.onNotice?.(`the proof kept in ${store.where} no longer fits round ${roundId} (${stale}); proving again.`);
  } else {
    requirePhase(view, 'submission', { now, chainId: client.chainId });
  }
  const { round, shape } = await roundDataFromChain(prover.barretenberg, client, roundId, secrets, options.fromBlock, view);
  const proof = await prover.prove(round, shape, options.onStep);
  if (!(await prover.verify(proof.proof, proof.publicInputs, shape))) throw new ChainError('PROOF_INVALID', 'the fresh settlement proof does not verify; please report this. Nothing was sent.');
  const v = proof.publicValues;
  const submission = { weights: v.weights, intercept: v.intercept, trainLoss: v.trainLoss, shapley: v.shapley };
  const onChain = await client.publicInputs(roundId, submission, view.shape);
  if (onChain.some((x, i) => fieldHex(x) !== proof.publicInputs[i])) throw new ChainError('PROOF_WRONG_ROUND', `the contract builds other public inputs for round ${roundId} than the proof carries. Nothing was sent.`);
  const proofFile = toProofFile(round.providers.map((p) => p.name), proof, shape);
  store?.save(proofFile);
  const tx = await client.submit(roundId, { ...submission, proof: proof.proof }, view.shape);
  return { outcome: 'proved', round, shape, proof, proofFile, tx };
}

/**
 * Why a kept proof cannot settle the round now (its verification fails, or the contract builds
 * other public inputs for it), or undefined when it can.
 */
async function whyStale(client: ZkmlClient, prover: ZkmlProver, roundId: bigint, kept: ProofFile, where: string, view: RoundWithShape): Promise<string | undefined> {
  if (shapeOfProof(kept).name !== view.circuitShape.name) return `it is of shape ${kept.shape}, the round's is ${view.circuitShape.name}`;
  if (!(await prover.verify(proofBytes(kept), kept.publicInputs, view.circuitShape))) return 'it does not verify';
  try {
    await checkProofAgainstRound(client, roundId, kept, where, view);
  } catch (err) {
    // The first sentence says what differs (the rest is advice for `zkml submit`).
    if (err instanceof ZkmlError && err.code === 'PROOF_WRONG_ROUND') return err.message.split(/\.\s/)[0]!;
    throw err;
  }
  return undefined;
}

/** The round's settlement when it settled with exactly the kept proof's values, else undefined. */
async function settledWith(client: ZkmlClient, roundId: bigint, kept: ProofFile, view: RoundWithShape, fromBlock?: bigint): Promise<ResumedSettlement | undefined> {
  const v = publicValuesOf(kept);
  const events = await client.events({ roundId, ...(fromBlock !== undefined ? { fromBlock } : {}) });
  const settled = events.find((e) => e.eventName === 'RoundSettled' && e.args.roundId === roundId);
  if (!settled || settled.eventName !== 'RoundSettled') return undefined;
  const a = settled.args;
  const same = (x: readonly bigint[] | undefined, y: readonly bigint[]) => x !== undefined && x.length >= y.length && x.every((e, i) => e === (y[i] ?? 0n));
  if (a.intercept !== v.intercept || a.trainLoss !== v.trainLoss || !same(a.weights, v.weights) || !same(a.shapley, v.shapley)) return undefined;
  const receipt = await chainRead(`reading the settlement ${settled.transactionHash} of round ${roundId}`, () => client.publicClient.getTransactionReceipt({ hash: settled.transactionHash }));
  return {
    outcome: 'already-settled',
    shape: shapeOfProof(kept),
    proofFile: kept,
    values: v,
    providers: view.delivered,
    tx: { hash: settled.transactionHash, gasUsed: receipt.gasUsed, result: { byRows: a.byRows ?? false } },
  };
}
