/**
 * Exact per-row Shapley values in float64 by enumerating all 2^n subsets of the provider's rows
 * (and, with other providers, all 2^(K−1) coalitions of them): the independent reference for the
 * tests of the Monte Carlo estimator and of the production exact path (./enumerate-row-values.ts,
 * which `zkml value --rows` uses) on small cases (n ≤ 12 rows, K ≤ 8 providers). Kept separate on
 * purpose: it shares only the input check with them. See ./types.ts for the game.
 *
 * Deliberately a different computation from the estimator's: the ridge model comes from the
 * uncentred (D+1)×(D+1) normal equations with an intercept column, penalty λ on the weights only,
 * solved by Gaussian elimination with partial pivoting; the values come from the subset formula
 * φ_i = Σ_{S ∌ i} |S|!(n−|S|−1)!/n! (w(S ∪ {i}) − w(S)), not from permutations.
 */
import { InputError } from '../errors/index.js';
import { checkRowValueInput } from './check-row-value-input.js';
import type { ExactRowValues, Row, RowValueInput } from './types.js';

/** Most rows the exact enumeration takes. */
export const MAX_EXACT_ROWS = 12;
/** Most other providers it takes (K ≤ 8 with the provider). */
export const MAX_EXACT_OTHERS = 7;

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** Solves a·θ = h (a is p×p row-major, both overwritten) by Gaussian elimination with partial pivoting. */
function solve(a: Float64Array, h: Float64Array, p: number): Float64Array {
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r * p + c]!) > Math.abs(a[piv * p + c]!)) piv = r;
    if (a[piv * p + c] === 0) throw new InputError('ILL_CONDITIONED', 'a ridge system of the exact enumeration is singular; increase λ.');
    if (piv !== c) {
      for (let k = 0; k < p; k++) [a[c * p + k], a[piv * p + k]] = [a[piv * p + k]!, a[c * p + k]!];
      [h[c], h[piv]] = [h[piv]!, h[c]!];
    }
    for (let r = c + 1; r < p; r++) {
      const f = a[r * p + c]! / a[c * p + c]!;
      if (f === 0) continue;
      for (let k = c; k < p; k++) a[r * p + k]! -= f * a[c * p + k]!;
      h[r]! -= f * h[c]!;
    }
  }
  const theta = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    let s = h[r]!;
    for (let k = r + 1; k < p; k++) s -= a[r * p + k]! * theta[k]!;
    theta[r] = s / a[r * p + r]!;
  }
  return theta;
}

/**
 * Exact per-row values of the provider's rows.
 * @throws InputError as {@link checkRowValueInput}, and `EXACT_TOO_LARGE` for more than 12 rows
 *   or more than 7 other providers
 */
