/**
 * The one phase check every flow runs before proving anything: is round `roundId` in the window
 * the flow needs (registration and delivery for a provider, submission for the owner's settlement)? It works
 * on the round the flow already read (`readRoundWithShape`), so no round is read twice, and on
 * the time the next block will carry ({@link nextBlockTime}). A refusal is a {@link PhaseError}
 * naming the phase, the deadline (UTC and chain time) and what to do.
 */
import type { ZkmlClient } from '../chain/client.js';
import type { RoundPhase } from '../chain/errors.js';
import type { RoundInfo, RoundView } from '../chain/types.js';
import { ChainError } from '../errors/index.js';
import { readRoundWithShape, type RoundWithShape } from './shape-of-round.js';

/** The window a flow needs: providers register in `registration` and deliver in `delivery`, the owner settles in `submission`. */
export type RequiredPhase = 'registration' | 'delivery' | 'submission';

/** Margin (seconds) a registration needs before the registration deadline: proving and sending take time, and a registration mined after the deadline is refused. */
export const REGISTRATION_MARGIN_SECONDS = 60n;

/** Anvil's default chain id: refusals there say how to move the clock. */
const ANVIL_CHAIN_ID = 31337;

/** A chain time (seconds) as `2026-12-02T17:30:00Z`. */
export const utc = (t: bigint): string => new Date(Number(t) * 1000).toISOString().replace('.000Z', 'Z');

/** The round is not in the window a flow needs; nothing was proven or sent. */
export class PhaseError extends ChainError {
  /** The round's phase at {@link PhaseError.now}. */
  readonly phase: RoundPhase;
  readonly required: RequiredPhase;
  /** The chain time the phase was judged at. */
  readonly now: bigint;
  constructor(code: string, phase: RoundPhase, required: RequiredPhase, now: bigint, message: string, details?: Readonly<Record<string, string>>) {
    super(code, message, details ? { details } : undefined);
    this.name = 'PhaseError';
    this.phase = phase;
    this.required = required;
    this.now = now;
  }
}

/**
 * The time the next block will carry, as well as it can be known: the latest block's timestamp,
 * or the local wall clock when that is later (an idle local chain mines its next block at the wall
 * clock, so its latest block can be far in the past).
 */
export async function nextBlockTime(client: Pick<ZkmlClient, 'chainTime'>): Promise<bigint> {
  const block = await client.chainTime();
  const wall = BigInt(Math.floor(Date.now() / 1000));
  return block > wall ? block : wall;
}

/** The round's phase at chain time `now`, as the contract's `phase()` computes it at a block of that time. */
export function phaseAt(info: Pick<RoundInfo, 'status' | 'registrationDeadline' | 'deliveryDeadline' | 'submissionDeadline' | 'numProviders' | 'numDelivered'>, now: bigint): RoundPhase {
  if (info.status === 'Settled') return 'Settled';
  if (info.status === 'Reclaimed') return 'Reclaimed';
  if (now < info.registrationDeadline) return 'Registration';
  if (info.numProviders === 0) return 'Empty';
  if (now < info.deliveryDeadline && info.numDelivered < info.numProviders) return 'Delivery';
  if (info.numDelivered === 0) return 'Empty';
  return now <= info.submissionDeadline ? 'Submission' : 'Expired';
}

/**
 * Throws unless the round (as read by the flow) is in `required` at chain time `now`.
 * @throws PhaseError `REGISTRATION_CLOSED`, `REGISTRATION_CLOSING` (less than {@link REGISTRATION_MARGIN_SECONDS} left),
 *   `ROUND_FULL`, `DELIVERY_NOT_OPEN`, `DELIVERY_CLOSED`, `SUBMISSION_NOT_OPEN`, `SUBMISSION_CLOSED`, `ALREADY_SETTLED`,
 *   `ROUND_RECLAIMED`, `NO_PROVIDERS`
 */
