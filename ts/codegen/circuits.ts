import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root.js';

/** Repository root (two levels above this file). */
export { REPO_ROOT };

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
  packageDir: (c: CircuitSpec) => join(REPO_ROOT, 'noir', c.name),
  artifact: (c: CircuitSpec) => join(REPO_ROOT, 'noir', 'artifacts', `${c.name}.json`),
  vk: (c: CircuitSpec) => join(REPO_ROOT, 'noir', 'artifacts', `${c.name}.vk.json`),
  verifier: (c: CircuitSpec, optimized: boolean) =>
    join(REPO_ROOT, 'contracts', 'generated', 'verifiers', `${verifierContractName(c, optimized)}.sol`),
  fixture: (name: string) => join(REPO_ROOT, 'test', 'fixtures', `${name}.json`),
};

export function verifierContractName(c: CircuitSpec, optimized: boolean): string {
  return `${c.contractPrefix}HonkVerifier${optimized ? 'Optimized' : ''}`;
}
