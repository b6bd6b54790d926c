/**
 * A registered provider delivers its data to a sealed round: the kept delivery (the ciphertext
 * encrypted to the owner's key and the registration proof, made before registering) is sent once
 * registration has closed. Everything is checked first: the phase, the chain and contract, the
 * account, that the slot holds exactly the kept commitments and row count, that it has not
 * delivered yet, and that the contract builds the public inputs the proof carries.
 */
import type { ZkmlClient } from '../chain/client.js';
import type { TxResult } from '../chain/types.js';
import { registrationPublicInputVector } from '../crypto/registration.js';
import { ChainError, InputError } from '../errors/index.js';
import { roundContext } from '../protocol/context.js';
import type { PendingDelivery } from './pending-delivery.js';
import { nextBlockTime, requirePhase } from './require-phase.js';
import { readRoundWithShape } from './shape-of-round.js';

/** What {@link deliverRegistration} did: the delivery transaction and the provider's slot. */
export interface DeliveredRegistration {
  tx: TxResult<{ settlementIndex: number }>;
  index: number;
}

/**
 * Delivers `delivery` from the client's account.
 * @throws PhaseError `DELIVERY_NOT_OPEN`, `DELIVERY_CLOSED`; InputError `KEY_MISSING`,
 *   `DELIVERY_MISMATCH` (another chain, contract, round or account); ChainError `NOT_REGISTERED`,
 *   `ALREADY_DELIVERED`, `REGISTRATION_MISMATCH` (nothing is sent)
 */
export async function deliverRegistration(client: ZkmlClient, delivery: PendingDelivery): Promise<DeliveredRegistration> {
  const account = client.account;
  if (!account) throw new InputError('KEY_MISSING', 'delivering needs the registering account: connect with it (PRIVATE_KEY).');
  const { roundId } = delivery;
  const mismatch = (what: string) => new InputError('DELIVERY_MISMATCH', `this delivery belongs to ${what}; deliver it with the account, chain and contract that registered it. Nothing was sent.`);
  if (delivery.chainId !== client.chainId) throw mismatch(`chain ${delivery.chainId}, not chain ${client.chainId}`);
  if (delivery.contract.toLowerCase() !== client.contract.toLowerCase()) throw mismatch(`contract ${delivery.contract}, not ${client.contract}`);
  if (delivery.payee.toLowerCase() !== account.address.toLowerCase()) throw mismatch(`account ${delivery.payee}, not ${account.address}`);
  const [view, now] = await Promise.all([readRoundWithShape(client, roundId), nextBlockTime(client)]);
  const slot = view.providers.find((p) => p.provider.toLowerCase() === account.address.toLowerCase());
  if (slot?.delivered) throw new ChainError('ALREADY_DELIVERED', `slot ${slot.index} of round ${roundId} has already delivered (settlement index ${slot.settlementIndex}). Nothing was sent.`);
  requirePhase(view, 'delivery', { now, chainId: client.chainId });
  if (!slot) throw new ChainError('NOT_REGISTERED', `${account.address} holds no slot in round ${roundId}; only a registered account delivers. Nothing was sent.`);
  if (slot.commitment !== delivery.commitment || slot.statsCommitment !== delivery.statsCommitment || slot.numRows !== delivery.numRows) {
    throw new ChainError(
      'REGISTRATION_MISMATCH',
      `slot ${slot.index} of round ${roundId} registered other commitments or another row count (${slot.numRows} rows) than this delivery (${delivery.numRows} rows); it cannot be delivered against them. Nothing was sent.`,
    );
  }
  const args = { commitment: delivery.commitment, statsCommitment: delivery.statsCommitment, numRows: delivery.numRows, ephemeralKey: delivery.ephemeralKey, ciphertext: delivery.ciphertext };
  // The inputs the delivery was proven for (this round's context, the registering payee, the round's
  // owner key) against the ones the contract will build from its storage.
  const proven = registrationPublicInputVector({ ...args, payee: BigInt(account.address), ownerKey: view.info.ownerKey, context: roundContext(client.chainId, client.contract, roundId) });
  const onChain = await client.registrationPublicInputs(roundId, account.address, args);
  if (onChain.length !== proven.length || onChain.some((v, i) => v !== proven[i])) {
    throw new ChainError('REGISTRATION_MISMATCH', `the contract builds other delivery inputs than this delivery carries (round ${roundId}); nothing was sent.`);
  }
  const tx = await client.deliver(roundId, { ephemeralKey: delivery.ephemeralKey, ciphertext: delivery.ciphertext, proof: delivery.proof });
  return { tx, index: slot.index };
}
