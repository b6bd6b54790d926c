/**
 * Chain errors and what to do about them: every custom error of `ZKMLIncentives` (and the ERC20
 * errors a token bubbles up) mapped to advice a user can act on, and the conversion of anything
 * viem throws into a typed {@link ChainError}. Kept apart from the client that sends transactions.
 */
import {
  BaseError,
  ChainMismatchError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  RpcRequestError,
  zeroAddress,
  type Address,
  type Hex,
  type ContractErrorArgs,
  type ContractErrorName,
} from 'viem';
import { ChainError } from '../errors/index.js';
import { erc20ErrorsAbi, zkmlIncentivesAbi } from '../generated/abi.js';

/** The contract's ABI plus the ERC20 errors a token can bubble up through it. */
export const incentivesAbi = [...zkmlIncentivesAbi, ...erc20ErrorsAbi] as const;
/** Type of {@link incentivesAbi}. */
export type IncentivesAbi = typeof incentivesAbi;

/** Name of every custom error the client can decode. */
export type IncentivesErrorName = ContractErrorName<IncentivesAbi>;

/** Stored status of a round. */
export const ROUND_STATUS = ['Open', 'Settled', 'Reclaimed'] as const;
/** Phase of a round at the current block (the contract's `Phase` enum). */
export const ROUND_PHASE = ['Registration', 'Delivery', 'Submission', 'Settled', 'Expired', 'Empty', 'Reclaimed'] as const;
/** A round's stored status. */
export type RoundStatus = (typeof ROUND_STATUS)[number];
/** A round's phase. */
export type RoundPhase = (typeof ROUND_PHASE)[number];

/** A contract revert, decoded: `errorName` and `args` are the custom error's. */
export class ContractRevertError extends ChainError {
  /** The custom error's name, e.g. `RegistrationClosed`. */
  readonly errorName: string;
  /** Its decoded arguments. */
  readonly args: readonly unknown[];
  constructor(errorName: string, args: readonly unknown[], message: string, options?: { cause?: unknown }) {
    super(`CONTRACT_${errorName}`, message, options);
    this.name = 'ContractRevertError';
    this.errorName = errorName;
    this.args = args;
  }
}

/**
 * What became of a transaction that was handed to the node (it has a hash), when it did not succeed:
 * - `reverted`: mined, and reverted on chain (its simulation had passed);
 * - `unknown`: it MAY have been sent: the node's reply was lost, or no receipt came within the wait;
 * - `replaced`: another transaction of the same account and nonce took its place, pending or mined (it never will be);
 * - `dropped`: the node no longer knows it and its nonce is unused (it did nothing; a new send takes the same nonce);
 * - `refused`: the node answered the send with an error (it is not pending).
 */
export type TxOutcome = 'reverted' | 'unknown' | 'replaced' | 'dropped' | 'refused';

/** The error code of each {@link TxOutcome}. */
export const TX_ERROR_CODE = { reverted: 'TX_REVERTED', unknown: 'TX_UNKNOWN', replaced: 'TX_REPLACED', dropped: 'TX_DROPPED', refused: 'TX_REFUSED' } as const satisfies Record<TxOutcome, string>;

/** A transaction that was signed and handed to the node but did not succeed; the message names its hash. */
export class TransactionError extends ChainError {
  /** The transaction's hash (undefined only when a remote signer sent it and its reply was lost). */
  readonly hash: Hex | undefined;
  readonly outcome: TxOutcome;
  constructor(outcome: TxOutcome, hash: Hex | undefined, message: string, options?: { cause?: unknown }) {
    super(TX_ERROR_CODE[outcome], message, options);
    this.name = 'TransactionError';
    this.outcome = outcome;
    this.hash = hash;
  }
}

/** `ETH` or `token 0x…`. */
export const assetName = (asset: Address) => (asset === zeroAddress ? 'ETH' : `token ${asset}`);
const statusName = (s: number) => ROUND_STATUS[s] ?? `status ${s}`;
const utc = (t: bigint) => new Date(Number(t) * 1000).toISOString().replace('.000Z', 'Z');

