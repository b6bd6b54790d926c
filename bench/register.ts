/**
 * The registration circuit of a shape, if it is built: `noir/artifacts/register-<shape>.json`. The artifact must match
 * the shape (its ABI's ciphertext length C, chunks NCP, rows per chunk R and features D), else it
 * is reported as not matching. Its Solidity verifiers are the committed
 * `contracts/generated/verifiers/Register<Shape>HonkVerifier[Optimized].sol` when present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../ts/files/package-root.js';
import { ARTIFACTS_DIR, readArtifact } from '../ts/prover/artifacts.js';
import { registerCircuitName, registerVerifierName, verifierFile, type Shape } from '../ts/protocol/shapes/index.js';
import type { CircuitArtifact } from '../ts/toolchain/noir.js';

/** A shape's registration circuit as found on disk. */
export interface RegisterCircuit {
  /** Artifact name under `noir/artifacts/` (without `.json`). */
  name: string;
  artifact: CircuitArtifact;
  /**
   * The shape to build the registration witness with: the settlement shape (its packing, chunks and
   * data range are the registration circuit's) plus `c` = its ciphertext length C, so that it is
   * accepted both where `ts/crypto/registration.ts` takes a `RegisterShape` and where it takes the
   * settlement `Shape`.
   */
  shape: Shape & { c: number };
  /** Committed verifier sources by flavour, when present (`undefined`: generate from the VK). */
  verifierSources: { standard?: string; optimized?: string };
  /** Contract names of those verifiers. */
  verifierNames: { standard: string; optimized: string };
}

/** Names of the register artifacts that may hold `shape`'s registration circuit, in lookup order. */
export function registerArtifactNames(shape: Shape): string[] {
  return [registerCircuitName(shape)];
}

/** Every `noir/artifacts/register*.json` (not the VKs), for the report of which exist. */
export function registerArtifactsOnDisk(): string[] {
  try {
    return readdirSync(ARTIFACTS_DIR)
      .filter((f) => /^register.*\.json$/.test(f) && !f.endsWith('.vk.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

type AbiType = { kind: string; length?: number; type?: AbiType; fields?: { name: string; type: AbiType }[] };

/** Why `artifact` is not the registration circuit of `shape`, or `undefined` when it is. */
export function registerMismatch(artifact: CircuitArtifact, shape: Shape): string | undefined {
  const params = artifact.abi.parameters as unknown as { name: string; type: AbiType }[];
  const ciphertext = params.find((p) => p.name === 'ciphertext')?.type;
  const rows = params.find((p) => p.name === 'rows')?.type;
  const x = rows?.type?.type?.fields?.find((f) => f.name === 'x')?.type;
  const got = { c: ciphertext?.length, ncp: rows?.length, r: rows?.type?.length, d: x?.length };
  const want = { c: shape.ciphertextLength, ncp: shape.ncp, r: shape.r, d: shape.d };
  const bad = (Object.keys(want) as (keyof typeof want)[]).filter((k) => got[k] !== want[k]);
  return bad.length === 0 ? undefined : `its ABI has ${bad.map((k) => `${k.toUpperCase()} = ${got[k] ?? '?'}`).join(', ')}, the shape ${bad.map((k) => `${k.toUpperCase()} = ${want[k]}`).join(', ')}`;
}

/**
 * The registration circuit of `shape`, or a reason why there is none to measure (no artifact, or
 * an artifact of another shape).
 */
export function findRegisterCircuit(shape: Shape): RegisterCircuit | { missing: string } {
  for (const name of registerArtifactNames(shape)) {
    if (!existsSync(join(ARTIFACTS_DIR, `${name}.json`))) continue;
    const artifact = readArtifact(name);
    const mismatch = registerMismatch(artifact, shape);
    if (mismatch) return { missing: `noir/artifacts/${name}.json is not ${shape.name}'s registration circuit: ${mismatch}` };
    const names = { standard: registerVerifierName(shape, false), optimized: registerVerifierName(shape, true) };
    const read = (contract: string) => {
      const path = join(PACKAGE_ROOT, verifierFile(contract));
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    };
    const standard = read(names.standard);
    const optimized = read(names.optimized);
    return {
      name,
      artifact,
      shape: { ...shape, c: shape.ciphertextLength },
      verifierSources: { ...(standard ? { standard } : {}), ...(optimized ? { optimized } : {}) },
      verifierNames: names,
    };
  }
  return { missing: `no registration artifact (${registerArtifactNames(shape).map((n) => `noir/artifacts/${n}.json`).join(' or ')})` };
}
