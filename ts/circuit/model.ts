/**
 * The protocol's numbers in exact integer fixed point, bit for bit as the zkml circuit computes
 * them (noir/README.md): per-coalition ridge models, validation value gains, Shapley values,
 * the published model and training loss. No proving here: `zkml value` uses it directly.
 */
import { InputError } from '../errors/index.js';
import { abs, roundDiv } from './arith.js';
import { shapeBounds } from '../protocol/shapes/index.js';
import { S, S_THETA, S_V, VALUE_BITS, type CircuitShape } from './params.js';

/** A fixed-point row: features X (scale 10^4) and label Y (scale 10^4). */
export interface FixedRow {
  x: bigint[];
  y: bigint;
}

/**
 * Sufficient statistics of a set of rows with D features: n, SX_j, SY, SXX (upper triangle, row
 * by row: (j, k) with j ≤ k at {@link tri}), SXY_j, SYY.
 */
export interface Stats {
  n: bigint;
  sx: bigint[];
  sy: bigint;
  sxx: bigint[];
  sxy: bigint[];
  syy: bigint;
}

/** Index of (j, k), j ≤ k, in the upper triangle of a D×D matrix stored row by row (`stats.nr`). */
export function tri(d: number, j: number, k: number): number {
  return j * d - (j * (j + 1)) / 2 + k;
}

/** The statistics of no rows, for D features. */
export function zeroStats(d: number): Stats {
  return { n: 0n, sx: new Array<bigint>(d).fill(0n), sy: 0n, sxx: new Array<bigint>((d * (d + 1)) / 2).fill(0n), sxy: new Array<bigint>(d).fill(0n), syy: 0n };
}

/** The statistics of no rows, one feature (default shape). */
export const ZERO_STATS: Stats = zeroStats(1);

export function addStats(a: Stats, b: Stats): Stats {
  return {
    n: a.n + b.n,
    sx: a.sx.map((v, j) => v + b.sx[j]!),
    sy: a.sy + b.sy,
    sxx: a.sxx.map((v, i) => v + b.sxx[i]!),
    sxy: a.sxy.map((v, j) => v + b.sxy[j]!),
    syy: a.syy + b.syy,
  };
}

export function statsOf(rows: readonly FixedRow[], d = rows[0]?.x.length ?? 1): Stats {
  const s = zeroStats(d);
  for (const { x, y } of rows) {
    s.n += 1n;
    s.sy += y;
    s.syy += y * y;
    for (let j = 0; j < d; j++) {
      s.sx[j]! += x[j]!;
      s.sxy[j]! += x[j]! * y;
      for (let k = j; k < d; k++) s.sxx[tri(d, j, k)]! += x[j]! * x[k]!;
    }
  }
  return s;
}

/** A coalition's model: W_j = w_j·10^8, B = b·10^8. */
export interface Model {
  w: bigint[];
  b: bigint;
}

/** Names coalition members for error messages, e.g. `{alice, bob}`. */
export type NameCoalition = (mask: number) => string;

/** Exact determinant of an integer matrix (Bareiss fraction-free elimination, with row pivoting). */
export function determinant(matrix: readonly (readonly bigint[])[]): bigint {
  const n = matrix.length;
  const m = matrix.map((r) => [...r]);
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n - 1; k++) {
    if (m[k]![k] === 0n) {
      const swap = m.findIndex((r, i) => i > k && r[k] !== 0n);
      if (swap < 0) return 0n;
      [m[k], m[swap]] = [m[swap]!, m[k]!];
      sign = -sign;
    }
    for (let i = k + 1; i < n; i++) {
      for (let j = k + 1; j < n; j++) m[i]![j] = (m[i]![j]! * m[k]![k]! - m[i]![k]! * m[k]![j]!) / prev;
    }
    prev = m[k]![k]!;
  }
  return sign * m[n - 1]![n - 1]!;
}

/** The centred normal equations A w = q of a coalition (A = n SXX − SX SXᵀ + n Λ S I, q = n SXY − SX SY). */
export function normalEquations(st: Stats, lambda: bigint): { a: bigint[][]; q: bigint[] } {
  const d = st.sx.length;
  const a = Array.from({ length: d }, () => new Array<bigint>(d).fill(0n));
  for (let j = 0; j < d; j++) {
    for (let k = j; k < d; k++) {
      const v = st.n * st.sxx[tri(d, j, k)]! - st.sx[j]! * st.sx[k]! + (j === k ? st.n * lambda * S : 0n);
      a[j]![k] = v;
      a[k]![j] = v;
    }
  }
  const q = st.sx.map((sx, j) => st.n * st.sxy[j]! - sx * st.sy);
  return { a, q };
}

