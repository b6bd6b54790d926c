/**
 * The bounds of the zkml circuit for one shape, derived (noir/README.md, "Bounds"): for every
 * admissible input — rows with |V| ≤ maxAbsData, any split of at most N_TRAIN rows, at most
 * NCV·R validation rows, MIN_LAMBDA ≤ Λ < 2^40 — the exact ridge solution's rounding lies inside
 * the model range checks, every rounding check is sound (no alternative value satisfies it
 * modulo p), and every published value is below 2^120. The bit widths written into `params.nr`
 * come from here, and `test/vitest/unit/shapes.test.ts` re-checks the inequalities.
 *
 * {@link boundsFor} derives them from the parameters alone — K, D, the round's row capacity N,
 * the validation capacity M, the data range and λ's upper bound — and {@link shapeBounds} is it
 * at a compiled shape's (N_TRAIN, NCV·R, Λ < 2^40). `./capacity.ts` inverts it: the largest N a
 * range allows.
 */
import { FIELD_MODULUS as P_FIELD, INPUT_SCALE as S, MODEL_SCALE as S_THETA, VALUE_SCALE as S_V } from '../field.js';
import type { ShapeSpec } from './spec.js';
/** Λ ≥ 100 (λ ≥ 0.01): λ_s = Λ·10^4 ≥ 10^6. */
export const MIN_LAMBDA = 100n;
export const LAMBDA_BITS = 40n;
/** Published values (model, loss, φ) are below 2^120 (the contract's VALUE_BOUND). */
export const VALUE_BITS = 120n;

/** Number of bits of a non-negative integer (bitlen(0) = 0). */
export const bitlen = (v: bigint): number => (v <= 0n ? 0 : v.toString(2).length);

/** ⌈√v⌉ for v ≥ 0. */
export function sqrtCeil(v: bigint): bigint {
  if (v < 2n) return v;
  let x = BigInt(Math.ceil(Math.sqrt(Number(v))));
  while (x * x > v) x--;
  while (x * x < v) x++;
  return x;
}

const factorial = (n: number): bigint => (n <= 1 ? 1n : BigInt(n) * factorial(n - 1));

/** The bit widths of one shape's `params.nr` and the extreme values they were derived from. */
export interface ShapeBounds {
  /** True when every inequality holds (the shape is sound and can never refuse in-range data). */
  ok: boolean;
  failures: string[];
  /** Bits of the two-sided data check: 2·maxAbsData < 2^DATA_BITS. */
  dataBits: number;
  /** Row counts (n − 1, N_TRAIN − n, m − 1) fit COUNT_BITS bits. */
  countBits: number;
  /** |W_j| < 2^W_BITS, |B| < 2^B_BITS. */
  wBits: number;
  bBits: number;
  /** 2·det(A) < 2^DET_BITS (rounding check of W_j). */
  detBits: number;
  /** Whether the normal-equation tolerance check is needed, and its width (|A W − S_θ q|_j < 2^TOL_BITS). */
  tolCheck: boolean;
  tolBits: number;
  /** 2·n·S < 2^INTERCEPT_BITS, 2·2nS²S_θ² < 2^LOSS_DIV_BITS, 2·K!·2m²S²S_θ² < 2^SHAPLEY_DIV_BITS. */
  interceptBits: number;
  lossDivBits: number;
  shapleyDivBits: number;
  /** Extremes (integers) used in the derivation, for the README and the tests. */
  extremes: {
    /** Largest diagonal entry of A = n·SXX − SX·SXᵀ + n·λ_s·I. */
    aMax: bigint;
    /** Largest det(A) (Hadamard: aMax^D). */
    detMax: bigint;
    /** Largest |W_j| of an exact model (ridge: ‖w‖ ≤ ‖y − ȳ‖ / (2√λ)). */
    wMax: bigint;
    /** Largest Σ_j |W_j|. */
    wSumMax: bigint;
    bMax: bigint;
    /** Largest |Y S_θ − X·W − S B| of any row at any coalition's model. */
    residualMax: bigint;
    /** Largest training loss ·10^8 and |Φ|. */
    lossMax: bigint;
    phiMax: bigint;
    /** Largest |2a| + |(2r−1)q| of each rounding check over every admissible r (must be < p). */
    detCheck: bigint;
    interceptCheck: bigint;
    lossCheck: bigint;
    shapleyCheck: bigint;
  };
}

/**
 * What the bounds depend on: providers K, features D, the round's total training rows N (in any
 * split among the providers), validation rows M, the data range and λ's upper bound.
 */