/** What each custom error means for the user and what to do. Exhaustive: a new contract error fails tsc. */
const ADVICE: { [N in IncentivesErrorName]: (args: ContractErrorArgs<IncentivesAbi, N>) => string } = {
  NoShapes: () => 'the deployment needs at least one shape.',
  TooManyShapes: ([n]) => `${n} shapes is more than a deployment can register.`,
  InvalidShape: ([id]) => `shape ${id} is inconsistent (K, D, N_TRAIN, ciphertext length); check the shape list.`,
  InvalidVerifier: ([v]) => `the verifier address ${v} has no code; deploy the verifier first.`,
  WrongCiphertextLength: ([e, a]) => `the ciphertext has ${a} elements but the round's shape needs ${e}; encrypt with the round's shape.`,
  ShapeNotFound: ([id]) => `shape ${id} is not registered in this deployment; the deployment's shapes (the client's shapes()) are the ones to use.`,
  RoundNotFound: ([id]) => `round ${id} does not exist on this contract; check the round id (rounds are numbered from 1 to the contract's round count).`,
  ZeroAmount: () => 'the reward amount must be greater than 0.',
  EthAmountMismatch: ([sent, expected]) => `${sent} wei were sent but ${expected} were expected; send exactly the reward for an ETH round and no ETH for a token round.`,
  TransferAmountMismatch: ([requested, received]) => `the token delivered ${received} instead of ${requested}; fee-on-transfer and rebasing tokens are not supported, use a standard ERC20.`,
  InvalidValidationCommitment: ([c]) => `validation commitment ${c} must be a non-zero field element below the BN254 modulus; commit to the validation set first.`,
  InvalidValidationRows: ([m, max]) =>
    `the validation set has ${m} rows but the round's shape takes 1 to ${max}; ${m === 0n ? 'give at least one validation row' : `use at most ${max} validation rows or a shape with a larger N_VAL`}, and prove the validation set again.`,
  LambdaOutOfRange: ([l]) => `λ·10^4 = ${l} is out of range: λ must be at least 0.01 (so no round can be singular) and λ·10^4 below 2^40.`,
  InvalidMaxProviders: ([m]) => `max providers ${m} must be between 1 and the shape's K.`,
  RegistrationPeriodTooShort: ([p, min]) => `the registration period of ${p} s is shorter than the minimum ${min} s; providers need time to prove their registration.`,
  SubmissionPeriodTooShort: ([p, min]) => `the submission period of ${p} s (after the delivery deadline) is shorter than the minimum ${min} s; the owner needs time to prove the settlement.`,
  RegistrationPeriodTooLong: ([p, max]) => `the registration period of ${p} s is longer than the maximum ${max} s; choose an earlier registration deadline.`,
  DeliveryPeriodTooShort: ([p, min]) => `the delivery period of ${p} s (after the registration deadline) is shorter than the minimum ${min} s; providers need time to deliver.`,
  DeliveryPeriodTooLong: ([p, max]) => `the delivery period of ${p} s is longer than the maximum ${max} s; choose an earlier delivery deadline.`,
  SubmissionPeriodTooLong: ([p, max]) => `the submission period of ${p} s is longer than the maximum ${max} s; providers must be able to claim within a bounded time: choose an earlier submission deadline.`,
  InvalidMaxRowsPerProvider: ([cap, limit]) => `a row cap of ${cap} per provider is more than the fair share ${limit} (N_TRAIN / maxProviders, at most N_PROVIDER); give at most ${limit}, or 0 for the fair share.`,
  DepositOutOfRange: ([d, amount]) => `a deposit of ${d} is out of range: it must be at most the reward ${amount}, and at least 1 in a round without an allowlist.`,
  RowShareOutOfRange: ([bps]) => `a share by rows of ${bps} basis points is more than 10000 (the whole pool).`,
  DepositMismatch: ([sent, expected]) => `the registration sent ${sent} wei but the round's deposit takes ${expected}; send exactly the deposit (in an ERC20 round, approve the token and send no ETH).`,
  DeliveryNotOpen: ([id, opensAt]) => `delivery for round ${id} opens at ${utc(opensAt)} (chain time ${opensAt}), when registration closes; deliver then.`,
  DeliveryClosed: ([id]) => `the delivery deadline of round ${id} has passed; a registration that did not deliver is excluded and its deposit is forfeited.`,
  NotRegistered: ([id, a]) => `${a} did not register in round ${id}; only registered providers deliver, from the registering account.`,
  AlreadyDelivered: ([id, i]) => `slot ${i} of round ${id} has already delivered; each registration delivers once.`,
  NotDelivered: ([id, i]) => `slot ${i} of round ${id} did not deliver its data in time: it is excluded from the round and its deposit went into the pool.`,
  InvalidOwnerKey: ([x, y]) => `the owner encryption key (${x}, ${y}) is not a point on Grumpkin; derive it with the SDK (ownerKeyFromSigner).`,
  RegistrationClosed: ([id]) => `registration for round ${id} has closed; providers must register before the registration deadline.`,
  NotAllowlisted: ([id, a]) => `${a} is not on the allowlist of round ${id}; ask the round's owner.`,
  AlreadyRegistered: ([id, p]) => `${p} is already registered in round ${id}; each address registers once per round.`,
  InvalidNumRows: ([n]) => `${n} rows: a registration holds at least one row.`,
  RoundFull: ([id]) => `round ${id} already has its maximum number of providers.`,
  TooManyProviderRows: ([n, max]) => `one provider may register at most ${max} rows in this round (its per-provider cap), but this registration has ${n}; register at most ${max} rows.`,
  InvalidCiphertext: ([i, v]) => `ciphertext element ${i} (${v}) is not a field element; encrypt again with the SDK.`,
  InvalidCommitment: ([c]) => `commitment ${c} must be a non-zero field element below the BN254 modulus; compute it from the provider's data.`,
  InvalidStatsCommitment: ([c]) => `statistics commitment ${c} must be a non-zero field element below the BN254 modulus; prove the registration again with the SDK (it computes it from the provider's rows).`,
  InvalidEphemeralKey: ([x, y]) => `the ephemeral key (${x}, ${y}) is not a point on Grumpkin; encrypt again with the SDK.`,
  RoundNotOpen: ([id, s]) => `round ${id} is already ${statusName(Number(s)).toLowerCase()}; it cannot change any more.`,
  SubmissionNotOpen: ([id, opensAt]) => `submission for round ${id} opens at ${utc(opensAt)} (chain time ${opensAt}), when delivery closes, or earlier once every registered provider has delivered; submit then.`,
  SubmissionClosed: ([id]) => `the submission deadline of round ${id} has passed; its providers can now claim the escrow by rows.`,
  NoProviders: ([id]) => `round ${id} has no delivered provider, so it cannot be settled; the owner can reclaim it.`,
  WrongWeightsLength: ([e, a]) => `${a} weights were given but the round's shape has ${e}.`,
  WrongShapleyLength: ([e, a]) => `${a} Shapley values were given but the round's shape expects ${e} (one per slot, 0 for unused slots).`,
  ValueOutOfRange: ([v]) => `value ${v} is out of range (|value| must be below 2^120).`,
  TrainLossOutOfRange: ([l]) => `training loss ${l} is out of range (it must be below 2^120).`,
  UnusedSlotNotZero: ([i]) => `the Shapley value of unused slot ${i} must be 0; give one value per registered provider.`,
  InvalidProof: () =>
    'the verifier rejected the proof: it does not match this round (chain, contract, round id, registrations, ' +
    "validation commitment, λ, sender) or the submitted values; prove again for this round. When creating a round, " +
    'the validation proof must be of exactly this validation commitment and row count: prove the validation set again (ZkmlProver.proveValidation).',
  ProviderNotFound: ([id, i]) => `round ${id} has no provider in slot ${i}.`,
  NotClaimable: ([id]) => `round ${id} is neither settled nor expired yet; claim after settlement or after its submission deadline.`,
  AlreadyClaimed: ([id, i]) => `slot ${i} of round ${id} has already been claimed: its reward is in the provider's credits, to withdraw.`,
  NothingToClaim: ([id, i]) => `slot ${i} of round ${id} earned nothing (no positive value); nothing to claim.`,
  NotRoundOwner: ([id, caller]) => `only the owner of round ${id} can reclaim it; ${caller} is not the owner.`,
  RoundNotExpired: ([id]) => `round ${id} may still get deliveries; a round nobody delivered to can be reclaimed once registration closes with no registration, or once delivery closes.`,
  RoundHasProviders: ([id]) => `round ${id} has delivered providers: its escrow goes to them (by settlement, or by their claims after expiry), never back to the owner.`,
  NothingToWithdraw: ([asset]) => `nothing to withdraw in ${assetName(asset)}; credits appear after a claim or a reclaim.`,
  EthTransferFailed: ([to, amount]) => `sending ${amount} wei to ${to} failed (the receiver rejected ETH); withdraw from an address that accepts ETH.`,
  ReentrancyGuardReentrantCall: () => 'a reentrant call was rejected.',
  SafeERC20FailedOperation: ([token]) => `token ${token} refused the transfer; check the token balance and allowance.`,
  ERC20InsufficientAllowance: ([spender, allowance, needed]) => `the allowance of ${spender} is ${allowance} but ${needed} is needed; approve the contract for the amount first.`,
  ERC20InsufficientBalance: ([sender, balance, needed]) => `${sender} holds ${balance} tokens but ${needed} are needed; fund the account with the token.`,
  ERC20InvalidApprover: ([a]) => `invalid token approver ${a}.`,
  ERC20InvalidReceiver: ([a]) => `invalid token receiver ${a}.`,
  ERC20InvalidSender: ([a]) => `invalid token sender ${a}.`,
  ERC20InvalidSpender: ([a]) => `invalid token spender ${a}.`,
};

