/**
 * The one phase check before proving (`ts/round/require-phase.ts`): the phase a round has at a
 * chain time (as the contract's `phase()` computes it), and each refusal's code, phase and message
 * (the deadline in UTC and chain time, and what to do).
 */
import { describe, expect, it } from 'vitest';
import type { RoundInfo } from '../../../ts/chain/types.js';
import { ChainError } from '../../../ts/errors/index.js';
import { PhaseError, phaseAt, requirePhase, utc, type RequiredPhase } from '../../../ts/round/require-phase.js';

const REG = 1_800_000_000n; // 2027-01-15T08:00:00Z
const DEL = REG + 3_600n;
const SUB = DEL + 86_400n;
const round = (over: Partial<RoundInfo> = {}) => ({
  info: { id: 7n, status: 'Open', registrationDeadline: REG, deliveryDeadline: DEL, submissionDeadline: SUB, numProviders: 2, numDelivered: 2, maxProviders: 4, ...over } as RoundInfo,
});
/** A round where one of the two registered providers has not delivered. */
const waiting = (over: Partial<RoundInfo> = {}) => round({ numDelivered: 1, ...over });

function refusal(view: ReturnType<typeof round>, required: RequiredPhase, now: bigint, chainId?: number): PhaseError {
  try {
    requirePhase(view, required, { now, ...(chainId !== undefined ? { chainId } : {}) });
  } catch (err) {
    expect(err).toBeInstanceOf(PhaseError);
    expect(err).toBeInstanceOf(ChainError);
    expect((err as PhaseError).required).toBe(required);
    expect((err as PhaseError).now).toBe(now);
    expect((err as Error).message).toMatch(/ Nothing was proven or sent\.$/);
    return err as PhaseError;
  }
  throw new Error(`expected requirePhase(${required}) to refuse at ${now}`);
}

describe('phaseAt mirrors the contract', () => {
  it('registration until its deadline, delivery until every slot delivered or its deadline, then submission through the submission deadline, then expired', () => {
    expect(phaseAt(round().info, REG - 1n)).toBe('Registration');
    expect(phaseAt(waiting().info, REG)).toBe('Delivery');
    expect(phaseAt(waiting().info, DEL - 1n)).toBe('Delivery');
    expect(phaseAt(waiting().info, DEL)).toBe('Submission');
    expect(phaseAt(round().info, REG)).toBe('Submission'); // everyone delivered: submission opens at once
    expect(phaseAt(round().info, SUB)).toBe('Submission');
    expect(phaseAt(round().info, SUB + 1n)).toBe('Expired');
    expect(phaseAt(round({ numProviders: 0, numDelivered: 0 }).info, REG)).toBe('Empty');
    expect(phaseAt(round({ numProviders: 0, numDelivered: 0 }).info, REG - 1n)).toBe('Registration');
    expect(phaseAt(round({ numDelivered: 0 }).info, DEL - 1n)).toBe('Delivery');
    expect(phaseAt(round({ numDelivered: 0 }).info, DEL)).toBe('Empty'); // nobody delivered
    expect(phaseAt(round({ status: 'Settled' }).info, REG)).toBe('Settled');
    expect(phaseAt(round({ status: 'Reclaimed' }).info, SUB + 9n)).toBe('Reclaimed');
  });
});