export interface BoundsParams {
  /** Provider slots K (K! enters the Shapley rounding check). */
  k: number;
  /** Features D. */
  d: number;
  /** The round's total training-row capacity N, in any split (one provider may hold all). */
  n: number;
  /** The validation capacity M (every validation set has 1 ≤ m ≤ M rows). */
  m: number;
  /** Data range, fixed point: |V| ≤ maxAbsData for every feature and label (10^(R+4) for |x|, |y| ≤ 10^R). */
  maxAbsData: bigint;
  /** λ's upper bound: Λ < 2^lambdaBits (default {@link LAMBDA_BITS}, what the contract accepts today). */
  lambdaBits?: bigint;
}

/**
 * Derives the bounds of a shape (see the module comment). Validation sets may hold up to NCV·R
 * rows in the circuit (it checks only m ≥ 1 and the chunk count), so M = NCV·R is used:
 * {@link boundsFor} at (K, D, N, NCV·R, maxAbsData, Λ < 2^40), with N the shape's `widthRows`
 * (≥ N_TRAIN; N_TRAIN when absent). Bounds at a larger N hold for every round of at most N_TRAIN
 * rows, so a shape whose widths come from its range's largest round (`widthRows`, `./make-shape.ts`)
 * is as sound, and has the same widths, and gates, as every shape that differs from it only in N.
 */
export function shapeBounds(shape: ShapeSpec & { r: number; ncv: number; widthRows?: number }): ShapeBounds {
  return boundsFor({ k: shape.k, d: shape.d, n: Math.max(shape.widthRows ?? shape.nTrain, shape.nTrain), m: shape.ncv * shape.r, maxAbsData: shape.maxAbsData });
}

/**
 * The bounds as a function of (K, D, N, M, data range, λ's upper bound): every bit width of the
 * settlement circuit and whether every inequality of the module comment holds.
 * @throws RangeError for K, D, N or M that are not positive integers, or lambdaBits < 1
 */
