/**
 * Constants of the default zkml circuit variant, mirroring `noir/zkml/src/params.nr` and
 * `noir/zkml/src/{fixed,commit,ridge}.nr` (`test/vitest/consistency/layout.test.ts` compares them).
 */
import { D, INPUT_SCALE, K, MODEL_SCALE, N_TRAIN, N_VAL, VALUE_SCALE } from '../protocol/layout.js';

export { D, K, N_TRAIN, N_VAL };
/** 2^K coalitions. */
export const NS = 1 << K;
/** Rows packed per field element. */
export const P = 3;
/** Bits of a packed row: present bit + (D + 1) values of 35 bits. */
export const ROW_BITS = 1 + 35 * (D + 1);
/** Rows per chunk (one Poseidon2 permutation absorbs three field elements). */
export const R = 3 * P;
/** Training chunks. */
export const NC = 21;
/** Validation chunks. */
export const NCV = 4;
/** K!. */
export const K_FACT = 40320n;

export const S = INPUT_SCALE;
export const S_THETA = MODEL_SCALE;
export const S_V = VALUE_SCALE;
/** Data values X satisfy −2^34 ≤ X < 2^34 in the circuit. */
export const DATA_OFFSET = 1n << 34n;
/** The SDK accepts |x|, |y| ≤ 10^6, i.e. |X| ≤ 10^10. */
export const MAX_ABS_DATA = 10n ** 10n;
/** λ·10^4 < 2^40. */
export const LAMBDA_BITS = 40n;
/** |W| < 2^48, |B| < 2^76 (`noir/zkml/src/ridge.nr`). */
export const W_BITS = 48n;
export const B_BITS = 76n;
/** Losses and Shapley values: |v| < 2^120. */
export const VALUE_BITS = 120n;

/**
 * The capacity of a circuit variant. The shipped circuit is {@link DEFAULT_SHAPE}; benchmarks
 * build others from the same source (`ts/codegen/variants.ts` rewrites `params.nr`).
 */
export interface CircuitShape {
  /** Provider slots K (2^K coalitions). */
  k: number;
  /** Maximum training rows. */
  nTrain: number;
  /** Maximum validation rows. */
  nVal: number;
  /** Training chunks: any split of nTrain rows among k providers fits. */
  nc: number;
  /** Validation chunks. */
  ncv: number;
}

/** The capacity of a variant with `k` slots, `nTrain` training and `nVal` validation rows. */
export function shapeFor(k: number, nTrain: number, nVal: number): CircuitShape {
  return { k, nTrain, nVal, nc: Math.floor((nTrain + k * (R - 1)) / R), ncv: Math.ceil(nVal / R) };
}

export const DEFAULT_SHAPE: CircuitShape = { k: K, nTrain: N_TRAIN, nVal: N_VAL, nc: NC, ncv: NCV };

/** Domain tags of the commitments (`noir/zkml/src/commit.nr`). */
export const TAG_PROVIDER = 0x7a6b6d6cn;
export const TAG_VALIDATION = 0x7a6b6d6c01n;