export function exactRowValues(input: RowValueInput): ExactRowValues {
  const d = checkRowValueInput(input);
  const n = input.rows.length;
  const others = input.others ?? [];
  if (n > MAX_EXACT_ROWS) {
    throw new InputError('EXACT_TOO_LARGE', `${n} rows: the exact enumeration of 2^n subsets takes at most ${MAX_EXACT_ROWS} rows; use the Monte Carlo estimate.`);
  }
  if (others.length > MAX_EXACT_OTHERS) {
    throw new InputError('EXACT_TOO_LARGE', `${others.length} other providers: the exact enumeration takes at most ${MAX_EXACT_OTHERS}.`);
  }
  const p = d + 1;
  // Shift by the mean of all training rows (the fit is shift-invariant; this keeps Gram entries small).
  const pool = [input.rows, ...others].flat();
  const cx = Array.from({ length: d }, (_, j) => pool.reduce((a, r) => a + r.x[j]!, 0) / pool.length);
  const cy = pool.reduce((a, r) => a + r.y, 0) / pool.length;
  const z = (r: Row) => [...r.x.map((v, j) => v - cx[j]!), 1];
  // Augmented Gram G = Σ z zᵀ and moment h = Σ z y of a set of rows.
  const gram = (rows: readonly Row[]) => {
    const g = new Float64Array(p * p);
    const h = new Float64Array(p);
    for (const r of rows) {
      const zz = z(r);
      const y = r.y - cy;
      for (let a = 0; a < p; a++) {
        h[a]! += zz[a]! * y;
        for (let b = 0; b < p; b++) g[a * p + b]! += zz[a]! * zz[b]!;
      }
    }
    return { g, h, count: rows.length };
  };
  const validation = input.validation.map((r) => ({ z: z(r), y: r.y - cy }));
  const m = validation.length;
  const loss = (theta: ArrayLike<number>) =>
    validation.reduce((acc, r) => {
      let e = r.y;
      for (let a = 0; a < p; a++) e -= r.z[a]! * theta[a]!;
      return acc + e * e;
    }, 0) / (2 * m);
  const meanY = validation.reduce((a, r) => a + r.y, 0) / m;
  const base = loss([...new Array<number>(d).fill(0), meanY]);
  const value = (g: Float64Array, h: Float64Array, count: number) => {
    if (count === 0) return 0;
    const a = Float64Array.from(g);
    for (let j = 0; j < d; j++) a[j * p + j]! += input.lambda;
    return base - loss(solve(a, Float64Array.from(h), p));
  };

  // Statistics of every subset S of the provider's rows, built from S without its lowest row.
  const subsets = 1 << n;
  const rowGram = input.rows.map((r) => gram([r]));
  const subG: Float64Array[] = [new Float64Array(p * p)];
  const subH: Float64Array[] = [new Float64Array(p)];
  const size = new Int32Array(subsets);
  for (let s = 1; s < subsets; s++) {
    const low = s & -s;
    const i = 31 - Math.clz32(low);
    const g = Float64Array.from(subG[s - low]!);
    const h = Float64Array.from(subH[s - low]!);
    for (let a = 0; a < p * p; a++) g[a]! += rowGram[i]!.g[a]!;
    for (let a = 0; a < p; a++) h[a]! += rowGram[i]!.h[a]!;
    subG[s] = g;
    subH[s] = h;
    size[s] = size[s - low]! + 1;
  }

  // w(S) = Σ_T π(T) (v(T ∪ S) − v(T)), π(T) = |T|!(K−1−|T|)!/K!; alone (K = 1) w = v.
  const k = others.length + 1;
  const otherGram = others.map((rows) => gram(rows));
  const w = new Float64Array(subsets);
  for (let t = 0; t < 1 << others.length; t++) {
    const gt = new Float64Array(p * p);
    const ht = new Float64Array(p);
    let countT = 0;
    let sizeT = 0;
    otherGram.forEach((o, q) => {
      if (!((t >> q) & 1)) return;
      sizeT++;
      countT += o.count;
      for (let a = 0; a < p * p; a++) gt[a]! += o.g[a]!;
      for (let a = 0; a < p; a++) ht[a]! += o.h[a]!;
    });
    const weight = (factorial(sizeT) * factorial(k - 1 - sizeT)) / factorial(k);
    const vt = value(gt, ht, countT);
    const g = new Float64Array(p * p);
    const h = new Float64Array(p);
    for (let s = 1; s < subsets; s++) {
      for (let a = 0; a < p * p; a++) g[a] = gt[a]! + subG[s]![a]!;
      for (let a = 0; a < p; a++) h[a] = ht[a]! + subH[s]![a]!;
      w[s]! += weight * (value(g, h, countT + size[s]!) - vt);
    }
  }

  const values = input.rows.map((_, i) => {
    let acc = 0;
    for (let s = 0; s < subsets; s++) {
      if ((s >> i) & 1) continue;
      acc += ((factorial(size[s]!) * factorial(n - size[s]! - 1)) / factorial(n)) * (w[s | (1 << i)]! - w[s]!);
    }
    return acc;
  });
  return { values, total: w[subsets - 1]! };
}