export function requirePhase(view: Pick<RoundView, 'info'>, required: RequiredPhase, options: { now: bigint; chainId?: number }): void {
  const { info } = view;
  const { now } = options;
  const id = info.id;
  const phase = phaseAt(info, now);
  const refuse = (code: string, message: string): never => {
    throw new PhaseError(code, phase, required, now, `${message} Nothing was proven or sent.`, { roundId: String(id) });
  };
  const at = (t: bigint) => `${utc(t)} (chain time ${t})`;
  const anvilHint = (wait: bigint) => (options.chainId === ANVIL_CHAIN_ID ? ` (on anvil: \`cast rpc evm_increaseTime ${wait}\`, then \`cast rpc evm_mine\`)` : '');
  if (required === 'delivery') {
    if (phase === 'Delivery') return;
    if (phase === 'Registration') {
      const wait = info.registrationDeadline - now;
      refuse('DELIVERY_NOT_OPEN', `delivery for round ${id} opens at ${at(info.registrationDeadline)}, when registration closes: wait ${wait} s${anvilHint(wait)}, then deliver.`);
    }
    refuse('DELIVERY_CLOSED', `delivery for round ${id} is over (deadline ${at(info.deliveryDeadline)}; phase ${phase}); a registration that did not deliver is excluded and its deposit is forfeited.`);
  }
  if (required === 'registration') {
    if (phase === 'Registration') {
      if (info.numProviders >= info.maxProviders) refuse('ROUND_FULL', `round ${id} already holds its ${info.maxProviders} providers; it takes no more registrations.`);
      const left = info.registrationDeadline - now;
      if (left < REGISTRATION_MARGIN_SECONDS) {
        refuse('REGISTRATION_CLOSING', `registration for round ${id} closes at ${at(info.registrationDeadline)}, in ${left} s: too little time to prove and send a registration (at least ${REGISTRATION_MARGIN_SECONDS} s are needed).`);
      }
      return;
    }
    const state =
      phase === 'Settled'
        ? 'it is settled'
        : phase === 'Reclaimed'
          ? 'it was reclaimed'
          : phase === 'Expired'
            ? 'it has expired'
            : phase === 'Empty'
              ? 'it closed empty'
              : phase === 'Delivery'
                ? 'it is in its delivery window (registered providers deliver now)'
                : 'it is in its submission window';
    refuse('REGISTRATION_CLOSED', `registration for round ${id} closed at ${at(info.registrationDeadline)} and ${state}; this round no longer accepts providers.`);
  }
  switch (phase) {
    case 'Submission':
      return;
    case 'Registration':
    case 'Delivery': {
      const wait = info.deliveryDeadline - now;
      return refuse(
        'SUBMISSION_NOT_OPEN',
        `submission for round ${id} opens at ${at(info.deliveryDeadline)}, when delivery closes (or as soon as every registered provider has delivered: ${info.numDelivered} of ${info.numProviders} so far): wait up to ${wait} s${anvilHint(wait)}, then settle.`,
      );
    }
    case 'Settled':
      return refuse('ALREADY_SETTLED', `round ${id} is already settled; there is nothing to prove (the round's status shows the settlement).`);
    case 'Reclaimed':
      return refuse('ROUND_RECLAIMED', `round ${id} was reclaimed by its owner (no provider joined it); it cannot be settled.`);
    case 'Empty':
      return refuse('NO_PROVIDERS', `round ${id} has no delivered provider; there is nothing to settle. Its owner can reclaim the escrow.`);
    case 'Expired':
      return refuse(
        'SUBMISSION_CLOSED',
        `the submission window of round ${id} closed at ${at(info.submissionDeadline)}; it can no longer be settled: its providers claim the escrow by rows.`,
      );
  }
}

/**
 * Reads round `roundId` once (with its shape and providers) and the next block's time, and checks
 * the round is in `required`. Returns what it read, for the flow to go on with.
 * @throws PhaseError (see {@link requirePhase}); ContractRevertError `RoundNotFound`
 */
export async function readRoundInPhase(client: ZkmlClient, roundId: bigint, required: RequiredPhase): Promise<{ view: RoundWithShape; now: bigint }> {
  const [view, now] = await Promise.all([readRoundWithShape(client, roundId), nextBlockTime(client)]);
  requirePhase(view, required, { now, chainId: client.chainId });
  return { view, now };
}
