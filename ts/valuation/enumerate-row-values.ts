/**
 * Exact per-row values for production (`zkml value --rows` on small providers): every subset S of
 * the provider's rows, for every coalition T of the other providers, in float64. See ./types.ts
 * for the game.
 *
 * Fast path. The subsets are walked in Gray-code order, so consecutive subsets differ by one row
 * and the sufficient statistics of T ∪ S change by one `RowStats.add`/`remove` (O(D²)) instead of
 * being summed afresh; each v(T ∪ S) is one ridge solve of the game shared with the Monte Carlo
 * estimator (./row-game.ts: shifted statistics, Cholesky, validation loss from the validation
 * set's statistics, O(D³ + D²)). w(S) = Σ_T π(T)(v(T ∪ S) − v(T)) is accumulated per subset, then
 * the subset formula φ_i = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! (w(S ∪ {i}) − w(S)) gives the values: in
 * all 2^n·2^(K−1) ridge solves and n·2^(n−1) differences.
 *
 * The independent reference for the tests is ./exact-row-values.ts (uncentred normal equations,
 * Gaussian elimination, no shared code beyond the input check); this module is tested against it.
 */
import { InputError } from '../errors/index.js';
import { factorial } from './combinatorics.js';
import { rowGame } from './row-game.js';
import { RowStats } from './row-stats.js';
import type { ExactRowValues, RowValueInput } from './types.js';

/** Most rows this enumeration takes (2^20 subsets: a few seconds alone, far more with others). */
export const MAX_ENUMERATED_ROWS = 20;
/** Most other providers it takes (K ≤ 8 with the provider, the largest shipped shape). */
export const MAX_ENUMERATED_OTHERS = 7;


/**
 * Exact per-row values by Gray-code enumeration (see the module comment).
 * @throws InputError as {@link rowGame}, and `EXACT_TOO_LARGE` for more than 20 rows or more than
 *   7 other providers
 */
export function enumerateRowValues(input: RowValueInput): ExactRowValues {
  const game = rowGame(input);
  const n = game.xs.length;
  const k1 = game.others.length;
  if (n > MAX_ENUMERATED_ROWS) {
    throw new InputError('EXACT_TOO_LARGE', `${n} rows: the exact enumeration of 2^n subsets takes at most ${MAX_ENUMERATED_ROWS} rows; use the Monte Carlo estimate.`);
  }
  if (k1 > MAX_ENUMERATED_OTHERS) {
    throw new InputError('EXACT_TOO_LARGE', `${k1} other providers: the exact enumeration takes at most ${MAX_ENUMERATED_OTHERS}.`);
  }
  const subsets = 1 << n;
  const kAll = k1 + 1;
  const w = new Float64Array(subsets);
  const stats = new RowStats(game.d);
  const base = new RowStats(game.d);
  for (let t = 0; t < 1 << k1; t++) {
    base.n = 0;
    base.sy = 0;
    base.sx.fill(0);
    base.sxx.fill(0);
    base.sxy.fill(0);
    let sizeT = 0;
    for (let q = 0; q < k1; q++) {
      if ((t >> q) & 1) {
        base.addAll(game.others[q]!);
        sizeT++;
      }
    }
    const weight = (factorial(sizeT) * factorial(kAll - 1 - sizeT)) / factorial(kAll);
    const vt = game.value(base);
    // Fresh statistics per T: the Gray walk's rounding never carries from one T to the next.
    stats.copyFrom(base);
    let s = 0;
    for (let step = 1; step < subsets; step++) {
      const i = 31 - Math.clz32(step & -step); // the bit that flips from gray(step − 1) to gray(step)
      const bit = 1 << i;
      if (s & bit) stats.remove(game.xs[i]!, game.ys[i]!);
      else stats.add(game.xs[i]!, game.ys[i]!);
      s ^= bit;
      w[s]! += weight * (game.value(stats) - vt);
    }
  }
  // c[k] = k!(n−k−1)!/n!, the weight of a subset of k rows in a row's marginal.
  const c = Float64Array.from({ length: n }, (_, k) => (factorial(k) * factorial(n - k - 1)) / factorial(n));
  const size = new Uint8Array(subsets);
  for (let s = 1; s < subsets; s++) size[s] = size[s & (s - 1)]! + 1;
  const values = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    let acc = 0;
    for (let s = 0; s < subsets; s++) if (!(s & bit)) acc += c[size[s]!]! * (w[s | bit]! - w[s]!);
    values[i] = acc;
  }
  return { values, total: w[subsets - 1]! };
}
