import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';
import { artifactPath, vkPath } from '../prover/artifacts.js';

export { PACKAGE_ROOT };

/** A Noir package built by `npm run build`, with where its generated files go. */
export interface CircuitSpec {
  /** Noir package name (folder under `noir/`). */
  name: string;
  /** Prefix of the generated Solidity contracts, e.g. `Toy` -> `ToyHonkVerifier`. */
  contractPrefix: string;
}

export const CIRCUITS: readonly CircuitSpec[] = [
  { name: 'toy', contractPrefix: 'Toy' },
  { name: 'zkml', contractPrefix: 'Zkml' },
  // The registration circuit of the shipped shape k8d1n128 (noir/register/src/params.nr).
  { name: 'register', contractPrefix: 'RegisterK8d1n128' },
];

export const paths = {
  packageDir: (c: CircuitSpec) => join(PACKAGE_ROOT, 'noir', c.name),
  artifact: (c: CircuitSpec) => artifactPath(c.name),
  vk: (c: CircuitSpec) => vkPath(c.name),
  verifier: (c: CircuitSpec, optimized: boolean) =>
    join(PACKAGE_ROOT, 'contracts', 'generated', 'verifiers', `${verifierContractName(c, optimized)}.sol`),
  fixture: (name: string) => join(PACKAGE_ROOT, 'test', 'fixtures', `${name}.json`),
};

export function verifierContractName(c: CircuitSpec, optimized: boolean): string {
  return `${c.contractPrefix}HonkVerifier${optimized ? 'Optimized' : ''}`;
}
