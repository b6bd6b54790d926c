/**
 * Constants of the zkml settlement circuit, mirroring `noir/zkml/src/fixed.nr`,
 * `noir/commitment/src/lib.nr` and the committed `params.nr` (the paper's shape;
 * `test/vitest/consistency/layout.test.ts` compares them). Per-shape values come from the
 * {@link CircuitShape} (`ts/protocol/shapes/`) and its bounds; the constants below without a
 * shape mirror the committed `params.nr` only — library code takes its shape explicitly.
 */
import { INPUT_SCALE, MODEL_SCALE, VALUE_SCALE } from '../protocol/layout.js';
import { DEFAULT_SHAPE, makeShape, type Shape } from '../protocol/shapes/index.js';
import { LAMBDA_BITS as LAMBDA_BITS_N, MIN_LAMBDA, VALUE_BITS as VALUE_BITS_N, shapeBounds } from '../protocol/shapes/index.js';

/** A circuit shape (K, D, N_TRAIN, N_VAL and everything derived from them). */
export type CircuitShape = Shape;

export { MIN_LAMBDA };

const defaultBounds = shapeBounds(DEFAULT_SHAPE);

export const K = DEFAULT_SHAPE.k;
export const D = DEFAULT_SHAPE.d;
export const N_TRAIN = DEFAULT_SHAPE.nTrain;
export const N_VAL = DEFAULT_SHAPE.nVal;
/** 2^K coalitions. */
export const NS = DEFAULT_SHAPE.ns;
/** Rows packed per field element. */
export const P = DEFAULT_SHAPE.p;
/** Bits of a packed row: present bit + (D + 1) values of 35 bits. */
export const ROW_BITS = DEFAULT_SHAPE.rowBits;
/** Rows per chunk (one Poseidon2 permutation absorbs three field elements). */
export const R = DEFAULT_SHAPE.r;
/** Validation chunks. */
export const NCV = DEFAULT_SHAPE.ncv;
/** K!. */
export const K_FACT = 40320n;

export const S = INPUT_SCALE;
export const S_THETA = MODEL_SCALE;
export const S_V = VALUE_SCALE;
/** Packing offset: a value V is packed as V + 2^34 (35 bits). */
export const DATA_OFFSET = 1n << 34n;
/** The default shape accepts |x|, |y| ≤ 10^6, i.e. |X| ≤ 10^10 (checked exactly by the circuits). */
export const MAX_ABS_DATA = DEFAULT_SHAPE.maxAbsData;
/** λ·10^4 < 2^40. */
export const LAMBDA_BITS = LAMBDA_BITS_N;
/** |W| < 2^W_BITS, |B| < 2^B_BITS of the default shape (`params.nr`). */
export const W_BITS = BigInt(defaultBounds.wBits);
export const B_BITS = BigInt(defaultBounds.bBits);
/** Losses and Shapley values: |v| < 2^120. */
export const VALUE_BITS = VALUE_BITS_N;

/** The shape with `k` slots, `nTrain` training and `nVal` validation rows and `d` features (widest data range that fits). */
export function shapeFor(k: number, nTrain: number, nVal: number, d = 1): CircuitShape {
  return makeShape(k, d, nTrain, { nVal });
}

/** Domain tags of the commitments (`noir/commitment/src/lib.nr`). */
export const TAG_PROVIDER = 0x7a6b6d6cn;
/** Domain tag of a provider's statistics commitment (`noir/commitment/src/stats.nr`). */
export const TAG_STATS = 0x7a6b6d6c03n;
/** Domain tag of the validation set's statistics commitment (payee and context 0). */
export const TAG_VALIDATION_STATS = 0x7a6b6d6c04n;
