/**
 * Reads of a round: the stored round, its phase and context, the contract's limits, the chain's
 * clock, and {@link readRoundView}: the round with its shape and providers, read once for a flow.
 */
import { chainRead } from './read.js';
import { incentivesAbi, ROUND_PHASE, ROUND_STATUS, type RoundPhase } from './errors.js';
import { deliveryOrder, readProviders } from './read-providers.js';
import { readShape } from './read-shapes.js';
import type { ChainContext, RoundInfo, RoundView } from './types.js';

/** Number of rounds created (the latest round id). */
export function readRoundCount(ctx: ChainContext): Promise<bigint> {
  return chainRead('reading the round count', () => ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'roundCount' }));
}

/** The stored round. @throws ContractRevertError `RoundNotFound` */
export async function readRound(ctx: ChainContext, roundId: bigint): Promise<RoundInfo> {
  const r = await chainRead(`reading round ${roundId}`, () => ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'getRound', args: [roundId] }));
  return {
    id: roundId,
    owner: r.owner,
    shapeId: r.shapeId,
    asset: r.asset,
    amount: r.amount,
    validationCommitment: r.validationCommitment,
    validationRows: r.validationRows,
    lambda: BigInt(r.lambda),
    maxProviders: r.maxProviders,
    numProviders: r.numProviders,
    totalRows: r.totalRows,
    numDelivered: r.numDelivered,
    deliveredRows: r.deliveredRows,
    maxRowsPerProvider: r.maxRowsPerProvider,
    deposit: r.deposit,
    rowShareBps: r.rowShareBps,
    reservePerRow: r.reservePerRow,
    status: ROUND_STATUS[r.status] ?? 'Open',
    registrationDeadline: BigInt(r.registrationDeadline),
    deliveryDeadline: BigInt(r.deliveryDeadline),
    submissionDeadline: BigInt(r.submissionDeadline),
    ownerKey: { x: r.ownerKeyX, y: r.ownerKeyY },
    restricted: r.restricted,
    positiveTotal: r.positiveTotal,
    paidOut: r.paidOut,
  };
}

/**
 * The round, its shape and its providers: one `getRound`, then one `getShape` and one
 * `getProviders` in parallel. Flows read this once and pass it down.
 * @throws ContractRevertError `RoundNotFound`
 */
export async function readRoundView(ctx: ChainContext, roundId: bigint): Promise<RoundView> {
  const info = await readRound(ctx, roundId);
  const [shape, providers] = await Promise.all([readShape(ctx, info.shapeId), readProviders(ctx, roundId)]);
  return { info, shape, providers, delivered: deliveryOrder(providers) };
}

/** Phase of the round at the latest block. */
export async function readPhase(ctx: ChainContext, roundId: bigint): Promise<RoundPhase> {
  const p = await chainRead(`reading the phase of round ${roundId}`, () => ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'phase', args: [roundId] }));
  return ROUND_PHASE[p] ?? 'Expired';
}

/** The round's proof context as the contract computes it (equals `roundContext` of ts/protocol/context.ts). */
export function readRoundContext(ctx: ChainContext, roundId: bigint): Promise<bigint> {
  return chainRead(`reading the context of round ${roundId}`, () => ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName: 'roundContext', args: [roundId] }));
}

/** The contract's λ bounds and window limits (seconds). */
export interface ContractLimits {
  minLambda: bigint;
  lambdaBound: bigint;
  minRegistrationPeriod: bigint;
  maxRegistrationPeriod: bigint;
  minDeliveryPeriod: bigint;
  maxDeliveryPeriod: bigint;
  minSubmissionPeriod: bigint;
  maxSubmissionPeriod: bigint;
}

/** The contract's λ bounds and the minimum and maximum registration / delivery / submission periods (seconds). */
export async function readLimits(ctx: ChainContext): Promise<ContractLimits> {
  const names = ['MIN_LAMBDA', 'LAMBDA_BOUND', 'MIN_REGISTRATION_PERIOD', 'MAX_REGISTRATION_PERIOD', 'MIN_DELIVERY_PERIOD', 'MAX_DELIVERY_PERIOD', 'MIN_SUBMISSION_PERIOD', 'MAX_SUBMISSION_PERIOD'] as const;
  const read = (functionName: (typeof names)[number]) => chainRead(`reading ${functionName}`, () => ctx.publicClient.readContract({ address: ctx.contract, abi: incentivesAbi, functionName }));
  const [minLambda, lambdaBound, minRegistrationPeriod, maxRegistrationPeriod, minDeliveryPeriod, maxDeliveryPeriod, minSubmissionPeriod, maxSubmissionPeriod] = await Promise.all(names.map(read));
  return { minLambda: minLambda!, lambdaBound: lambdaBound!, minRegistrationPeriod: minRegistrationPeriod!, maxRegistrationPeriod: maxRegistrationPeriod!, minDeliveryPeriod: minDeliveryPeriod!, maxDeliveryPeriod: maxDeliveryPeriod!, minSubmissionPeriod: minSubmissionPeriod!, maxSubmissionPeriod: maxSubmissionPeriod! };
}

/** Timestamp of the latest block (the clock the deadlines are compared with). */
export async function readChainTime(ctx: Pick<ChainContext, 'publicClient'>): Promise<bigint> {
  const block = await chainRead('reading the latest block', () => ctx.publicClient.getBlock({ blockTag: 'latest' }));
  return block.timestamp;
}
