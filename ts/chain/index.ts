/**
 * `zkml-incentives/chain`: the viem client of `ZKMLIncentives` (types, reads, the send pipeline),
 * deployment from the shipped bytecode and deployment records. The round flows are in `/round`.
 */
export { ZkmlClient, connect, DEADLINE_SLACK_SECONDS } from './client.js';
export { accountFromEnv, privateKeyFromEnv } from './keys.js';
export * from './types.js';
export { ContractRevertError, TransactionError, type TxOutcome, explainChainError, adviceFor, incentivesAbi, ROUND_PHASE, ROUND_STATUS, type IncentivesErrorName, type RoundPhase, type RoundStatus } from './errors.js';
export { deployContracts, deploymentPath, parseDeployment, readDeployment, writeDeployment, deploymentRecordSchema, type DeployOptions, type DeployedShape, type Deployment } from './deploy.js';
export { checkProofAgainstRound, submissionOf } from './check-proof.js';
export { checkChain, type CheckChainOptions } from './check-chain.js';
export { ciphertextHash } from './read-delivery.js';
