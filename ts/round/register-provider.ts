/**
 * A provider joins a round: its rows are encrypted to the round's owner key and proven (the
 * registration circuit of the round's shape) with a fresh salt, then registered from the
 * client's account. Everything is checked before anything is sent.
 */
import type { Address } from 'viem';
import type { ZkmlClient } from '../chain/client.js';
import type { TxResult } from '../chain/types.js';
import type { FixedRow } from '../circuit/model.js';
import { randomSalt } from '../crypto/random.js';
import { checkDataRange } from '../data/data-range.js';
import type { SealedRegistration } from '../protocol/registration.js';
import type { Shape } from '../protocol/shapes/index.js';
import { ChainError, InputError } from '../errors/index.js';
import type { OnStep, ZkmlProver } from '../prover/prover.js';
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
}

/** What {@link registerProvider} did. */
export interface RegisteredProvider {
  tx: TxResult<{ index: number }>;
  registration: SealedRegistration;
  salt: bigint;
  proveMs: number;
}

/**
 * Refuses more rows than one registration of the round's shape holds (its N_PROVIDER), before
 * anything is proven (the contract would refuse them too: `TooManyProviderRows`).
 * @throws InputError `TOO_MANY_ROWS`
 */
export function checkProviderRows(rows: number, shape: Shape, roundId: bigint): void {
  if (rows > shape.nProvider) {
    throw new InputError(
      'TOO_MANY_ROWS',
      `round ${roundId} (shape ${shape.name}) takes at most ${shape.nProvider} rows from one provider, but ${rows} were given; register at most ${shape.nProvider} rows. Nothing was proven or sent.`,
    );
  }
}

/**
 * Registers the client's account in `roundId` with its data, delivered encrypted to the owner.
 * @throws PhaseError `REGISTRATION_CLOSED` past the registration deadline (checked before proving);
 *   InputError for rows that do not fit the round's shape (`DATA_OUT_OF_RANGE` for a value outside
 *   its data range, before proving); ChainError when the round is not open for
 *   this account (nothing is proven or sent)
 */
export async function registerProvider(client: ZkmlClient, prover: ZkmlProver, options: RegisterProviderOptions): Promise<RegisteredProvider> {
  const account = client.account;
  if (!account) throw new InputError('KEY_MISSING', 'registering needs a sending account: connect with an account (PRIVATE_KEY).');
  const { roundId } = options;
  const [view, now, context, index] = await Promise.all([readRoundWithShape(client, roundId), nextBlockTime(client), client.roundContext(roundId), client.providerIndex(roundId, account.address)]);
  requirePhase(view, 'registration', { now, chainId: client.chainId });
  const { info: round, circuitShape: shape } = view;
  if (index !== undefined) throw new ChainError('ALREADY_REGISTERED', `${account.address} already holds slot ${index} of round ${roundId}. Nothing was sent.`);
  checkProviderRows(options.rows.length, shape, roundId);
  if (options.rows.length > shape.nTrain - round.totalRows) {
    throw new InputError('TOO_MANY_ROWS', `round ${roundId} has room for ${shape.nTrain - round.totalRows} more rows (shape ${shape.name}), but ${options.rows.length} were given. Nothing was sent.`);
  }
  if (options.rows.some((r) => r.x.length !== shape.d)) throw new InputError('BAD_COLUMNS', `round ${roundId} trains on ${shape.d} feature(s) (shape ${shape.name}); every row needs exactly ${shape.d}.`);
  // Out-of-range rows are refused here, naming the round's range, not by the registration circuit after proving starts.
  checkDataRange(options.rows, shape);
  const salt = options.salt ?? randomSalt();
  const proof = await prover.proveRegistration(context, { rows: options.rows, salt, payee: BigInt(account.address), ownerKey: round.ownerKey }, shape, options.onStep);
  const r = proof.registration;
  const args = { commitment: r.commitment, statsCommitment: r.statsCommitment, numRows: r.numRows, ephemeralKey: r.ephemeralKey, ciphertext: r.ciphertext };
  const onChain = await client.registrationPublicInputs(roundId, account.address as Address, args);
  if (onChain.some((v, i) => `0x${v.toString(16).padStart(64, '0')}` !== proof.publicInputs[i])) {
    throw new ChainError('REGISTRATION_MISMATCH', `the contract builds other registration inputs than the proof carries (round ${roundId}); nothing was sent.`);
  }
  const tx = await client.register(roundId, { ...args, proof: proof.proof });
  return { tx, registration: r, salt, proveMs: proof.timings.proveMs };
}
