/**
 * Ridge regression with an unpenalised intercept from sufficient statistics, in float64:
 * minimises Σ (y − x·w − b)² + λ |w|² (scikit-learn's `Ridge(alpha=λ)`, the circuit's model).
 * Solved on the centred system (Σ_c + λI) w = c by Cholesky, then b = ȳ − x̄·w.
 */
import { InputError } from '../errors/index.js';
import type { RowStats } from './row-stats.js';

/** A fitted model: weights w (length D) and intercept b. */
export interface FittedModel {
  w: Float64Array;
  b: number;
}

/**
 * Fits the ridge model of the rows summarised by `stats` (n ≥ 1) with penalty λ > 0.
 * Writes into `out` when given (no allocation in hot loops).
 * @throws InputError `ILL_CONDITIONED` if the centred normal matrix is not numerically positive
 *   definite (λ far below the scale of the features)
 */
export function fitRidge(stats: RowStats, lambda: number, out?: FittedModel, scratch?: Float64Array): FittedModel {
  const d = stats.d;
  const n = stats.n;
  if (n < 1) throw new RangeError('fitRidge: no rows');
  const model = out ?? { w: new Float64Array(d), b: 0 };
  const a = scratch && scratch.length >= d * d ? scratch : new Float64Array(d * d);
  const w = model.w;
  // Centred system: a = Σxxᵀ − Σx Σxᵀ / n + λI (lower triangle), w ← c = Σxy − Σx Σy / n.
  for (let j = 0; j < d; j++) {
    const sxj = stats.sx[j]!;
    for (let k = 0; k <= j; k++) a[j * d + k] = stats.sxx[j * d + k]! - (sxj * stats.sx[k]!) / n;
    a[j * d + j]! += lambda;
    w[j] = stats.sxy[j]! - (sxj * stats.sy) / n;
  }
  // In-place Cholesky a = L Lᵀ (lower triangle).
  for (let j = 0; j < d; j++) {
    let diag = a[j * d + j]!;
    for (let k = 0; k < j; k++) diag -= a[j * d + k]! * a[j * d + k]!;
    if (!(diag > lambda * 1e-12)) {
      throw new InputError(
        'ILL_CONDITIONED',
        `the ridge system of ${n} row(s) is not numerically positive definite with λ = ${lambda}; increase λ or rescale the features.`,
      );
    }
    const l = Math.sqrt(diag);
    a[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= a[i * d + k]! * a[j * d + k]!;
      a[i * d + j] = s / l;
    }
  }
  // Forward then back substitution.
  for (let j = 0; j < d; j++) {
    let s = w[j]!;
    for (let k = 0; k < j; k++) s -= a[j * d + k]! * w[k]!;
    w[j] = s / a[j * d + j]!;
  }
  for (let j = d - 1; j >= 0; j--) {
    let s = w[j]!;
    for (let k = j + 1; k < d; k++) s -= a[k * d + j]! * w[k]!;
    w[j] = s / a[j * d + j]!;
  }
  let b = stats.sy;
  for (let j = 0; j < d; j++) b -= stats.sx[j]! * w[j]!;
  model.b = b / n;
  return model;
}
