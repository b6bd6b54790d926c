import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import type { Barretenberg } from '@aztec/bb.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { artifactJson, compileCircuit } from './compile.js';
import { solidityVerifier, verificationKey } from './verifier.js';
import { paths, verifierContractName, type CircuitSpec } from './circuits.js';

/** Writes a generated file (creating its folder) and logs its path relative to the package. */
export function writeGenerated(file: GeneratedFile, log: (line: string) => void): void {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.content);
  log(`  wrote ${relative(PACKAGE_ROOT, file.path)}`);
}

/** A generated file: where it goes and its exact content. */
export interface GeneratedFile {
  path: string;
  content: string;
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
