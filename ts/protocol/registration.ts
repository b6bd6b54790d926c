/**
 * The one record of a provider's registration in a round: what it sent (commitment, row count,
 * encrypted delivery) and what the contract keeps of it (slot, rows before it, claim). Every
 * other view of a registration (the call's arguments, the log, the stored provider, the sealed
 * delivery the circuits see) is a `Pick` of it.
 */
import type { Address } from 'viem';

/** A point on Grumpkin (the owner's encryption key, a registration's ephemeral key). */
export interface CurvePoint {
  x: bigint;
  y: bigint;
}

/** A provider's registration in a round. */
export interface Registration {
  roundId: bigint;
  /** The provider's slot: registration order, from 0 (the order of the proof's commitments). */
  index: number;
  /** The registering account (msg.sender): the commitment binds it and rewards go to it. */
  provider: Address;
  /** Commitment to the provider's rows, salt and address. */
  commitment: bigint;
  /**
   * Commitment to the sufficient statistics of the same rows (n, ΣX, ΣY, ΣXXᵀ, ΣXY, ΣY²), with the
   * same salt, the address and the round's context (`noir/commitment/src/stats.nr`).
   */
  statsCommitment: bigint;
  numRows: number;
  /** Rows of the providers delivered before it (its rows' offset in the settlement; 0 until delivered). */
  rowsBefore: number;
  /** It delivered its data (only delivered providers enter the settlement). */
  delivered: boolean;
  /** Its position in the delivery order: its index in the settlement (0 until delivered). */
  settlementIndex: number;
  /** The round owner's encryption key the delivery is encrypted to. */
  ownerKey: CurvePoint;
  /** E = e·G of the delivery. */
  ephemeralKey: CurvePoint;
  /** The encrypted rows and salt (C field elements of the round's shape). */
  ciphertext: readonly bigint[];
  /** Its reward has been claimed (credited). */
  claimed: boolean;
  /** Block of its `DataDelivered` log. */
  blockNumber: bigint;
}

/** The encrypted delivery as the registration circuit binds it: the provider's address as the 160-bit `payee`. */
export type SealedRegistration = Pick<Registration, 'commitment' | 'statsCommitment' | 'numRows' | 'ownerKey' | 'ephemeralKey' | 'ciphertext'> & { payee: bigint };
