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
  if (p.registrationDeadline < now + limits.minRegistrationPeriod) {
    throw bad(`registration must stay open at least ${limits.minRegistrationPeriod} s (until chain time ${now + limits.minRegistrationPeriod} or later), got deadline ${p.registrationDeadline}.`);
  }
  if (p.submissionDeadline < p.registrationDeadline + limits.minSubmissionPeriod) {
    throw bad(`submission must stay open at least ${limits.minSubmissionPeriod} s after registration closes, got ${p.submissionDeadline - p.registrationDeadline} s.`);
  }
  if (p.asset !== undefined && !isAddress(p.asset)) throw bad(`${p.asset} is not an address.`);
  if (!isOnCurve(p.ownerKey)) throw bad(`the owner key (${p.ownerKey.x}, ${p.ownerKey.y}) is not a point of Grumpkin; derive it with ownerKeyFromSigner.`);
}
