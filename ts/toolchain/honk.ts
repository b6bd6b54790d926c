import { gunzipSync } from 'node:zlib';
import type { Barretenberg, ProofData } from '@aztec/bb.js';
import { UltraHonkBackend } from '@aztec/bb.js';
import { ToolchainError } from '../errors.js';
import type { CircuitArtifact } from './noir.js';

/**
 * bb proof-system settings for proofs checked by the Solidity verifier: zero-knowledge UltraHonk
 * with a keccak transcript (bb.js `verifierTarget: 'evm'`).
 */
export function evmSettings(optimizedSolidityVerifier = false) {
  return { ipaAccumulation: false, oracleHashType: 'keccak', disableZk: false, optimizedSolidityVerifier };
}

export const EVM_TARGET = { verifierTarget: 'evm' } as const;

/** Gate counts of a circuit as bb sees them (`numGatesDyadic` must fit the CRS). */
export async function circuitStats(api: Barretenberg, artifact: CircuitArtifact, includeGatesPerOpcode = false) {
  return api.circuitStats({
    circuit: { name: 'circuit', bytecode: acirBytes(artifact), verificationKey: new Uint8Array() },
    includeGatesPerOpcode,
    settings: evmSettings(),
  });
}

/** The uncompressed ACIR program bb expects (artifacts store it gzipped and base64-encoded). */
export function acirBytes(artifact: CircuitArtifact): Uint8Array {
  return gunzipSync(Buffer.from(artifact.bytecode, 'base64'));
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

/** Proves `witness` (gzipped, from noir_js) for the EVM verifier. */
export async function proveEvm(api: Barretenberg, artifact: CircuitArtifact, witness: Uint8Array): Promise<ProofData> {
  // bb.js announces every proof with console.log; keep stdout for machine-readable output.
  const log = console.log;
  console.log = () => {};
  try {
    return await new UltraHonkBackend(artifact.bytecode, api).generateProof(witness, EVM_TARGET);
  } catch (err) {
    throw new ToolchainError(
      'PROVE_FAILED',
      `bb could not prove the circuit: ${err instanceof Error ? err.message : String(err)}. If this mentions the CRS, ` +
        'set CRS_PATH to a folder with bn254_g1.dat and bn254_g2.dat (e.g. ../shared/crs).',
      { cause: err },
    );
  } finally {
    console.log = log;
  }
}

/** Verifies an EVM-target proof off-chain against `vk`. */
export async function verifyEvm(api: Barretenberg, vk: Uint8Array, proof: ProofData): Promise<boolean> {
  const { verified } = await api.circuitVerify({
    verificationKey: vk,
    publicInputs: proof.publicInputs.map(hexToField),
    proof: splitFields(proof.proof),
    settings: evmSettings(),
  });
  return verified;
}

function hexToField(hex: string): Uint8Array {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  return Uint8Array.from(Buffer.from(clean.padStart(64, '0'), 'hex'));
}

function splitFields(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += 32) out.push(bytes.slice(i, i + 32));
  return out;
}
