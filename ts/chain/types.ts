/**
 * The chain-facing types of the SDK, in one place: what `ZKMLIncentives` stores and logs, what its
 * calls take, and what a mined transaction returns. A registration is the one record of
 * `ts/protocol/registration.ts`; the types here that describe one are `Pick`s of it.
 */
import type { Account, Address, Chain, Hex, ParseEventLogsReturnType, PublicClient, Transport } from 'viem';
import type { zkmlIncentivesAbi } from '../generated/abi.js';
import type { CurvePoint, Registration } from '../protocol/registration.js';
import type { RoundStatus } from './errors.js';

export type { CurvePoint, Registration, SealedRegistration } from '../protocol/registration.js';

/** Default number of blocks one `eth_getLogs` request spans (halved when a node refuses it). */
export const DEFAULT_LOG_RANGE = 10_000n;
/** Default bound on the wait for a receipt, in ms. */
export const DEFAULT_RECEIPT_TIMEOUT_MS = 180_000;

/** How long a sent transaction may be unknown to the node, its nonce unused, before it counts as dropped (ms). */
export const DEFAULT_DROPPED_AFTER_MS = 30_000;

/** A transaction signed and about to be handed to the node. */
export interface SignedTx {
  hash: Hex;
  nonce: number;
  from: Address;
  action: string;
}

/** Options of one send. */
export interface SendOptions {
  /** Send with this nonce (a retry that can only replace an earlier attempt); default the account's next. */
  nonce?: number;
  /** Hears the hash and nonce after signing, before the node gets the transaction (local accounts only). */
  onSigned?: (tx: SignedTx) => void;
}

/** Called with a transaction's hash as soon as it is handed to the node (before its receipt). */
export type OnSent = (hash: Hex, action: string) => void;

/** Options of `connect`. */
export interface ConnectOptions {
  /** JSON-RPC URL of the node. */
  rpcUrl: string;
  /** Address of the deployed ZKMLIncentives. */
  contract: Address;
  /** Chain id the caller expects (e.g. from the deployment record); a different chain is an error. */
  expectedChainId?: number;
  /** Sending account (or its private key); reads work without one. */
  account?: Account | Hex;
  /** Receipt polling interval in ms; default 250 (anvil mines instantly). */
  pollingInterval?: number;
  /** First block event scans read (the deployment's block, `Deployment.blockNumber`); default 0. */
  fromBlock?: bigint;
  /** Blocks per `eth_getLogs` request; default {@link DEFAULT_LOG_RANGE}. */
  logRange?: bigint;
  /** Longest wait for a receipt in ms; default {@link DEFAULT_RECEIPT_TIMEOUT_MS}. */
  receiptTimeoutMs?: number;
  /** How long a sent transaction may be unknown to the node before it is reported dropped (`TX_DROPPED`); default {@link DEFAULT_DROPPED_AFTER_MS}. */
  droppedAfterMs?: number;
  /** Hears every transaction hash as soon as it is sent. */
  onSent?: OnSent;
  /** The viem transport to use instead of `http(rpcUrl)` (e.g. one that logs or counts requests). */
  transport?: Transport;
}

/** What every read and the send pipeline need: the node, the contract and how to scan its logs. */
export interface ChainContext {
  publicClient: PublicClient<Transport, Chain>;
  contract: Address;
  chainId: number;
  /** First block event scans read. */
  fromBlock: bigint;
  /** Blocks per `eth_getLogs` request. */
  logRange: bigint;
}

/** A mined transaction and what it did. */
export interface TxResult<T> {
  hash: Hex;
  gasUsed: bigint;
  blockNumber: bigint;
  result: T;
}

/** A circuit shape registered in the deployment (shape id = its index). */
export interface ShapeInfo {
  id: number;
  /** Provider slots K. */
  k: number;
  /** Features D. */
  d: number;
  /** Training rows the round can hold (all providers together). */
  nTrain: number;
  /** Rows one provider can register (the registration circuit's N_PROVIDER). */
  maxProviderRows: number;
  /** Maximum validation rows N_VAL (a round's validation set has 1..N_VAL rows). */
  nVal: number;
  /** Ciphertext elements of a registration. */
  ciphertextLength: number;
  settlementVerifier: Address;
  registrationVerifier: Address;
  /** Verifies the validation proof `createRound` takes. */
  validationVerifier: Address;
}

/** A round as stored, with names for the enums. */
export interface RoundInfo {
  id: bigint;
  owner: Address;
  shapeId: number;
  /** `0x000…0` for ETH. */
  asset: Address;
  amount: bigint;
  validationCommitment: bigint;
  /** m, the validation set's rows (proven at creation). */
  validationRows: number;
  /** Λ = λ·10^4. */
  lambda: bigint;
  maxProviders: number;
  numProviders: number;
  /** Rows registered so far (delivered or not). */
  totalRows: number;
  /** Registered providers that delivered (the settlement's k). */
  numDelivered: number;
  /** Rows of the delivered providers. */
  deliveredRows: number;
  /** Most rows one provider may register. */
  maxRowsPerProvider: number;
  /** The deposit of one registration, in the round's asset. */
  deposit: bigint;
  /** Share of the pool paid by delivered rows whatever the values, in basis points. */
  rowShareBps: number;
  /** With no positive φ, the value part of the pool pays at most this per delivered row. */
  reservePerRow: bigint;
  status: RoundStatus;
  registrationDeadline: bigint;
  /** Delivery is open from the registration deadline while block time < this. */
  deliveryDeadline: bigint;
  submissionDeadline: bigint;
  /** The owner's Grumpkin encryption key: deliveries are encrypted to it. */
  ownerKey: CurvePoint;
  /** Registration is restricted to an allowlist. */
  restricted: boolean;
  /** After settlement: Σ max(φ, 0) (0 means the pool is split by rows). */
  positiveTotal: bigint;
  /** Credited so far: rewards and deposits, the owner's refund or reclaim. */
  paidOut: bigint;
}

