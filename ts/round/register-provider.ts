/**
 * A provider joins a sealed round: its rows are encrypted to the round's owner key and proven (the
 * registration circuit of the round's shape) with a fresh salt, the delivery is kept
 * ({@link RegisterProviderOptions.keep}), and only then is the registration sent: the commitments,
 * the row count and the deposit. Everything is checked before anything is sent; the data follow
 * with `deliverRegistration` once registration has closed.
 */
import { toHex, type Address } from 'viem';
import type { ZkmlClient } from '../chain/client.js';
import type { TxResult } from '../chain/types.js';
import type { FixedRow } from '../circuit/model.js';
import { providerCommitment } from '../circuit/commitment.js';
import { randomSalt } from '../crypto/random.js';
import { checkDataRange } from '../data/data-range.js';
import type { SealedRegistration } from '../protocol/registration.js';
import type { Shape } from '../protocol/shapes/index.js';
import { ChainError, InputError } from '../errors/index.js';
import type { OnStep, ZkmlProver } from '../prover/prover.js';
import type { PendingDelivery } from './pending-delivery.js';
import { nextBlockTime, requirePhase } from './require-phase.js';
import { readRoundWithShape } from './shape-of-round.js';

/** Options of {@link registerProvider}. */
export interface RegisterProviderOptions {
  roundId: bigint;
  /** The provider's rows (fixed point, scale 10^4). */
  rows: readonly FixedRow[];
  /** The commitment salt; default a fresh random one (a salt is never reused across rounds). */
  salt?: bigint;
  onStep?: OnStep;
  /**
   * Keeps the proven delivery before the registration is sent (e.g. `writePendingDelivery`): the
   * deposit is forfeited if the delivery is lost. When it throws, nothing is sent.
   */
  keep?: (delivery: PendingDelivery) => void | Promise<void>;
  /**
   * A delivery kept by an earlier attempt whose registration was not mined (e.g. its reply was
   * lost and it never reached the chain): registered again as it is, without proving again, when it
   * is of this round, chain, contract and account and its commitment opens with `rows`.
   */
  kept?: PendingDelivery;
}

/** What {@link registerProvider} did. */
export interface RegisteredProvider {
  tx: TxResult<{ index: number }>;
  registration: SealedRegistration;
  /** What `deliverRegistration` sends once registration has closed. */
  delivery: PendingDelivery;
  salt: bigint;
  proveMs: number;
}

/**
 * Refuses more rows than one provider may register in the round: its per-provider cap
 * (`maxRowsPerProvider`, at most the shape's N_PROVIDER), before anything is proven (the contract
 * would refuse them too: `TooManyProviderRows`).
 * @throws InputError `TOO_MANY_ROWS`
 */
export function checkProviderRows(rows: number, shape: Shape, roundId: bigint, cap: number = shape.nProvider): void {
  const max = Math.min(cap, shape.nProvider);
  if (rows > max) {
    throw new InputError(
      'TOO_MANY_ROWS',
      `round ${roundId} (shape ${shape.name}) takes at most ${max} rows from one provider${max < shape.nProvider ? ` (its per-provider cap; the shape holds ${shape.nProvider})` : ''}, but ${rows} were given; register at most ${max} rows. Nothing was proven or sent.`,
    );
  }
}

/**
 * Registers the client's account in `roundId`: proves its data's delivery, keeps it, then sends the
 * commitments and the deposit. Deliver with `deliverRegistration` after the registration deadline.
 * @throws PhaseError `REGISTRATION_CLOSED` past the registration deadline, `REGISTRATION_CLOSING`, `ROUND_FULL` (checked before proving);
 *   InputError for rows that do not fit the round's shape (`DATA_OUT_OF_RANGE` for a value outside
 *   its data range, before proving); ChainError when the round is not open for
 *   this account (nothing is proven or sent)
 */
