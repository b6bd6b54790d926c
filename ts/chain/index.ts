/**
 * `zkml-incentives/chain`: the viem client of `ZKMLIncentives`, deployment from the shipped
 * bytecode, and the round flows (register with encrypted delivery, settle from the chain, claim).
 */
export { ZkmlClient, connect, DEADLINE_SLACK_SECONDS } from './client.js';
export { accountFromEnv, privateKeyFromEnv } from './keys.js';
export * from './types.js';
export { ContractRevertError, TransactionError, type TxOutcome, explainChainError, adviceFor, incentivesAbi, ROUND_PHASE, ROUND_STATUS, type IncentivesErrorName, type RoundPhase, type RoundStatus } from './errors.js';
export { deployContracts, deploymentPath, parseDeployment, readDeployment, writeDeployment, deploymentRecordSchema, type DeployOptions, type DeployedShape, type Deployment } from './deploy.js';
export { checkProofAgainstRound, submissionOf } from './check-proof.js';
export { roundContext } from '../protocol/context.js';
export { registerProvider, type RegisterProviderOptions, type RegisteredProvider } from '../round/register-provider.js';
export { roundDataFromChain, settleRound, type OwnerSecrets, type SettledRound, type ResumedSettlement, type Settlement, type SettleOptions } from '../round/settle-round.js';
export { nextBlockTime, phaseAt, PhaseError, readRoundInPhase, requirePhase, type RequiredPhase } from '../round/require-phase.js';
export { defaultProofPath, proofFileStore, type ProofStore } from '../round/kept-proof.js';
export { claimRewards, type ClaimedReward } from '../round/claim-rewards.js';
export { openRound, type OpenRoundOptions, type OpenedRound } from '../round/open-round.js';
export { shapeOfId, shapeOfRound } from '../round/shape-of-round.js';
export { deriveOwnerKey, ownerKeyFromSigner, ownerKeyTypedData, OWNER_KEY_PURPOSE, type OwnerKey, type OwnerKeySigner, type OwnerKeyTypedData } from '../crypto/owner-key.js';
export { readOwnerSecrets, recordValidationSalt, validationSaltFor, ownerSecretsSchema, type OwnerSecretsFile } from '../round/owner-secrets.js';
