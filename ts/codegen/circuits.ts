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

/**
 * Packages compiled as they are. The settlement circuit `zkml` is also compiled per shape
 * (`./shapes.ts`); the registration circuit `register` only per shape (`./register-shapes.ts`,
 * which also writes the default shape's as `register.json`).
 */
export const CIRCUITS: readonly CircuitSpec[] = [
  { name: 'toy', contractPrefix: 'Toy' },
  { name: 'zkml', contractPrefix: 'Zkml' },
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
