/**
 * The model owner opens a round: the validation set is committed with a fresh salt and its
 * statistics proven (`noir/validation`, verified by the contract), the round's encryption key is
 * derived from the owner's signature (nothing extra to keep safe), and the reward is escrowed. The owner keeps the returned validation salt (the CLI records it in the
 * owner's secrets file before sending).
 */
import type { ZkmlClient } from '../chain/client.js';
import type { CreateRoundParams, SendOptions, TxResult } from '../chain/types.js';
import type { FixedRow } from '../circuit/model.js';
import { ownerKeyFromSigner, type OwnerKey } from '../crypto/owner-key.js';
import { randomSalt } from '../crypto/random.js';
import { checkDataRange } from '../data/data-range.js';
import { InputError } from '../errors/index.js';
import type { OnStep, ZkmlProver } from '../prover/prover.js';
import { shapeOfId } from './shape-of-round.js';

/** Options of {@link openRound}: the round's parameters without the commitment and key it derives. */
export interface OpenRoundOptions extends Omit<CreateRoundParams, 'validationCommitment' | 'validationRows' | 'validationProof' | 'ownerKey'> {
  /** The validation rows (fixed point), committed and proven here. */
  validation: readonly FixedRow[];
  /** The validation salt; default a fresh random one. */
  validationSalt?: bigint;
  /** Progress of the validation proof. */
  onStep?: OnStep;
  /** Called with the commitment and salt before anything is sent (to store the salt first). */
  beforeSend?: (validationCommitment: bigint, validationSalt: bigint) => void;
  /**
   * Options of the createRound transaction: `onSigned` hears its hash and nonce before the node
   * does (record the attempt, as `zkml create-round` does, to retry it with `findEarlierRound`);
   * `nonce` re-sends an earlier attempt's nonce (it can only replace it).
   */
  send?: SendOptions;
}

/** What {@link openRound} did. */
export interface OpenedRound {
  roundId: bigint;
  validationCommitment: bigint;
  validationSalt: bigint;
  ownerKey: OwnerKey;
  tx: TxResult<{ roundId: bigint }>;
}

/** Opens a round from the client's account (the owner), proving its validation set with `prover`. */
export async function openRound(prover: ZkmlProver, client: ZkmlClient, options: OpenRoundOptions): Promise<OpenedRound> {
  const account = client.account;
  if (!account?.signTypedData) throw new InputError('KEY_MISSING', 'opening a round needs an account that can sign typed data (the owner key is derived from its EIP-712 signature).');
  const shape = await shapeOfId(client, options.shapeId ?? 0);
  if (options.validation.some((r) => r.x.length !== shape.d)) throw new InputError('BAD_COLUMNS', `shape ${shape.name} trains on ${shape.d} feature(s); every validation row needs exactly ${shape.d}.`);
  // Out-of-range validation rows would commit, and then no settlement could ever be proven.
  checkDataRange(options.validation, shape, { where: 'the validation set' });
  const validationSalt = options.validationSalt ?? randomSalt();
  const proof = await prover.proveValidation(options.validation, validationSalt, shape, options.onStep);
  const commitment = proof.statsCommitment;
  const ownerKey = await ownerKeyFromSigner(account, client.chainId, client.contract);
  options.beforeSend?.(commitment, validationSalt);
  const { validation: _v, validationSalt: _s, beforeSend: _b, onStep: _o, send, ...params } = options;
  const tx = await client.createRound(
    { ...params, validationCommitment: commitment, validationRows: proof.numRows, validationProof: proof.proof, ownerKey: ownerKey.publicKey },
    send,
  );
  return { roundId: tx.result.roundId, validationCommitment: commitment, validationSalt, ownerKey, tx };
}
