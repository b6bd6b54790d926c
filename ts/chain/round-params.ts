/** The round parameters checked as the contract will, so that nothing (not even an approval) is sent for a bad round. */
import { isAddress } from 'viem';
import { isOnCurve } from '../crypto/grumpkin.js';
import { InputError } from '../errors/index.js';
import { FIELD_MODULUS } from '../protocol/layout.js';
import { readChainTime, readLimits } from './read-round.js';
import { readShape } from './read-shapes.js';
import type { ChainContext, CreateRoundParams } from './types.js';

/** @throws InputError `INPUT_BAD_ROUND` saying what to change ("Nothing was sent") */
export async function checkRoundParams(ctx: ChainContext, p: CreateRoundParams): Promise<void> {
  const bad = (msg: string) => new InputError('INPUT_BAD_ROUND', `cannot create the round: ${msg} Nothing was sent.`);
  if (p.amount <= 0n) throw bad('the reward amount must be greater than 0.');
  if (p.validationCommitment <= 0n || p.validationCommitment >= FIELD_MODULUS) throw bad('the validation commitment must be a non-zero field element below the BN254 modulus.');
  const [limits, shape, now] = await Promise.all([readLimits(ctx), readShape(ctx, p.shapeId ?? 0), readChainTime(ctx)]);
  if (p.lambda < limits.minLambda || p.lambda >= limits.lambdaBound) throw bad(`λ·10^4 = ${p.lambda} must be at least ${limits.minLambda} (λ ≥ ${Number(limits.minLambda) / 1e4}) and below 2^40.`);
  if (!Number.isInteger(p.validationRows) || p.validationRows < 1 || p.validationRows > shape.nVal) {
    throw bad(`the validation set must have between 1 and ${shape.nVal} rows (N_VAL of shape ${shape.id}), got ${p.validationRows}; ${p.validationRows < 1 ? 'give at least one validation row' : `use at most ${shape.nVal} rows or a shape with a larger N_VAL`}.`);
  }
  if (p.validationProof.length === 0) throw bad('the validation proof is empty; prove the validation set first (ZkmlProver.proveValidation).');
  if (!Number.isInteger(p.maxProviders) || p.maxProviders < 1 || p.maxProviders > shape.k) throw bad(`max providers must be between 1 and ${shape.k} (shape ${shape.id}), got ${p.maxProviders}.`);
  const fair = Math.min(Math.floor(shape.nTrain / Math.max(1, p.maxProviders)), shape.maxProviderRows);
  const cap = p.maxRowsPerProvider ?? 0;
  if (!Number.isInteger(cap) || cap < 0 || cap > fair) {
    throw bad(`the row cap per provider must be between 1 and ${fair} (the fair share min(N_TRAIN / maxProviders, N_PROVIDER) of shape ${shape.id}), or 0 for that share; got ${cap}.`);
  }
  const restricted = (p.allowlist?.length ?? 0) > 0;
  if (p.deposit < 0n || p.deposit > p.amount || (p.deposit === 0n && !restricted)) {
    throw bad(`the deposit must be ${restricted ? 'between 0' : 'between 1'} and the reward ${p.amount}${restricted ? '' : ' (an open round needs a deposit: it prices the slots a squatter would take)'}; got ${p.deposit}.`);
  }
  const bps = p.rowShareBps ?? 0;
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) throw bad(`the share paid by rows must be between 0 and 10000 basis points, got ${bps}.`);
  if (p.reservePerRow !== undefined && p.reservePerRow < 0n) throw bad(`the reserve per row must be at least 0, got ${p.reservePerRow}.`);
  const window = (name: string, from: bigint, to: bigint, min: bigint, max: bigint, after: string) => {
    const period = to - from;
    if (period < min) throw bad(`${name} must stay open at least ${min} s ${after}, got ${period} s.`);
    if (period > max) throw bad(`${name} may stay open at most ${max} s ${after}, got ${period} s.`);
  };
  window('registration', now, p.registrationDeadline, limits.minRegistrationPeriod, limits.maxRegistrationPeriod, `from now (chain time ${now})`);
  window('delivery', p.registrationDeadline, p.deliveryDeadline, limits.minDeliveryPeriod, limits.maxDeliveryPeriod, 'after registration closes');
  window('submission', p.deliveryDeadline, p.submissionDeadline, limits.minSubmissionPeriod, limits.maxSubmissionPeriod, 'after delivery closes');
  if (p.asset !== undefined && !isAddress(p.asset)) throw bad(`${p.asset} is not an address.`);
  if (!isOnCurve(p.ownerKey)) throw bad(`the owner key (${p.ownerKey.x}, ${p.ownerKey.y}) is not a point of Grumpkin; derive it with ownerKeyFromSigner.`);
}
