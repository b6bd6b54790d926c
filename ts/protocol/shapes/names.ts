/**
 * The names of everything `npm run build` generates per shape, and where it goes: compiled
 * circuits `noir/artifacts/<circuit>-<shape>.json` (`.vk.json` for the EVM verification key) and
 * Solidity verifiers `contracts/generated/verifiers/<Contract>.sol`, with contracts named
 * `Zkml<Shape>HonkVerifier[Optimized]` (settlement), `Register<Shape>HonkVerifier[Optimized]`
 * (registration) and `Validation<Shape>HonkVerifier[Optimized]` (the validation set), the shape name
 * capitalised (`ZkmlK7d2n132HonkVerifierOptimized`).
 * Paths here are relative to the package root.
 */
import type { Shape } from './spec.js';

/**
 * The three circuits every shape has: settlement (`noir/zkml`), registration (`noir/register`) and
 * the validation set's statistics (`noir/validation`).
 */
export type ShapeCircuit = 'zkml' | 'register' | 'validation';

/** The circuits of a shape, in build order. */
export const SHAPE_CIRCUITS: readonly ShapeCircuit[] = ['zkml', 'register', 'validation'];

/** Contract-name prefix of each circuit's verifiers. */
const CONTRACT_PREFIX: Readonly<Record<ShapeCircuit, string>> = { zkml: 'Zkml', register: 'Register', validation: 'Validation' };

/** Folder of the generated Solidity verifiers. */
export const VERIFIERS_DIR = 'contracts/generated/verifiers';
/** The deployment script's shape list (`script/Deploy.s.sol` reads it). */
export const SHAPES_CONFIG_FILE = 'script/shapes.json';

/** Artifact name of `circuit` at `shape` (`zkml-k8d1n128`, `register-k7d2n132`): `readArtifact(circuitName(...))`. */
export function circuitName(circuit: ShapeCircuit, shape: Pick<Shape, 'name'>): string {
  return `${circuit}-${shape.name}`;
}

/** `zkml-<shape>`, the settlement circuit's artifact name. */
export const settlementCircuitName = (shape: Pick<Shape, 'name'>) => circuitName('zkml', shape);
/** `register-<shape>`, the registration circuit's artifact name. */
export const registerCircuitName = (shape: Pick<Shape, 'name'>) => circuitName('register', shape);
/** `validation-<shape>`, the validation circuit's artifact name. */
export const validationCircuitName = (shape: Pick<Shape, 'name'>) => circuitName('validation', shape);

/** `<Prefix><Shape>HonkVerifier[Optimized]` of `circuit` at `shape`. */
export function verifierName(circuit: ShapeCircuit, shape: Pick<Shape, 'name'>, optimized: boolean): string {
  return `${CONTRACT_PREFIX[circuit]}${shape.name[0]!.toUpperCase()}${shape.name.slice(1)}HonkVerifier${optimized ? 'Optimized' : ''}`;
}

/** `Zkml<Shape>HonkVerifier[Optimized]`. */
export const settlementVerifierName = (shape: Pick<Shape, 'name'>, optimized: boolean) => verifierName('zkml', shape, optimized);
/** `Register<Shape>HonkVerifier[Optimized]`. */
export const registerVerifierName = (shape: Pick<Shape, 'name'>, optimized: boolean) => verifierName('register', shape, optimized);
/** `Validation<Shape>HonkVerifier[Optimized]`. */
export const validationVerifierName = (shape: Pick<Shape, 'name'>, optimized: boolean) => verifierName('validation', shape, optimized);

/** A Foundry artifact id of a generated verifier, `File.sol:Contract` (as `deployCode` and `script/shapes.json` take it). */
export const forgeArtifactId = (contract: string) => `${contract}.sol:${contract}`;

/** Path of a generated verifier contract, relative to the package root. */
export const verifierFile = (contract: string) => `${VERIFIERS_DIR}/${contract}.sol`;
