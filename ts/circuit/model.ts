/**
 * The protocol's numbers in exact integer fixed point, bit for bit as the zkml circuit computes
 * them (noir/README.md): per-coalition ridge models, validation value gains, Shapley values,
 * the published model and training loss. No proving here: `zkml value` uses it directly.
 */
import { InputError } from '../errors.js';
import { abs, roundDiv } from './arith.js';
import { B_BITS, DEFAULT_SHAPE, S, S_THETA, S_V, VALUE_BITS, W_BITS } from './params.js';

/** A fixed-point row: features X (scale 10^4) and label Y (scale 10^4). */
export interface FixedRow {
  x: bigint[];
  y: bigint;
}

/** Sufficient statistics of a set of rows (one feature). */
export interface Stats {
  n: bigint;
  sx: bigint;
  sy: bigint;
  sxx: bigint;
  sxy: bigint;
  syy: bigint;
}

export const ZERO_STATS: Stats = { n: 0n, sx: 0n, sy: 0n, sxx: 0n, sxy: 0n, syy: 0n };

export function addStats(a: Stats, b: Stats): Stats {
  return { n: a.n + b.n, sx: a.sx + b.sx, sy: a.sy + b.sy, sxx: a.sxx + b.sxx, sxy: a.sxy + b.sxy, syy: a.syy + b.syy };
}

export function statsOf(rows: readonly FixedRow[]): Stats {
  let s = ZERO_STATS;
  for (const { x, y } of rows) {
    const x0 = x[0]!;
    s = addStats(s, { n: 1n, sx: x0, sy: y, sxx: x0 * x0, sxy: x0 * y, syy: y * y });
  }
  return s;
}

/** A coalition's model: W = w·10^8, B = b·10^8. */
export interface Model {
  w: bigint;
  b: bigint;
}

/** Names coalition members for error messages, e.g. `{alice, bob}`. */
export type NameCoalition = (mask: number) => string;

/**
 * The ridge model of a non-empty coalition with statistics `st` and Λ = λ·10^4:
 * W = round(S_θ q / C), B = round((S_θ SY − SX W) / (n S)), C = n SXX − SX² + n Λ S, q = n SXY − SX SY.
 * Throws an {@link InputError} for a singular system or a model outside the circuit's bounds.
 */
export function ridgeModel(st: Stats, lambda: bigint, who = 'the providers'): Model {
  const c = st.n * st.sxx - st.sx * st.sx + st.n * lambda * S;
  if (c === 0n) {
    throw new InputError(
      'SINGULAR',
      `The data of ${who} cannot determine a slope: with λ = 0 every x is equal, so the normal matrix is singular. Set λ > 0 (e.g. --lambda 0.01).`,
    );
  }
  const q = st.n * st.sxy - st.sx * st.sy;
  const w = roundDiv(S_THETA * q, c);
  const b = roundDiv(S_THETA * st.sy - st.sx * w, st.n * S);
  if (abs(w) >= 1n << W_BITS || abs(b) >= 1n << B_BITS) {
    throw new InputError(
      'MODEL_OUT_OF_RANGE',
      `The model trained on ${who} is outside the circuit's range (|w| < 2.8e6, |b| < 7.5e14): the data is too ill-conditioned. Rescale x or set λ > 0.`,
    );
  }
  return { w, b };
}

/** Σ (Y S_θ − X W − S B)² over the rows of `st` (scale S² S_θ²). */
export function squaredResiduals(st: Stats, m: Model): bigint {
  const sb = S * m.b;
  const lin = st.sxy * m.w + st.sy * sb;
  const quad = st.sxx * m.w * m.w + 2n * st.sx * m.w * sb + st.n * sb * sb;
  return S_THETA * S_THETA * st.syy - 2n * S_THETA * lin + quad;
}

/** U(θ) = S_θ² (m SYY − SY²) − m Σρ² on the validation rows: 2 m² 10^8 S_θ² times v(S). */
export function valueGain(val: Stats, m: Model): bigint {
  const v = val.n * val.sxx - val.sx * val.sx;
  const qv = val.n * val.sxy - val.sx * val.sy;
  const z = val.n * S * m.b + val.sx * m.w - S_THETA * val.sy;
  return 2n * S_THETA * qv * m.w - v * m.w * m.w - z * z;
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
 * Trains every coalition's model and computes the Shapley values.
 * @param providers rows of each active provider (1..K providers, each non-empty)
 * @param validation validation rows (non-empty)
 * @param lambda Λ = λ·10^4
 * @param names provider names for error messages
 * @param K provider slots of the circuit variant (default: the shipped circuit's)
 */
export function valuate(
  providers: readonly (readonly FixedRow[])[],
  validation: readonly FixedRow[],
  lambda: bigint,
  names?: readonly string[],
  K = DEFAULT_SHAPE.k,
): Valuation {
  const NS = 1 << K;
  const k = providers.length;
  const providerStats = providers.map((rows) => statsOf(rows));
  while (providerStats.length < K) providerStats.push(ZERO_STATS);
  const val = statsOf(validation);
  const nameOf = (mask: number) => {
    const members: string[] = [];
    for (let i = 0; i < k; i++) if ((mask >> i) & 1) members.push(names?.[i] ?? `provider ${i + 1}`);
    return members.length === k ? 'all providers' : `the coalition {${members.join(', ')}}`;
  };
  const coalition: Stats[] = [ZERO_STATS];
  const models: Model[] = [{ w: 0n, b: 0n }];
  const gains: bigint[] = [0n];
  for (let s = 1; s < NS; s++) {
    const low = s & -s;
    const t = 31 - Math.clz32(low);
    coalition[s] = addStats(coalition[s - low]!, providerStats[t]!);
    const activeMask = s & ((1 << k) - 1);
    if (activeMask === 0) {
      models[s] = { w: 0n, b: 0n };
      gains[s] = 0n;
    } else {
      models[s] = s === activeMask || s === NS - 1 ? ridgeModel(coalition[s]!, lambda, nameOf(activeMask)) : models[activeMask]!;
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
    throw new InputError('VALUE_OUT_OF_RANGE', 'A loss or Shapley value exceeds the circuit range (2^120 / 10^8): rescale the data.');
  }
  const grandValue = roundDiv(S_V * gains[NS - 1]!, 2n * val.n * val.n * S * S * S_THETA * S_THETA);
  return { models, gains, model, trainLoss, shapley, grandValue, providerStats, validationStats: val };
}
