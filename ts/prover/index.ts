/**
 * `zkml-incentives/prover`: proving and verifying with Barretenberg, proof files, and the round
 * data a proof is built from.
 */
export { ZkmlProver, type ProverOptions, type RoundProof, type RegistrationProof, type ValidationProof, type OnStep, type ProveStep } from './prover.js';
export { PROOF_BYTES, proofBytes, proofFileSchema, publicValuesOf, readProofFile, shapeOfProof, toProofFile, writeProofFile, type ProofFile } from './proof-file.js';
export { ARTIFACTS_DIR, artifactPath, readArtifact, readVk, vkPath } from './artifacts.js';
