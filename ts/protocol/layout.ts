/**
 * The one definition of the protocol's constants and of the circuit's public-input layout.
 *
 * - Noir: `noir/zkml/src/main.nr` declares its public parameters in exactly this order
 *   (`test/vitest/consistency/layout.test.ts` checks the compiled ABI against {@link PUBLIC_INPUTS}).
 * - Solidity: `npm run build` writes `contracts/generated/ZkmlLayout.sol` from this file
 *   (the drift test fails if the committed copy differs).
 * - TypeScript: the prover and the chain client import it directly.
 *
 * The layout is a function of the shape ({@link publicInputs}); the constants without a shape
 * argument are the default shape's (`k8d1n128`).
 */
import { FIELD_MODULUS } from './field.js';
import { DEFAULT_SHAPE, type ShapeSpec } from './shapes/index.js';

export { FIELD_MODULUS, INPUT_SCALE, MODEL_SCALE, VALUE_SCALE } from './field.js';

/** Capacity of the default (shipped) shape `k8d1n128`: at most K providers ... */
export const K = DEFAULT_SHAPE.k;
/** ... with at most D features each, ... */
export const D = DEFAULT_SHAPE.d;
/** ... at most N_TRAIN training rows in any split among the providers, ... */
export const N_TRAIN = DEFAULT_SHAPE.nTrain;
/** ... and at most N_VAL validation rows. */
export const N_VAL = DEFAULT_SHAPE.nVal;

/** One public input or a run of them (`length` > 1 for vectors). */
export interface PublicInputField {
  name: string;
  length: number;
  /** Signed values are encoded in the field as p − |v| when negative. */
  signed: boolean;
  doc: string;
}

/** Public inputs of the settlement circuit of a shape, in circuit order. Vectors are laid out element by element. */
export function publicInputs(shape: Pick<ShapeSpec, 'k' | 'd'>): readonly PublicInputField[] {
  const { k, d } = shape;
  return [
    { name: 'context', length: 1, signed: false, doc: 'keccak256(abi.encode(chainId, contract, roundId)) mod p' },
    { name: 'stats_commitments', length: k, signed: false, doc: "the delivered providers' statistics commitments (bound to their payee and the round) in delivery order; 0 for unused slots" },
    { name: 'payees', length: k, signed: false, doc: 'addresses registered for the slots (uint160), bound into their statistics commitments; 0 for unused slots' },
    { name: 'validation_commitment', length: 1, signed: false, doc: 'commitment to the validation set' },
    { name: 'num_providers', length: 1, signed: false, doc: 'k, number of active providers (1..K)' },
    { name: 'lambda', length: 1, signed: false, doc: 'ridge parameter λ · 10^4' },
    { name: 'weights', length: d, signed: true, doc: 'w · 10^8, rounded; 0 for unused features' },
    { name: 'intercept', length: 1, signed: true, doc: 'b · 10^8, rounded' },
    { name: 'train_loss', length: 1, signed: false, doc: 'L(θ) = 1/(2n) Σ (y − x·w − b)² · 10^8, rounded' },
    { name: 'shapley', length: k, signed: true, doc: 'φ_i · 10^8, rounded; 0 for unused slots' },
  ];
}

/** Index of the first element of `name` in the flat public-input vector of `shape`. */
export function publicInputOffsetOf(shape: Pick<ShapeSpec, 'k' | 'd'>, name: string): number {
  let offset = 0;
  for (const f of publicInputs(shape)) {
    if (f.name === name) return offset;
    offset += f.length;
  }
  throw new Error(`unknown public input ${name}`);
}

/** Number of field elements in the flat public-input vector of `shape`. */
export function numPublicInputs(shape: Pick<ShapeSpec, 'k' | 'd'>): number {
  return publicInputs(shape).reduce((n, f) => n + f.length, 0);
}

/** Public inputs of the default shape, in circuit order. */
export const PUBLIC_INPUTS: readonly PublicInputField[] = publicInputs(DEFAULT_SHAPE);

/** Index of the first element of `name` in the flat public-input vector (default shape). */
export function publicInputOffset(name: string): number {
  return publicInputOffsetOf(DEFAULT_SHAPE, name);
}

/** Number of field elements in the flat public-input vector (default shape). */
export const NUM_PUBLIC_INPUTS = numPublicInputs(DEFAULT_SHAPE);

/** Encodes a signed integer as a field element (negative v as p − |v|). */
export function toField(v: bigint): bigint {
  const r = v % FIELD_MODULUS;
  return r < 0n ? r + FIELD_MODULUS : r;
}

/** Decodes a field element as a signed integer (values above p/2 are negative). */
export function fromFieldSigned(f: bigint): bigint {
  return f > FIELD_MODULUS / 2n ? f - FIELD_MODULUS : f;
}

/** 0x-prefixed 32-byte hex of a field element, as bb.js and Solidity `bytes32` carry it. */
export function fieldHex(v: bigint): `0x${string}` {
  return `0x${toField(v).toString(16).padStart(64, '0')}`;
}
