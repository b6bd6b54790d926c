/**
 * Build-time Barretenberg calls: circuit sizes, EVM verification keys and Solidity verifiers.
 */
import type { Barretenberg } from '@aztec/bb.js';
import { UltraHonkBackend } from '@aztec/bb.js';
import { ToolchainError } from '../errors/index.js';
import { acirBytes, EVM_TARGET, evmSettings } from '../toolchain/honk.js';
import type { CircuitArtifact } from '../toolchain/noir.js';

/** Gate counts of a circuit as bb sees them (`numGatesDyadic` must fit the CRS). */
export async function circuitStats(api: Barretenberg, artifact: CircuitArtifact, includeGatesPerOpcode = false) {
  return api.circuitStats({
    circuit: { name: 'circuit', bytecode: acirBytes(artifact), verificationKey: new Uint8Array() },
    includeGatesPerOpcode,
    settings: evmSettings(),
  });
}

/** Verification key for the EVM target. */
export async function verificationKey(api: Barretenberg, artifact: CircuitArtifact): Promise<Uint8Array> {
  return new UltraHonkBackend(artifact.bytecode, api).getVerificationKey(EVM_TARGET);
}

/**
 * Solidity verifier for `vk`, with the generated `HonkVerifier` contract renamed to `contractName`
 * so several verifiers can live in one Foundry project.
 */
export async function solidityVerifier(
  api: Barretenberg,
  vk: Uint8Array,
  contractName: string,
  optimized: boolean,
): Promise<string> {
  const { solidityCode } = await api.circuitWriteSolidityVerifier({ verificationKey: vk, settings: evmSettings(optimized) });
  const renamed = solidityCode.replace(/\bcontract HonkVerifier\b/, `contract ${contractName}`);
  if (renamed === solidityCode) {
    throw new ToolchainError('VERIFIER_SHAPE', 'bb emitted a Solidity verifier without `contract HonkVerifier`; update the build script.');
  }
  return renamed;
}
