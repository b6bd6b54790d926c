/**
 * The per-row game of a {@link RowValueInput}, prepared for fast evaluation: rows as Float64Arrays
 * shifted by the mean of all training rows (ridge with an unpenalised intercept is invariant
 * under shifting x and y, and the shift keeps the sufficient statistics well conditioned),
 * each other provider's statistics, and the value v of any set of training rows.
 */
import { checkRowValueInput } from './check-row-value-input.js';
import { fitRidge, type FittedModel } from './fit-ridge.js';
import { RowStats } from './row-stats.js';
import type { RowValueInput } from './types.js';

/** A prepared game. */
export interface RowGame {
  d: number;
  lambda: number;
  /** The provider's rows (shifted): features and labels. */
  xs: Float64Array[];
  ys: Float64Array;
  /** Each other provider's statistics (shifted). */
  others: RowStats[];
  /** v of the rows summarised by `stats`: L_val(θ_∅) − L_val(θ_stats), 0 for no rows. */
  value(stats: RowStats): number;
}

/** Checks the input (see {@link checkRowValueInput}) and prepares its game. */
export function rowGame(input: RowValueInput): RowGame {
  const d = checkRowValueInput(input);
  const others = input.others ?? [];
  const all = [input.rows, ...others].flat();
  const mx = new Float64Array(d);
  let my = 0;
  for (const r of all) {
    for (let j = 0; j < d; j++) mx[j]! += r.x[j]! / all.length;
    my += r.y / all.length;
  }
  const shift = (x: readonly number[]) => Float64Array.from(x, (v, j) => v - mx[j]!);
  const xs = input.rows.map((r) => shift(r.x));
  const ys = Float64Array.from(input.rows, (r) => r.y - my);
  const otherStats = others.map((rows) => {
    const s = new RowStats(d);
    for (const r of rows) s.add(shift(r.x), r.y - my);
    return s;
  });
  // L_val from the validation set's sufficient statistics: O(D²) per model instead of O(m·D).
  // 2m·L = Σy² − 2 wᵀΣxy − 2b Σy + wᵀ Σxxᵀ w + 2b wᵀΣx + m b².
  const m = input.validation.length;
  const val = new RowStats(d);
  let syy = 0;
  for (const r of input.validation) {
    const y = r.y - my;
    val.add(shift(r.x), y);
    syy += y * y;
  }
  const lossOf = (w: ArrayLike<number>, b: number) => {
    let acc = syy - 2 * b * val.sy + m * b * b;
    for (let j = 0; j < d; j++) {
      const wj = w[j]!;
      let q = 0;
      for (let k = 0; k < d; k++) q += val.sxx[j * d + k]! * w[k]!;
      acc += wj * (q - 2 * val.sxy[j]! + 2 * b * val.sx[j]!);
    }
    return acc / (2 * m);
  };
  const base = lossOf(new Float64Array(d), val.sy / m);
  const model: FittedModel = { w: new Float64Array(d), b: 0 };
  const scratch = new Float64Array(d * d);
  const value = (stats: RowStats): number => {
    if (stats.n === 0) return 0;
    fitRidge(stats, input.lambda, model, scratch);
    return base - lossOf(model.w, model.b);
  };
  return { d, lambda: input.lambda, xs, ys, others: otherStats, value };
}
