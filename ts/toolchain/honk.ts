import { gunzipSync } from 'node:zlib';
import type { Barretenberg, ProofData } from '@aztec/bb.js';
import { ToolchainError } from '../errors/index.js';
import type { CircuitArtifact } from './noir.js';

/**
 * bb proof-system settings for proofs checked by the Solidity verifier: zero-knowledge UltraHonk
 * with a keccak transcript (bb.js `verifierTarget: 'evm'`).
 */
export function evmSettings(optimizedSolidityVerifier = false) {
  return { ipaAccumulation: false, oracleHashType: 'keccak', disableZk: false, optimizedSolidityVerifier };
}

export const EVM_TARGET = { verifierTarget: 'evm' } as const;

/** The uncompressed ACIR program bb expects (artifacts store it gzipped and base64-encoded). */
export function acirBytes(artifact: CircuitArtifact): Uint8Array {
  return gunzipSync(Buffer.from(artifact.bytecode, 'base64'));
}

/**
 * Proves `witness` (gzipped, from noir_js) for the EVM verifier. Calls bb directly rather than
 * through `UltraHonkBackend`, which announces every proof on the host's `console.log`.
 */
export async function proveEvm(api: Barretenberg, artifact: CircuitArtifact, witness: Uint8Array): Promise<ProofData> {
  try {
    const { proof, publicInputs } = await api.circuitProve({
      witness: gunzipSync(witness),
      circuit: { name: 'circuit', bytecode: acirBytes(artifact), verificationKey: new Uint8Array(0) },
      settings: evmSettings(),
    });
    const flat = new Uint8Array(proof.length * 32);
    proof.forEach((field, i) => flat.set(field, i * 32));
    return { proof: flat, publicInputs: publicInputs.map((f) => '0x' + Buffer.from(f).toString('hex')) };
  } catch (err) {
    throw new ToolchainError(
      'PROVE_FAILED',
      `bb could not prove the circuit: ${err instanceof Error ? err.message : String(err)}. If this mentions the CRS, ` +
        'pass crsPath (or set CRS_PATH) to a folder with bn254_g1.dat and bn254_g2.dat.',
      { cause: err, details: { option: 'crsPath' } },
    );
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
