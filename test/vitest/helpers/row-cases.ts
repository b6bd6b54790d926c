import type { Row } from '../../../ts/valuation/types.js';
import { seededRandom } from '../../../ts/data/seeded-random.js';

/**
 * Seeded rows for per-row valuation tests: D features with pairwise correlation ≈ rho,
 * y = Σ_j coef_j x_j + 1 + noise·N(0,1).
 */
export function correlatedRows(seed: number, count: number, opts: { d?: number; rho?: number; noise?: number; coef?: number[] } = {}): Row[] {
  const { d = 2, rho = 0.9, noise = 0.3 } = opts;
  const coef = opts.coef ?? Array.from({ length: d }, (_, j) => (j % 2 === 0 ? 2 : -1));
  const r = seededRandom(seed, 7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
  return Array.from({ length: count }, () => {
    const common = gauss();
    const x = Array.from({ length: d }, () => Math.sqrt(rho) * common + Math.sqrt(1 - rho) * gauss());
    return { x, y: x.reduce((a, v, j) => a + coef[j]! * v, 1) + noise * gauss() };
  });
}

/** The rows with row `i`'s label replaced by −3y (a row that hurts). */
export function poison(rows: Row[], i: number): Row[] {
  return rows.map((r, j) => (j === i ? { x: r.x, y: -3 * r.y } : r));
}

/** The rows with every `every`-th row (from the second) an outlier: features ×4, label +5. */
export function outliers(rows: Row[], every: number): Row[] {
  return rows.map((r, j) => (j % every === 1 ? { x: r.x.map((v) => 4 * v), y: r.y + 5 } : r));
}
