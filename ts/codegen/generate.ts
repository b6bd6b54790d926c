import { readFileSync } from 'node:fs';
import type { Barretenberg } from '@aztec/bb.js';
import { artifactJson, compileCircuit, type CircuitArtifact } from '../toolchain/noir.js';
import { solidityVerifier, verificationKey } from '../toolchain/honk.js';
import { paths, verifierContractName, type CircuitSpec } from './circuits.js';

/** A generated file: where it goes and its exact content. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** Reads a committed circuit artifact. */
export function readArtifact(spec: CircuitSpec): CircuitArtifact {
  return JSON.parse(readFileSync(paths.artifact(spec), 'utf8')) as CircuitArtifact;
}

/** Reads a committed verification key. */
export function readVk(spec: CircuitSpec): Uint8Array {
  const { vk } = JSON.parse(readFileSync(paths.vk(spec), 'utf8')) as { vk: string };
  return Uint8Array.from(Buffer.from(vk.replace(/^0x/, ''), 'hex'));
}

/**
 * Everything `npm run build` derives from one Noir package, deterministically: the compiled
 * artifact, the EVM verification key, and the standard and optimized Solidity verifiers.
 */
export async function generateCircuitFiles(api: Barretenberg, spec: CircuitSpec): Promise<GeneratedFile[]> {
  const artifact = await compileCircuit(paths.packageDir(spec));
  const vk = await verificationKey(api, artifact);
  const files: GeneratedFile[] = [
    { path: paths.artifact(spec), content: artifactJson(artifact) },
    { path: paths.vk(spec), content: JSON.stringify({ vk: '0x' + Buffer.from(vk).toString('hex') }, null, 2) + '\n' },
  ];
  for (const optimized of [false, true]) {
    files.push({
      path: paths.verifier(spec, optimized),
      content: await solidityVerifier(api, vk, verifierContractName(spec, optimized), optimized),
    });
  }
  return files;
}
