/**
 * `zkml-incentives/round`: the round flows over the chain client and the prover: open a round,
 * register (commitments and deposit), deliver the encrypted data after the registration deadline,
 * settle from the chain, claim; the kept deliveries, the owner's secrets file and
 * providers' salts files.
 */
export { checkProviderRows, registerProvider, type RegisterProviderOptions, type RegisteredProvider } from './register-provider.js';
export { deliverRegistration, type DeliveredRegistration } from './deliver-registration.js';
export { defaultDeliveryPath, pendingDeliverySchema, readPendingDelivery, writePendingDelivery, type PendingDelivery } from './pending-delivery.js';
export { roundDataFromChain, settleRound, type OwnerSecrets, type SettledRound } from './settle-round.js';
export { claimRewards, type ClaimedReward } from './claim-rewards.js';
export { openRound, type OpenRoundOptions, type OpenedRound } from './open-round.js';
export { shapeOfId, shapeOfInfo, shapeOfRound } from './shape-of-round.js';
export { readOwnerSecrets, recordValidationSalt, validationSaltFor, ownerSecretsSchema, type OwnerSecretsFile } from './owner-secrets.js';
export { freshSalts, readPayees, readSalts, writeSalts, type Salts } from './salts.js';
export { roundFromDatasets } from './round-from-datasets.js';
export { requireOwnerSecrets } from './owner-secrets.js';
export { findEarlierRound, type EarlierOutcome } from './earlier-attempt.js';
export { clearRoundAttempt, earlierAttemptFor, recordRoundAttempt, validationDigest } from './owner-secrets.js';
export type { ResumedSettlement, Settlement, SettleOptions } from './settle-round.js';
export { nextBlockTime, phaseAt, PhaseError, readRoundInPhase, REGISTRATION_MARGIN_SECONDS, requirePhase, type RequiredPhase } from './require-phase.js';
export { defaultProofPath, proofFileStore, type ProofStore } from './kept-proof.js';
export { utc } from './require-phase.js';
export { readRoundWithShape } from './shape-of-round.js';