/** A registered provider as the contract stores it (`getProviders`). */
export type ProviderInfo = Pick<Registration, 'index' | 'provider' | 'commitment' | 'statsCommitment' | 'numRows' | 'rowsBefore' | 'claimed' | 'delivered' | 'settlementIndex'>;

/** What a registration proves and delivers (from `encryptRegistration` and the registration proof). */
export type RegistrationArgs = Pick<Registration, 'commitment' | 'statsCommitment' | 'numRows' | 'ephemeralKey' | 'ciphertext'> & { proof: Hex | Uint8Array };

/** What `register` sends: the commitments and the row count (the deposit is the round's). */
export type CommitArgs = Pick<Registration, 'commitment' | 'statsCommitment' | 'numRows'>;

/** What `deliver` sends: the encrypted data and the registration proof. */
export type DeliveryArgs = Pick<Registration, 'ephemeralKey' | 'ciphertext'> & { proof: Hex | Uint8Array };

/**
 * A registration as logged by the contract (`ProviderRegistered`), with its ciphertext read from
 * the registering transaction (the log holds only `ciphertextHash`, which the ciphertext matches):
 * everything the owner needs to decrypt the data.
 */
export type RegistrationEvent = Pick<Registration, 'roundId' | 'provider' | 'index' | 'settlementIndex' | 'commitment' | 'statsCommitment' | 'numRows' | 'ephemeralKey' | 'ciphertext' | 'blockNumber'> & {
  /** keccak256 of the ciphertext's 32-byte words, as logged. */
  ciphertextHash: Hex;
  /** The transaction that delivered (its input, or its call trace, holds the ciphertext). */
  transactionHash: Hex;
};

/** A round read once with everything a flow needs of it: the stored round, its shape and its providers. */
export interface RoundView {
  info: RoundInfo;
  shape: ShapeInfo;
  /** Every registered slot, in registration order (delivered or not). */
  providers: ProviderInfo[];
  /** The delivered providers in delivery order: the settlement's providers (index i ↔ shapley[i]). */
  delivered: ProviderInfo[];
}

/** Parameters of `ZkmlClient.createRound`. */
export interface CreateRoundParams {
  /** The circuit shape (id in this deployment); default 0. */
  shapeId?: number;
  /** Reward token; omit (or the zero address) for ETH. */
  asset?: Address;
  /** Reward pool in wei / token units. */
  amount: bigint;
  /** The validation set's statistics commitment (`validationCommitment` of ts/circuit). */
  validationCommitment: bigint;
  /** m, the validation set's rows (1..N_VAL of the shape). */
  validationRows: number;
  /** The validation proof (`ZkmlProver.proveValidation`) of that commitment and row count. */
  validationProof: Uint8Array;
  /** Λ = λ·10^4, at least 100 (λ ≥ 0.01). */
  lambda: bigint;
  maxProviders: number;
  /** Unix seconds; registration is open while block time < this (1 hour to 30 days from now). */
  registrationDeadline: bigint;
  /** Unix seconds; delivery is open from the registration deadline while block time < this (1 hour to 7 days later). */
  deliveryDeadline: bigint;
  /** Unix seconds; submission is open until this, inclusive (1 to 30 days after delivery closes). */
  submissionDeadline: bigint;
  /** Deposit of every registration, in the round's asset: returned to a provider that delivers, forfeited into the pool by one that does not. At most the reward; at least 1 unless there is an allowlist. */
  deposit: bigint;
  /** Most rows one provider may register; default (0) the fair share min(N_TRAIN / maxProviders, N_PROVIDER). */
  maxRowsPerProvider?: number;
  /** Share of the pool paid by delivered rows whatever the values, in basis points (0..10,000); default 0. */
  rowShareBps?: number;
  /** With no positive φ, the value part of the pool pays at most this per delivered row (the rest returns to the owner); default the whole pool (no reserve). */
  reservePerRow?: bigint;
  /** The owner's Grumpkin encryption key (`ownerKeyFromSigner`). */
  ownerKey: CurvePoint;
  /** Only these addresses may register (consortium rounds); omit or empty for an open round. */
  allowlist?: readonly Address[];
}

/** The numbers a proof settles (all fixed-point integers, see ts/protocol/layout.ts). */
export interface Submission {
  /** w·10^8, one per feature of the round's shape. */
  weights: readonly bigint[];
  /** b·10^8. */
  intercept: bigint;
  /** L·10^8. */
  trainLoss: bigint;
  /** φ·10^8 per delivered provider (delivery order); padded with zeros to the shape's K. */
  shapley: readonly bigint[];
  /** The UltraHonk proof bytes. */
  proof: Hex | Uint8Array;
}

/** The shape numbers a submission is checked and padded with (K slots, D weights). */
export type SubmissionShape = Pick<ShapeInfo, 'k' | 'd'>;

/** Every event the contract emits, decoded. */
export type IncentivesEvent = ParseEventLogsReturnType<typeof zkmlIncentivesAbi>[number];
