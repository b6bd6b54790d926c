/**
 * `zkml-incentives/prover`: proving and verifying with Barretenberg, proof files, and the round
 * data a proof is built from.
 */
export { ZkmlProver, type ProverOptions, type RoundProof, type RegistrationProof, type OnStep, type ProveStep } from './prover.js';
export { PROOF_BYTES, proofBytes, proofFileSchema, publicValuesOf, readProofFile, shapeOfProof, toProofFile, writeProofFile, type ProofFile } from './proof-file.js';
export { ARTIFACTS_DIR, artifactPath, readArtifact, readVk, vkPath } from './artifacts.js';
export { resolveCrs, SHIPPED_CIRCUIT_POINTS, type CrsLocation, type ResolveCrsOptions } from '../toolchain/crs.js';
export type { ProviderData, RoundData } from '../circuit/witness.js';
export { decodePublicInputs, encodePublicValues, type PublicValues } from '../protocol/public-values.js';