/** The advice for a decoded custom error. */
export function adviceFor(errorName: string, args: readonly unknown[]): string {
  // Decoded arguments arrive untyped; each entry reads them positionally as its error declares.
  const table = ADVICE as unknown as Record<string, ((a: readonly unknown[]) => string) | undefined>;
  const advise = Object.hasOwn(table, errorName) ? table[errorName] : undefined;
  return advise ? advise(args) : `the contract reverted with ${errorName}(${args.map(String).join(', ')}).`;
}

/**
 * Turns any error of a chain call into a typed {@link ChainError}: a decoded custom error becomes a
 * {@link ContractRevertError}; unreachable node, wrong chain and missing funds get their own codes.
 * @param err what viem (or anything else) threw
 * @param action what was being done, e.g. `registering in round 3`
 */
export function explainChainError(err: unknown, action: string): ChainError {
  if (err instanceof ChainError) return err;
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const data = reverted.data;
      if (data && data.errorName !== 'Error' && data.errorName !== 'Panic') {
        const args = data.args ?? [];
        return new ContractRevertError(data.errorName, args, `${action} was rejected by the contract (${data.errorName}): ${adviceFor(data.errorName, args)} Nothing was sent.`, { cause: err });
      }
      const why = reverted.reason ?? (reverted.signature ? `unknown error ${reverted.signature}` : 'no reason given');
      return new ChainError('CONTRACT_REVERT', `${action} was rejected by the contract (${why}).`, { cause: err });
    }
    if (err.walk((e) => e instanceof InsufficientFundsError)) {
      return new ChainError('UNFUNDED', `${action}: the account cannot pay for the transaction; fund it with ETH and try again.`, { cause: err });
    }
    if (err.walk((e) => e instanceof ChainMismatchError)) {
      return new ChainError('WRONG_CHAIN', `${action}: the node is on a different chain than expected; check the RPC URL.`, { cause: err });
    }
    if (err.walk((e) => e instanceof HttpRequestError)) {
      return new ChainError('RPC_UNREACHABLE', `${action}: cannot reach the node (${err.shortMessage}); is it running? Check the RPC URL.`, { cause: err });
    }
    return new ChainError('CHAIN_ERROR', `${action} failed: ${err.shortMessage}`, { cause: err });
  }
  return new ChainError('CHAIN_ERROR', `${action} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/**
 * Whether the node answered a request with a refusal (a JSON-RPC error or an HTTP error status),
 * rather than not at all (unreachable, timed out, connection reset: the reply was lost).
 */
export function isNodeRefusal(err: unknown): boolean {
  if (!(err instanceof BaseError)) return false;
  return Boolean(err.walk((e) => e instanceof RpcRequestError || (e instanceof HttpRequestError && e.status !== undefined)));
}
