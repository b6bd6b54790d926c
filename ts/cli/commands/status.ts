import type { Command } from '../command.js';
/** `zkml status` (see `zkml status --help`). */
import { formatEther, zeroAddress, type Address } from 'viem';
import { accountFromEnv, type ZkmlClient } from '../../chain/client.js';
import { validationCommitment } from '../../circuit/commitment.js';
import { fromFixed } from '../../data/fixed-point.js';
import { INPUT_SCALE, MODEL_SCALE, VALUE_SCALE } from '../../protocol/layout.js';
import { parseArgs } from '../../terminal/args.js';
import { connectFromFlags, contractFlags, parseAddress, parseRoundId, printJson } from './chain-common.js';
import { creditedIn, opts, hex } from './shared.js';

export const statusFlags = {
  ...contractFlags,
  round: { type: 'string', placeholder: 'ID', description: 'round id (default: the latest round)' },
  account: { type: 'string', placeholder: 'ADDRESS', description: 'also show this account\'s withdrawable credit (default: the PRIVATE_KEY account, if set)' },
} as const;

/** The status document of a round: its state, providers, credits, context and settlement. */
export async function roundStatus(client: ZkmlClient, roundId: bigint): Promise<Record<string, unknown>> {
  const [round, providers, phase, context] = await Promise.all([client.getRound(roundId), client.getProviders(roundId), client.phase(roundId), client.roundContext(roundId)]);
  let credited = new Map<string, bigint>();
  let settlement: Record<string, unknown> | null = null;
  if (round.status !== 'Open') {
    const events = await client.events({ roundId });
    credited = creditedIn(events, roundId);
    for (const e of events) {
      if (e.eventName !== 'RoundSettled' || e.args.roundId !== roundId) continue;
      const { submitter, weights, intercept, trainLoss, shapley, remainder } = e.args;
      settlement = {
        submitter,
        tx: e.transactionHash,
        w: (weights ?? []).map((w) => fromFixed(w, MODEL_SCALE)),
        b: intercept === undefined ? null : fromFixed(intercept, MODEL_SCALE),
        trainLoss: trainLoss === undefined ? null : fromFixed(trainLoss, VALUE_SCALE),
        shapley: (shapley ?? []).slice(0, providers.length).map((x) => fromFixed(x, VALUE_SCALE)),
        remainder,
      };
    }
  }
  const withdrawable = await Promise.all(providers.map((p) => client.credits(p.account, round.asset)));
  return {
    id: roundId,
    owner: round.owner,
    asset: round.asset === zeroAddress ? 'ETH' : round.asset,
    amount: round.amount,
    ...(round.asset === zeroAddress ? { amountEth: formatEther(round.amount) } : {}),
    status: round.status,
    phase,
    registrationDeadline: round.registrationDeadline,
    submissionDeadline: round.submissionDeadline,
    lambda: fromFixed(round.lambda, INPUT_SCALE),
    validationCommitment: hex(round.validationCommitment),
    maxProviders: round.maxProviders,
    numProviders: round.numProviders,
    context: hex(context),
    providers: providers.map((p, i) => ({
      index: p.index,
      account: p.account,
      commitment: hex(p.commitment),
      credited: round.status === 'Open' ? null : (credited.get(p.account) ?? 0n),
      withdrawable: withdrawable[i],
    })),
    ownerCredited: round.status === 'Open' ? null : (credited.get(round.owner) ?? 0n),
    settlement,
  };
}

/** `zkml status`: the contract, a round (default the latest) and optionally an account's credit. */
async function runStatus(argv: string[]): Promise<unknown> {
  const { flags } = parseArgs(argv, statusFlags, opts('status'));
  const roundId = flags.round !== undefined ? parseRoundId(flags.round) : undefined;
  const address = flags.account !== undefined ? parseAddress(flags.account, '--account') : process.env['PRIVATE_KEY']?.trim() ? accountFromEnv().address : undefined;
  const client = await connectFromFlags(flags, { withAccount: false });
  const [count, verifier, chainTime] = await Promise.all([client.roundCount(), client.verifier(), client.chainTime()]);
  const id = roundId ?? (count > 0n ? count : undefined);
  const round = id === undefined ? null : await roundStatus(client, id);
  const asset = round && round['asset'] !== 'ETH' ? (round['asset'] as Address) : zeroAddress;
  return {
      chainId: client.chainId,
      contract: client.contract,
      verifier,
      chainTime,
      roundCount: count,
      round,
      ...(address ? { account: { address, asset: asset === zeroAddress ? 'ETH' : asset, withdrawable: await client.credits(address, asset) } } : {}),
    };
}

/** `zkml status`. */
export const command: Command = {
  name: 'status',
  summary: 'show a round: phase, providers, credits, context',
  examples: [
    'zkml status',
    'zkml status --round 3 --json',
    'zkml status --round 3 --account 0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  ],
  flags: statusFlags,
  run: runStatus,
};