export function boundsFor(params: BoundsParams): ShapeBounds {
  const { k, d, n, m } = params;
  for (const [name, v] of [['K', k], ['D', d], ['N', n], ['M', m]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} = ${v}: a positive integer`);
  }
  const lambdaBits = params.lambdaBits ?? LAMBDA_BITS;
  if (lambdaBits < 1n) throw new RangeError(`lambdaBits = ${lambdaBits}: at least 1`);
  const D = BigInt(d);
  const N = BigInt(n);
  const M = BigInt(m);
  const V = params.maxAbsData;
  const lambdaMin = MIN_LAMBDA * S;
  const lambdaMax = ((1n << lambdaBits) - 1n) * S;
  const failures: string[] = [];
  const need = (cond: boolean, what: string) => {
    if (!cond) failures.push(what);
  };
  need(V > 0n && V < 1n << 34n, 'maxAbsData must be below 2^34 (the packing offset)');
  need(lambdaMax >= lambdaMin, `Λ < 2^${lambdaBits} leaves no λ ≥ the minimum ${MIN_LAMBDA}`);

  const dataBits = bitlen(2n * V);
  const countBits = bitlen(BigInt(Math.max(n, m)));

  // A_jj = n Σ(X_j − X̄_j)² + n λ_s ≤ n² V² + n λ_s; |A_jk| ≤ √(A_jj A_kk); det(A) ≤ Π A_jj (A is positive definite).
  const aMax = N * N * V * V + N * lambdaMax;
  const detMax = aMax ** D;
  const detBits = bitlen(2n * detMax);

  // Ridge: ‖w‖ ≤ ‖y − ȳ‖ / (2√λ_s) ≤ √n V / (2√λ_s), so |W_j| ≤ S_θ ‖w‖ + 1/2 and Σ|W_j| ≤ √D (S_θ‖w‖) + D/2.
  const wNorm = sqrtCeil(S_THETA * S_THETA * N * V * V) / (2n * sqrtCeil(lambdaMin) - 0n) + 1n;
  const wMax = wNorm + 1n;
  const wBits = bitlen(wMax);
  const wSumMax = sqrtCeil(D * wNorm * wNorm) + D;
  // B = round((S_θ SY − SX·W) / (n S)): |B| ≤ (S_θ V + V Σ|W_j|) / S + 1.
  const bMax = (S_THETA * V + V * wSumMax) / S + 2n;
  const bBits = bitlen(bMax);
  const interceptBits = bitlen(2n * N * S);

  // Rounding check of W_j: rem = 2 S_θ det(A_j) − (2W_j − 1) det(A). An alternative W_j' = W_j + δ
  // satisfies it modulo p only if 2 det (|δ| + 1) ≥ p. Without the tolerance check |δ| < 2^(W_BITS+1).
  const plain = 2n * detMax * ((1n << BigInt(wBits + 1)) + 1n);
  let tolCheck = false;
  let tolBits = 0;
  let detCheck = plain;
  if (plain >= P_FIELD) {
    // With |A W − S_θ q|_j < 2^TOL_BITS (honest: ≤ Σ_k |A_jk| / 2 ≤ D aMax / 2): A δ = r' − r*,
    // det(A) δ = adj(A)(r' − r*), |adj(A)_jk| ≤ aMax^(D−1), so |det(A) δ_j| ≤ D aMax^(D−1) (2^TOL_BITS + D aMax / 2).
    tolCheck = true;
    tolBits = bitlen(D * aMax);
    const detDelta = D * aMax ** (D - 1n) * ((1n << BigInt(tolBits)) + (D * aMax) / 2n + 1n);
    detCheck = 2n * detMax + 2n * detDelta;
    // The tolerance residual itself must not wrap: |A W'| + S_θ |q| < p/2 for any W' in range.
    need(D * aMax * (1n << BigInt(wBits)) + S_THETA * N * N * V * V < P_FIELD / 2n, 'tolerance residual wraps');
  }
  need(detCheck < P_FIELD, `W rounding check can wrap (2^${bitlen(detCheck)})`);
  need(detBits <= 252, `det(A) needs ${detBits} bits`);
  need(wBits < Number(VALUE_BITS) && bBits < Number(VALUE_BITS), 'model above 2^120');

  // Intercept check: a = S_θ SY − SX·W, q = n S; any B' with |B'| < 2^B_BITS.
  const interceptCheck = 2n * (S_THETA * N * V + N * V * wSumMax) + ((1n << BigInt(bBits + 1)) + 1n) * N * S;
  need(interceptCheck < P_FIELD, 'intercept rounding check can wrap');

  // Residual of any row (training or validation) at any coalition's model.
  const residualMax = S_THETA * V + V * wSumMax + S * bMax;
  // Training loss: round(S_V Σρ² / (2n S² S_θ²)) ≤ S_V ρ² / (2 S² S_θ²) + 1.
  const lossMax = (S_V * residualMax * residualMax) / (2n * S * S * S_THETA * S_THETA) + 1n;
  const lossDivBits = bitlen(2n * 2n * N * S * S * S_THETA * S_THETA);
  const lossCheck = 2n * S_V * N * residualMax * residualMax + ((1n << (VALUE_BITS + 1n)) + 1n) * 2n * N * S * S * S_THETA * S_THETA;
  need(lossMax < 1n << VALUE_BITS, `training loss can reach 2^${bitlen(lossMax)}`);
  need(lossCheck < P_FIELD, 'loss rounding check can wrap');

  // U(S) = S_θ²(m SYY − SY²) − m Σρ² ∈ [−m² ρ², m² S_θ² V²]; |N_i| ≤ K! max|U(S∪i) − U(S)|.
  const uSpan = M * M * (residualMax * residualMax + S_THETA * S_THETA * V * V);
  const kFact = factorial(k);
  const phiMax = (S_V * (residualMax * residualMax + S_THETA * S_THETA * V * V)) / (2n * S * S * S_THETA * S_THETA) + 1n;
  const den = kFact * 2n * M * M * S * S * S_THETA * S_THETA;
  const shapleyDivBits = bitlen(2n * den);
  const shapleyCheck = 2n * S_V * kFact * uSpan + ((1n << (VALUE_BITS + 1n)) + 1n) * den;
  need(phiMax < 1n << VALUE_BITS, `|Φ| can reach 2^${bitlen(phiMax)}`);
  need(shapleyCheck < P_FIELD, 'Shapley rounding check can wrap');
  for (const [name, bits] of [['LOSS_DIV_BITS', lossDivBits], ['SHAPLEY_DIV_BITS', shapleyDivBits], ['DATA_BITS', dataBits]] as const) {
    need(bits <= 252, `${name} = ${bits}`);
  }

  return {
    ok: failures.length === 0,
    failures,
    dataBits,
    countBits,
    wBits,
    bBits,
    detBits,
    tolCheck,
    tolBits,
    interceptBits,
    lossDivBits,
    shapleyDivBits,
    extremes: { aMax, detMax, wMax, wSumMax, bMax, residualMax, lossMax, phiMax, detCheck, interceptCheck, lossCheck, shapleyCheck },
  };
}