/**
 * The ridge model of a non-empty coalition with statistics `st` and Λ = λ·10^4, exactly as the
 * circuit checks it (Cramer's rule): W_j = round(S_θ det(A_j) / det(A)),
 * B = round((S_θ SY − SX·W) / (n S)).
 * Throws an {@link InputError} for a singular system (only possible with Λ = 0, which the
 * circuit refuses) or a model outside the shape's bounds (impossible for in-range data with
 * Λ ≥ MIN_LAMBDA, `ts/protocol/shapes/bounds.ts`).
 */
export function ridgeModel(st: Stats, lambda: bigint, shape: CircuitShape, who = 'the providers'): Model {
  const d = st.sx.length;
  const { a, q } = normalEquations(st, lambda);
  const det = determinant(a);
  if (det === 0n) {
    throw new InputError(
      'SINGULAR',
      `The data of ${who} cannot determine the slope${d > 1 ? 's' : ''}: with λ = 0 ${d > 1 ? 'the features are collinear (or constant)' : 'every x is equal'}, so the normal matrix is singular. Use a ridge parameter λ ≥ 0.01.`,
    );
  }
  const w = q.map((_, j) => roundDiv(S_THETA * determinant(a.map((row, i) => row.map((v, k) => (k === j ? q[i]! : v)))), det));
  let sxw = 0n;
  w.forEach((wj, j) => (sxw += st.sx[j]! * wj));
  const b = roundDiv(S_THETA * st.sy - sxw, st.n * S);
  const bounds = shapeBounds(shape);
  if (w.some((wj) => abs(wj) >= 1n << BigInt(bounds.wBits)) || abs(b) >= 1n << BigInt(bounds.bBits)) {
    throw new InputError(
      'MODEL_OUT_OF_RANGE',
      `The model trained on ${who} is outside the circuit's range (|W| < 2^${bounds.wBits}, |B| < 2^${bounds.bBits}): with λ < 0.01 the data is too ill-conditioned. Set λ ≥ 0.01.`,
    );
  }
  return { w, b };
}

/** W^T M W for a symmetric matrix stored as an upper triangle. */
function quadratic(m: readonly bigint[], w: readonly bigint[]): bigint {
  const d = w.length;
  let acc = 0n;
  for (let j = 0; j < d; j++) {
    let row = m[tri(d, j, j)]! * w[j]!;
    for (let k = j + 1; k < d; k++) row += 2n * m[tri(d, j, k)]! * w[k]!;
    acc += row * w[j]!;
  }
  return acc;
}

/** Σ (Y S_θ − X·W − S B)² over the rows of `st` (scale S² S_θ²). */
export function squaredResiduals(st: Stats, m: Model): bigint {
  const sb = S * m.b;
  let lin = st.sy * sb;
  let sxw = 0n;
  m.w.forEach((wj, j) => {
    lin += st.sxy[j]! * wj;
    sxw += st.sx[j]! * wj;
  });
  const quad = quadratic(st.sxx, m.w) + 2n * sxw * sb + st.n * sb * sb;
  return S_THETA * S_THETA * st.syy - 2n * S_THETA * lin + quad;
}

/** U(θ) = S_θ² (m SYY − SY²) − m Σρ² on the validation rows: 2 m² 10^8 S_θ² times v(S). */
export function valueGain(val: Stats, m: Model): bigint {
  const d = val.sx.length;
  const v: bigint[] = [];
  for (let j = 0; j < d; j++) for (let k = j; k < d; k++) v[tri(d, j, k)] = val.n * val.sxx[tri(d, j, k)]! - val.sx[j]! * val.sx[k]!;
  let z = val.n * S * m.b - S_THETA * val.sy;
  let lin = 0n;
  m.w.forEach((wj, j) => {
    z += val.sx[j]! * wj;
    lin += 2n * S_THETA * (val.n * val.sxy[j]! - val.sx[j]! * val.sy) * wj;
  });
  return lin - quadratic(v, m.w) - z * z;
}

function popcount(s: number): number {
  let c = 0;
  for (let v = s; v; v &= v - 1) c++;
  return c;
}

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2; i <= n; i++) f *= BigInt(i);
  return f;
}

/** c_s = s!(K − s − 1)! for s < K, c_K = 0. */
function shapleyWeight(size: number, K: number): bigint {
  return size >= K ? 0n : factorial(size) * factorial(K - size - 1);
}