describe('requirePhase', () => {
  it('passes in the window the flow needs', () => {
    expect(() => requirePhase(round(), 'registration', { now: REG - 60n })).not.toThrow();
    expect(() => requirePhase(waiting(), 'delivery', { now: REG })).not.toThrow();
    expect(() => requirePhase(waiting(), 'delivery', { now: DEL - 1n })).not.toThrow();
    expect(() => requirePhase(round(), 'submission', { now: REG })).not.toThrow();
    expect(() => requirePhase(waiting(), 'submission', { now: DEL })).not.toThrow();
    expect(() => requirePhase(round(), 'submission', { now: SUB })).not.toThrow();
  });

  it('registration closed: the deadline in UTC and chain time, and why', () => {
    const e = refusal(round(), 'registration', REG);
    expect(e.code).toBe('REGISTRATION_CLOSED');
    expect(e.phase).toBe('Submission');
    expect(e.message).toBe(`registration for round 7 closed at ${utc(REG)} (chain time ${REG}) and it is in its submission window; this round no longer accepts providers. Nothing was proven or sent.`);
    expect(utc(REG)).toBe('2027-01-15T08:00:00Z');
    expect(refusal(round({ status: 'Settled' }), 'registration', REG).message).toContain('and it is settled;');
    expect(refusal(round(), 'registration', SUB + 1n).message).toContain('and it has expired;');
  });

  it('registration about to close, or full: refused before proving', () => {
    const closing = refusal(round(), 'registration', REG - 59n);
    expect(closing.code).toBe('REGISTRATION_CLOSING');
    expect(closing.message).toContain('in 59 s: too little time to prove and send a registration (at least 60 s are needed)');
    const full = refusal(round({ numProviders: 4 }), 'registration', REG - 3600n);
    expect([full.code, full.message]).toEqual(['ROUND_FULL', 'round 7 already holds its 4 providers; it takes no more registrations. Nothing was proven or sent.']);
  });

  it('delivery not open yet, or over: when, and what it means', () => {
    const early = refusal(waiting(), 'delivery', REG - 100n, 31337);
    expect(early.code).toBe('DELIVERY_NOT_OPEN');
    expect(early.message).toBe(`delivery for round 7 opens at ${utc(REG)} (chain time ${REG}), when registration closes: wait 100 s (on anvil: \`cast rpc evm_increaseTime 100\`, then \`cast rpc evm_mine\`), then deliver. Nothing was proven or sent.`);
    const late = refusal(waiting(), 'delivery', DEL);
    expect(late.code).toBe('DELIVERY_CLOSED');
    expect(late.message).toContain(`delivery for round 7 is over (deadline ${utc(DEL)} (chain time ${DEL}); phase Submission); a registration that did not deliver is excluded and its deposit is forfeited.`);
  });

  it('submission not open yet: when it opens and how long to wait (with the anvil hint on anvil only)', () => {
    const e = refusal(waiting(), 'submission', REG - 100n, 31337);
    expect(e.code).toBe('SUBMISSION_NOT_OPEN');
    expect(e.phase).toBe('Registration');
    expect(e.message).toBe(
      `submission for round 7 opens at ${utc(DEL)} (chain time ${DEL}), when delivery closes (or as soon as every registered provider has delivered: 1 of 2 so far): wait up to ${DEL - REG + 100n} s (on anvil: \`cast rpc evm_increaseTime ${DEL - REG + 100n}\`, then \`cast rpc evm_mine\`), then settle. Nothing was proven or sent.`,
    );
    expect(refusal(waiting(), 'submission', REG - 100n, 1).message).not.toContain('anvil');
    expect(refusal(waiting(), 'submission', REG + 5n).phase).toBe('Delivery');
  });

  it('settled, reclaimed, empty and expired rounds are refused with what to do', () => {
    const cases: [ReturnType<typeof round>, bigint, string, RegExp][] = [
      [round({ status: 'Settled' }), REG + 5n, 'ALREADY_SETTLED', /^round 7 is already settled; there is nothing to prove \(the round's status shows the settlement\)\./],
      [round({ status: 'Reclaimed', numProviders: 0, numDelivered: 0 }), REG + 5n, 'ROUND_RECLAIMED', /^round 7 was reclaimed by its owner/],
      [round({ numProviders: 0, numDelivered: 0 }), REG + 5n, 'NO_PROVIDERS', /^round 7 has no delivered provider; there is nothing to settle\. Its owner can reclaim the escrow\./],
      [round({ numDelivered: 0 }), DEL, 'NO_PROVIDERS', /^round 7 has no delivered provider/],
      [round(), SUB + 1n, 'SUBMISSION_CLOSED', new RegExp(`^the submission window of round 7 closed at ${utc(SUB)} \\(chain time ${SUB}\\); it can no longer be settled: its providers claim the escrow by rows\\.`)],
    ];
    for (const [view, now, code, pattern] of cases) {
      const e = refusal(view, 'submission', now);
      expect([e.code, e.message]).toEqual([code, expect.stringMatching(pattern)]);
    }
  });
});
