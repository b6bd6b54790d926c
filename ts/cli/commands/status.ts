/**
 * `zkml status`: the deployment (shapes), a round (default the latest) with its phase, windows,
 * deposit and sharing rules, and each provider's state (registered, delivered, excluded, claimable,
 * claimed), and optionally an account's withdrawable credit.
 */
import { type ShapeInfo, type ZkmlClient, accountFromEnv } from '../../chain/index.js';
import { fromFixed } from '../../data/index.js';
import { INPUT_SCALE, MODEL_SCALE, VALUE_SCALE, rangeText } from '../../protocol/index.js';
import { shapeOfInfo, utc } from '../../round/index.js';
import { parseArgs } from '../../terminal/index.js';
import { formatEther, zeroAddress, type Address } from 'viem';
import type { Command } from '../command.js';
import { connectFromFlags, contractFlags, parseAddress, parseRoundId } from './chain-common.js';
import { claimedIn, hex, opts } from './shared.js';

const flags = {
  ...contractFlags,
  round: { type: 'string', placeholder: 'ID', description: 'round id (default: the latest round)' },
  account: { type: 'string', placeholder: 'ADDRESS', description: "also show this account's withdrawable credit (default: the PRIVATE_KEY account, if set)" },
} as const;

/**
 * A deployment's shape as `status` shows it: its id, name and capacity (the round's rows nTrain and
 * one provider's nProvider), and its data range
 * (|x|, |y| ≤ 10^R: every provider's rows are in these units). A shape this package does not
 * ship shows its capacity only (name and range null).
 */
export function shapeStatus(
  s: ShapeInfo,
  contract: string,
): { id: number; name: string | null; k: number; d: number; nTrain: number; nProvider: number; nVal: number; range: string | null } {
  let known: { name: string; maxAbsData: bigint } | undefined;
  try {
    known = shapeOfInfo(s, contract);
  } catch {
    known = undefined;
  }
  return { id: s.id, name: known?.name ?? null, k: s.k, d: s.d, nTrain: s.nTrain, nProvider: s.maxProviderRows, nVal: s.nVal, range: known ? rangeText(known.maxAbsData) : null };
}

/** The status document of a round: its state, providers, claims, context and settlement. */
export async function roundStatus(client: ZkmlClient, roundId: bigint): Promise<Record<string, unknown>> {
  const [round, providers, phase, context] = await Promise.all([client.getRound(roundId), client.getProviders(roundId), client.phase(roundId), client.roundContext(roundId)]);
  const shape = await client.getShape(round.shapeId);
  const events = await client.events({ roundId });
  const claimed = claimedIn(events, roundId);
  let settlement: Record<string, unknown> | null = null;
  for (const e of events) {
    if (e.eventName !== 'RoundSettled' || e.args.roundId !== roundId) continue;
    const { submitter, weights, intercept, trainLoss, shapley, byRows, ownerRefund } = e.args;
    settlement = {
      submitter,
      tx: e.transactionHash,
      w: (weights ?? []).map((w) => fromFixed(w, MODEL_SCALE)),
      b: intercept === undefined ? null : fromFixed(intercept, MODEL_SCALE),
      trainLoss: trainLoss === undefined ? null : fromFixed(trainLoss, VALUE_SCALE),
      shapley: (shapley ?? []).slice(0, round.numDelivered).map((x) => fromFixed(x, VALUE_SCALE)),
      split: byRows ? 'by rows (no positive Shapley value), up to the reserve per row' : 'by positive Shapley values',
      ownerRefund: ownerRefund ?? 0n,
    };
  }
  const claimable = await Promise.all(providers.map((p) => client.claimable(roundId, p.index)));
  const deliveryOpen = phase === 'Registration' || phase === 'Delivery';
  const state = (i: number) => {
    const p = providers[i]!;
    if (!p.delivered) return deliveryOpen ? 'registered (to deliver)' : 'excluded (did not deliver; deposit forfeited)';
    if (p.claimed) return 'claimed';
    if (phase === 'Settled' || phase === 'Expired') return claimable[i]! > 0n ? 'claimable' : 'nothing to claim';
    return 'delivered';
  };
  return {
    id: roundId,
    owner: round.owner,
    shape: shapeStatus(shape, client.contract),
    asset: round.asset === zeroAddress ? 'ETH' : round.asset,
    amount: round.amount,
    ...(round.asset === zeroAddress ? { amountEth: formatEther(round.amount) } : {}),
    status: round.status,
    phase,
    registrationDeadline: round.registrationDeadline,
    registrationDeadlineUtc: utc(round.registrationDeadline),
    deliveryDeadline: round.deliveryDeadline,
    deliveryDeadlineUtc: utc(round.deliveryDeadline),
    submissionDeadline: round.submissionDeadline,
    submissionDeadlineUtc: utc(round.submissionDeadline),
    lambda: fromFixed(round.lambda, INPUT_SCALE),
    validationCommitment: hex(round.validationCommitment),
    ownerKey: { x: hex(round.ownerKey.x), y: hex(round.ownerKey.y) },
    allowlistOnly: round.restricted,
    maxProviders: round.maxProviders,
    maxRowsPerProvider: round.maxRowsPerProvider,
    deposit: round.deposit,
    rowShareBps: round.rowShareBps,
    reservePerRow: round.reservePerRow,
    numProviders: round.numProviders,
    numDelivered: round.numDelivered,
    rows: round.totalRows,
    deliveredRows: round.deliveredRows,
    context: hex(context),
    providers: providers.map((p, i) => ({
      index: p.index,
      account: p.provider,
      rows: p.numRows,
      commitment: hex(p.commitment),
      delivered: p.delivered,
      settlementIndex: p.delivered ? p.settlementIndex : null,
      state: state(i),
      claimable: claimable[i],
      claimed: claimed.get(p.provider) ?? 0n,
    })),
    paidOut: round.paidOut,
    settlement,
  };
}

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('status'));
  const roundId = f.round !== undefined ? parseRoundId(f.round) : undefined;
  const address = f.account !== undefined ? parseAddress(f.account, '--account') : process.env['PRIVATE_KEY']?.trim() ? accountFromEnv().address : undefined;
  const client = await connectFromFlags(f, { withAccount: false });
  const [count, shapes, chainTime] = await Promise.all([client.roundCount(), client.shapes(), client.chainTime()]);
  const id = roundId ?? (count > 0n ? count : undefined);
  const round = id === undefined ? null : await roundStatus(client, id);
  const asset = round && round['asset'] !== 'ETH' ? (round['asset'] as Address) : zeroAddress;
  return {
    chainId: client.chainId,
    contract: client.contract,
    chainTime,
    chainTimeUtc: utc(chainTime),
    shapes: shapes.map((s) => shapeStatus(s, client.contract)),
    roundCount: count,
    round,
    ...(address ? { account: { address, asset: asset === zeroAddress ? 'ETH' : asset, withdrawable: await client.credits(address, asset) } } : {}),
  };
}

/** `zkml status`. */
export const command: Command = {
  name: 'status',
  summary: "show a round: phase, deadlines, deposit, each provider's state (registered, delivered, excluded, claimable, claimed), context",
  examples: ['zkml status', 'zkml status --round 3 --json', 'zkml status --round 3 --account 0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
  flags,
  run,
};
