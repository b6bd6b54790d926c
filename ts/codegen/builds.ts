/**
 * The one build pipeline of `npm run build`: every circuit it compiles is one {@link CircuitBuild}
 * — the toy slice (`noir/toy` as it is, the toolchain check), and for every shape the settlement
 * circuit (`noir/zkml`) and the registration circuit (`noir/register`), each that package with
 * `src/params.nr` rewritten for the shape (`./params.ts`). {@link generateBuild} turns a build into
 * its generated files: the compiled artifact, the EVM verification key, and the standard and
 * optimized Solidity verifiers. Names come from the shapes' home (`ts/protocol/shapes/names.ts`).
 */
import { join } from 'node:path';
import type { Barretenberg } from '@aztec/bb.js';
import { ToolchainError } from '../errors/index.js';
import { PACKAGE_ROOT } from '../files/package-root.js';
import { artifactPath, vkPath } from '../prover/artifacts.js';
import { circuitName, SHAPE_CIRCUITS, verifierFile, verifierName, type Shape, type ShapeCircuit } from '../protocol/shapes/index.js';
import { localCrsPoints as crsPointsIn } from '../toolchain/crs.js';
import type { CircuitArtifact } from '../toolchain/noir.js';
import { artifactJson, compileCircuit, compileWithParams } from './compile.js';
import type { GeneratedFile } from './generate.js';
import { registerParams, shapeParams, validationParams } from './params.js';
import { circuitStats, solidityVerifier, verificationKey } from './verifier.js';

/** One circuit `npm run build` compiles: the toy slice, or a shape's settlement or registration circuit. */
export type CircuitBuild = { circuit: 'toy' } | { circuit: ShapeCircuit; shape: Shape };

/** The toy circuit (`noir/toy`): the toolchain slice, built as it is. */
export const TOY_BUILD: CircuitBuild = { circuit: 'toy' };

/** Every build for `shapes`: the toy slice, then each shape's settlement, registration and validation circuit. */
export function circuitBuilds(shapes: readonly Shape[]): CircuitBuild[] {
  return [TOY_BUILD, ...shapes.flatMap((shape): CircuitBuild[] => SHAPE_CIRCUITS.map((circuit) => ({ circuit, shape })))];
}

/** Artifact name of a build (`toy`, `zkml-k8d1n128`, `register-k7d2n132`). */
export function buildName(build: CircuitBuild): string {
  return build.circuit === 'toy' ? 'toy' : circuitName(build.circuit, build.shape);
}

/** Contract name of a build's verifier (`ToyHonkVerifier`, `ZkmlK8d1n128HonkVerifierOptimized`, …). */
export function buildVerifierName(build: CircuitBuild, optimized: boolean): string {
  return build.circuit === 'toy' ? `ToyHonkVerifier${optimized ? 'Optimized' : ''}` : verifierName(build.circuit, build.shape, optimized);
}

/** Where a build's generated files go. */
export const buildPaths = {
  artifact: (build: CircuitBuild) => artifactPath(buildName(build)),
  vk: (build: CircuitBuild) => vkPath(buildName(build)),
  verifier: (build: CircuitBuild, optimized: boolean) => join(PACKAGE_ROOT, verifierFile(buildVerifierName(build, optimized))),
};

/** Compiles a build's circuit (a shape's in a temporary copy of its package with `params.nr` rewritten). */
export function compileBuild(build: CircuitBuild): Promise<CircuitArtifact> {
  const dir = join(PACKAGE_ROOT, 'noir', build.circuit);
  if (build.circuit === 'toy') return compileCircuit(dir);
  const params = { zkml: shapeParams, register: registerParams, validation: validationParams }[build.circuit](build.shape);
  return compileWithParams(dir, params, buildName(build));
}

/** G1 points of the CRS bb will read (`CRS_PATH`, else `~/.bb-crs`), or undefined when bb would download it. */
export function localCrsPoints(env: Readonly<Record<string, string | undefined>> = process.env): { path: string; points: number } | undefined {
  const path = env['CRS_PATH'] || join(env['HOME'] ?? '', '.bb-crs');
  const points = crsPointsIn(path);
  return points > 0 ? { path, points } : undefined;
}

/** A build's generated files, with its compiled artifact and gate counts. */
export interface BuildOutput {
  files: GeneratedFile[];
  artifact: CircuitArtifact;
  gates: number;
  dyadic: number;
}

/**
 * Everything `npm run build` derives from one build, deterministically: the compiled artifact, the
 * EVM verification key and the standard and optimized Solidity verifiers. A circuit beyond the
 * local CRS (more than 2^15 rows with the offline copy) is built where bb can download a larger CRS
 * (network); here it fails with a {@link ToolchainError} `CRS_TOO_SMALL` naming the points it needs.
 */
export async function generateBuild(api: Barretenberg, build: CircuitBuild, log: (line: string) => void = () => {}): Promise<BuildOutput> {
  const name = buildName(build);
  const artifact = await compileBuild(build);
  const stats = await circuitStats(api, artifact);
  const dyadic = stats.numGatesDyadic;
  log(`  ${name}: ${stats.numGates} gates, dyadic ${dyadic} (2^${Math.log2(dyadic)})`);
  let vk: Uint8Array;
  try {
    vk = await verificationKey(api, artifact);
  } catch (err) {
    const crs = localCrsPoints();
    const needed = dyadic + 1;
    if (!crs || crs.points < needed) {
      throw new ToolchainError(
        'CRS_TOO_SMALL',
        `${name} needs a CRS of ${needed.toLocaleString('en-US')} points (circuit size 2^${Math.log2(dyadic)}), but ` +
          (crs ? `the CRS at ${crs.path} has ${crs.points.toLocaleString('en-US')} points` : 'no local CRS was found') +
          ` and bb could not obtain a larger one (${err instanceof Error ? err.message : String(err)}). Build it where bb.js can download the larger CRS (network access, CRS_PATH unset or pointing at a writable folder), or set CRS_PATH to a folder whose bn254_g1.dat holds at least ${needed.toLocaleString('en-US')} points.`,
        { cause: err },
      );
    }
    throw err;
  }
  const files: GeneratedFile[] = [
    { path: buildPaths.artifact(build), content: artifactJson(artifact) },
    { path: buildPaths.vk(build), content: JSON.stringify({ vk: '0x' + Buffer.from(vk).toString('hex') }, null, 2) + '\n' },
  ];
  for (const optimized of [false, true]) {
    files.push({ path: buildPaths.verifier(build, optimized), content: await solidityVerifier(api, vk, buildVerifierName(build, optimized), optimized) });
  }
  return { files, artifact, gates: stats.numGates, dyadic };
}