export async function registerProvider(client: ZkmlClient, prover: ZkmlProver, options: RegisterProviderOptions): Promise<RegisteredProvider> {
  const account = client.account;
  if (!account) throw new InputError('KEY_MISSING', 'registering needs a sending account: connect with an account (PRIVATE_KEY).');
  const { roundId } = options;
  const [view, now, context, index] = await Promise.all([readRoundWithShape(client, roundId), nextBlockTime(client), client.roundContext(roundId), client.providerIndex(roundId, account.address)]);
  if (index !== undefined) throw new ChainError('ALREADY_REGISTERED', `${account.address} already holds slot ${index} of round ${roundId}. Nothing was sent.`);
  requirePhase(view, 'registration', { now, chainId: client.chainId });
  const { info: round, circuitShape: shape } = view;
  checkProviderRows(options.rows.length, shape, roundId, round.maxRowsPerProvider);
  if (options.rows.some((r) => r.x.length !== shape.d)) throw new InputError('BAD_COLUMNS', `round ${roundId} trains on ${shape.d} feature(s) (shape ${shape.name}); every row needs exactly ${shape.d}.`);
  // Out-of-range rows are refused here, naming the round's range, not by the registration circuit after proving starts.
  checkDataRange(options.rows, shape);
  const reused = options.kept ? await reusableDelivery(prover, options.kept, { client, roundId, rows: options.rows, shape }) : undefined;
  if (reused) {
    const tx = await client.register(roundId, { commitment: reused.commitment, statsCommitment: reused.statsCommitment, numRows: reused.numRows }, round);
    const registration = { commitment: reused.commitment, statsCommitment: reused.statsCommitment, numRows: reused.numRows, ownerKey: round.ownerKey, ephemeralKey: reused.ephemeralKey, ciphertext: reused.ciphertext, payee: BigInt(account.address) };
    return { tx, registration, delivery: reused, salt: reused.salt, proveMs: 0 };
  }
  const salt = options.salt ?? randomSalt();
  const proof = await prover.proveRegistration(context, { rows: options.rows, salt, payee: BigInt(account.address), ownerKey: round.ownerKey }, shape, options.onStep);
  const r = proof.registration;
  const args = { commitment: r.commitment, statsCommitment: r.statsCommitment, numRows: r.numRows, ephemeralKey: r.ephemeralKey, ciphertext: r.ciphertext };
  const onChain = await client.registrationPublicInputs(roundId, account.address as Address, args);
  if (onChain.some((v, i) => `0x${v.toString(16).padStart(64, '0')}` !== proof.publicInputs[i])) {
    throw new ChainError('REGISTRATION_MISMATCH', `the contract builds other registration inputs than the proof carries (round ${roundId}); nothing was sent.`);
  }
  const delivery: PendingDelivery = {
    chainId: client.chainId,
    contract: client.contract,
    roundId,
    payee: account.address,
    commitment: r.commitment,
    statsCommitment: r.statsCommitment,
    numRows: r.numRows,
    salt,
    ephemeralKey: { x: r.ephemeralKey.x, y: r.ephemeralKey.y },
    ciphertext: [...r.ciphertext],
    proof: toHex(proof.proof),
  };
  await options.keep?.(delivery);
  const tx = await client.register(roundId, { commitment: r.commitment, statsCommitment: r.statsCommitment, numRows: r.numRows }, round);
  return { tx, registration: r, delivery, salt, proveMs: proof.timings.proveMs };
}

/**
 * `kept` if it can be registered as it is: the same chain, contract, round and account, the round's
 * owner key unchanged (it is fixed), and a data commitment that opens with `rows` and its salt.
 * @throws InputError `DELIVERY_MISMATCH` for a kept delivery of other rows (nothing is sent)
 */
async function reusableDelivery(
  prover: ZkmlProver,
  kept: PendingDelivery,
  at: { client: ZkmlClient; roundId: bigint; rows: readonly FixedRow[]; shape: Shape },
): Promise<PendingDelivery | undefined> {
  const { client, roundId, rows, shape } = at;
  const account = client.account?.address;
  if (kept.roundId !== roundId || kept.chainId !== client.chainId || kept.contract.toLowerCase() !== client.contract.toLowerCase() || kept.payee.toLowerCase() !== account?.toLowerCase()) return undefined;
  const commitment = await providerCommitment(prover.barretenberg, rows, kept.salt, BigInt(kept.payee), shape);
  if (kept.numRows !== rows.length || commitment !== kept.commitment) {
    throw new InputError('DELIVERY_MISMATCH', `the kept delivery of round ${roundId} was proven for other rows (${kept.numRows} rows) than the ${rows.length} given; register the rows it was proven for, or remove the kept delivery to prove these. Nothing was sent.`);
  }
  return kept;
}