/** N_i = K! φ_i in U's units over K slots (gain has 2^K entries), exactly as the circuit sums them. */
export function shapleyNumerators(gain: readonly bigint[], K: number): bigint[] {
  const NS = 1 << K;
  let common = 0n;
  for (let s = 1; s < NS; s++) common += shapleyWeight(popcount(s), K) * gain[s]!;
  const out: bigint[] = [];
  for (let i = 0; i < K; i++) {
    let acc = 0n;
    for (let s = 1; s < NS; s++) {
      if ((s >> i) & 1) {
        const size = popcount(s);
        acc += (shapleyWeight(size - 1, K) + shapleyWeight(size, K)) * gain[s]!;
      }
    }
    out.push(acc - common);
  }
  return out;
}

/** Everything the circuit computes from the data, in fixed point. */
export interface Valuation {
  /** Model of every coalition (index = bitmask of provider slots; 0 and empty coalitions: W = B = 0). */
  models: Model[];
  /** U(S) of every coalition (0 for empty ones). */
  gains: bigint[];
  /** The published model (grand coalition). */
  model: Model;
  /** Training loss · 10^8. */
  trainLoss: bigint;
  /** Φ_i = φ_i · 10^8 for the K slots (0 for unused ones). */
  shapley: bigint[];
  /** v(S)·10^8 rounded, for reporting (efficiency: Σ φ ≈ v(all)). */
  grandValue: bigint;
  providerStats: Stats[];
  validationStats: Stats;
}

/**
 * Trains every coalition's model and computes the Shapley values, bit for bit as the circuit of
 * `shape` does (λ below MIN_LAMBDA is allowed here, for analysis; the circuit refuses it).
 * @param providers rows of each active provider (1..K providers, each non-empty)
 * @param validation validation rows (non-empty)
 * @param lambda Λ = λ·10^4
 * @param shape the circuit shape
 * @param names provider names for error messages
 */
export function valuate(
  providers: readonly (readonly FixedRow[])[],
  validation: readonly FixedRow[],
  lambda: bigint,
  shape: CircuitShape,
  names?: readonly string[],
): Valuation {
  const K = shape.k;
  const d = shape.d;
  const NS = 1 << K;
  const k = providers.length;
  const providerStats = providers.map((rows) => statsOf(rows, d));
  while (providerStats.length < K) providerStats.push(zeroStats(d));
  const val = statsOf(validation, d);
  const nameOf = (mask: number) => {
    const members: string[] = [];
    for (let i = 0; i < k; i++) if ((mask >> i) & 1) members.push(names?.[i] ?? `provider ${i + 1}`);
    return members.length === k ? 'all providers' : `the coalition {${members.join(', ')}}`;
  };
  const empty: Model = { w: new Array<bigint>(d).fill(0n), b: 0n };
  const coalition: Stats[] = [zeroStats(d)];
  const models: Model[] = [empty];
  const gains: bigint[] = [0n];
  for (let s = 1; s < NS; s++) {
    const low = s & -s;
    const t = 31 - Math.clz32(low);
    coalition[s] = addStats(coalition[s - low]!, providerStats[t]!);
    const activeMask = s & ((1 << k) - 1);
    if (activeMask === 0) {
      models[s] = empty;
      gains[s] = 0n;
    } else {
      models[s] = s === activeMask || s === NS - 1 ? ridgeModel(coalition[s]!, lambda, shape, nameOf(activeMask)) : models[activeMask]!;
      gains[s] = valueGain(val, models[s]!);
    }
  }
  const model = models[NS - 1]!;
  const all = coalition[NS - 1]!;
  const trainLoss = roundDiv(S_V * squaredResiduals(all, model), 2n * all.n * S * S * S_THETA * S_THETA);
  const den = factorial(K) * 2n * val.n * val.n * S * S * S_THETA * S_THETA;
  const shapley = shapleyNumerators(gains, K).map((num) => roundDiv(S_V * num, den));
  const limit = 1n << VALUE_BITS;
  if (trainLoss >= limit || shapley.some((v) => abs(v) >= limit)) {
    throw new InputError('VALUE_OUT_OF_RANGE', 'A loss or Shapley value exceeds the circuit range (2^120 / 10^8): set λ ≥ 0.01 or rescale the data.');
  }
  const grandValue = roundDiv(S_V * gains[NS - 1]!, 2n * val.n * val.n * S * S * S_THETA * S_THETA);
  return { models, gains, model, trainLoss, shapley, grandValue, providerStats, validationStats: val };
}
