/**
 * Accuracy of the circuit's exact fixed-point numbers against a float64 reference (issue 15,
 * "Numbers"): for every shape, on several seeded datasets at the shape's largest row count, the
 * published model (W, B) and the Shapley values Φ that the circuit proves — computed bit for bit by
 * `valuate` (`ts/circuit/model.ts`), no circuit needed — against an independent float64 ridge
 * regression and Shapley computation written here (centred two-pass sums, Gaussian elimination).
 *
 * The float64 model is the one the protocol defines (noir/README.md): for a coalition's rows,
 * w = (Σ(x−x̄)(x−x̄)ᵀ + λI)⁻¹ Σ(x−x̄)(y−ȳ), b = ȳ − x̄·w (the intercept is not penalised); the value
 * of a coalition on the m validation rows is v(S) = ½ (Var(y) − MSE(w_S, b_S)) with v(∅) = 0; φ is
 * the exact Shapley value of v over the K providers. Criteria: each of W = w·10^8 and B = b·10^8
 * within 2 units or 1e-6 relative; every φ within 1e-4 of max|φ|.
 */
import { valuate, type FixedRow } from '../ts/circuit/model.js';
import type { Shape } from '../ts/protocol/shapes/index.js';
import { mulberry32, normalSampler } from '../ts/data/synthetic.js';

/** Fixed-point scales: inputs 10^4, model 10^8, values 10^8 (`ts/circuit/params.ts`). */
const S = 1e4;
const S_THETA = 1e8;
const S_V = 1e8;

/** The tolerances of issue 15. */
export const MODEL_ABS_UNITS = 2;
export const MODEL_REL = 1e-6;
export const PHI_REL_OF_MAX = 1e-4;

/** A dataset of a shape: K providers' rows (fixed point), validation rows, Λ. */
export interface AccuracyDataset {
  kind: 'unit' | 'range';
  seed: number;
  providers: FixedRow[][];
  validation: FixedRow[];
  lambda: bigint;
}

/**
 * A seeded dataset at `rows` training rows split evenly among the shape's K providers (provider i
 * with noise growing with i, so that their values differ) and `validationRows` validation rows.
 * `unit`: x ~ U(0, 1) (the paper's scale); `range`: x ~ U(−A, A) with A = 90 % of the shape's data
 * range, y = ½ Σ x_j / D + noise, clipped to the range.
 */
export function accuracyDataset(shape: Shape, seed: number, kind: 'unit' | 'range', rows = shape.nTrain, validationRows = 32, lambda = 100n): AccuracyDataset {
  const uniform = mulberry32(seed);
  const normal = normalSampler(mulberry32(seed ^ 0x5bd1e995));
  const limit = Number(shape.maxAbsData);
  const a = kind === 'unit' ? 1 : (0.9 * limit) / S;
  const clip = (v: number) => Math.max(-limit, Math.min(limit, Math.round(v * S)));
  const row = (noise: number): FixedRow => {
    const x = Array.from({ length: shape.d }, () => (kind === 'unit' ? uniform() : (2 * uniform() - 1) * a));
    const y = kind === 'unit' ? 1 + x.reduce((s, v, j) => s + ((2 + j) * v) / shape.d, 0) + noise * normal() : x.reduce((s, v) => s + v, 0) / (2 * shape.d) + noise * a * normal();
    return { x: x.map(clip).map(BigInt), y: BigInt(clip(y)) };
  };
  const k = shape.k;
  const noiseOf = (i: number) => (kind === 'unit' ? 0.05 : 0.01) * (1 + i);
  const providers = Array.from({ length: k }, (_, i) => Array.from({ length: Math.floor(rows / k) + (i < rows % k ? 1 : 0) }, () => row(noiseOf(i))));
  const validation = Array.from({ length: validationRows }, () => row(noiseOf(0)));
  return { kind, seed, providers, validation, lambda };
}

/** Solves A x = c (small dense system) by Gaussian elimination with partial pivoting. */
export function solve(a: readonly (readonly number[])[], c: readonly number[]): number[] {
  const n = c.length;
  const m = a.map((r, i) => [...r, c[i]!]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[piv]![col]!)) piv = r;
    [m[col], m[piv]] = [m[piv]!, m[col]!];
    const p = m[col]![col]!;
    if (p === 0) throw new Error('singular system');
    for (let r = col + 1; r < n; r++) {
      const f = m[r]![col]! / p;
      for (let j = col; j <= n; j++) m[r]![j]! -= f * m[col]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let j = r + 1; j < n; j++) s -= m[r]![j]! * x[j]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** Float64 rows in real units. */
type RealRow = { x: number[]; y: number };
const real = (rows: readonly FixedRow[]): RealRow[] => rows.map((r) => ({ x: r.x.map((v) => Number(v) / S), y: Number(r.y) / S }));

/** The float64 ridge model of `rows` (intercept not penalised), λ in real units. */
export function ridgeFloat(rows: readonly RealRow[], lambda: number): { w: number[]; b: number } {
  const d = rows[0]!.x.length;
  const n = rows.length;
  const mx = new Array<number>(d).fill(0);
  let my = 0;
  for (const r of rows) {
    r.x.forEach((v, j) => (mx[j]! += v / n));
    my += r.y / n;
  }
  const a = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => (j === k ? lambda : 0)));
  const c = new Array<number>(d).fill(0);
  for (const r of rows) {
    const dx = r.x.map((v, j) => v - mx[j]!);
    const dy = r.y - my;
    for (let j = 0; j < d; j++) {
      c[j]! += dx[j]! * dy;
      for (let k = 0; k < d; k++) a[j]![k]! += dx[j]! * dx[k]!;
    }
  }
  const w = solve(a, c);
  return { w, b: my - w.reduce((s, wj, j) => s + wj * mx[j]!, 0) };
}

/** v = ½ (Var(y) − MSE) of a model on the validation rows. */
export function valueFloat(val: readonly RealRow[], m: { w: number[]; b: number }): number {
  const n = val.length;
  const my = val.reduce((s, r) => s + r.y, 0) / n;
  let sst = 0;
  let sse = 0;
  for (const r of val) {
    sst += (r.y - my) ** 2;
    sse += (r.y - m.b - r.x.reduce((s, v, j) => s + v * m.w[j]!, 0)) ** 2;
  }
  return (sst - sse) / (2 * n);
}

/** Exact Shapley values of `v` (2^K entries by bitmask, v[0] = 0) over K players. */
export function shapleyFloat(v: readonly number[], k: number): number[] {
  const fact = [1];
  for (let i = 1; i <= k; i++) fact.push(fact[i - 1]! * i);
  const phi = new Array<number>(k).fill(0);
  for (let s = 0; s < 1 << k; s++) {
    let size = 0;
    for (let t = s; t; t &= t - 1) size++;
    for (let i = 0; i < k; i++) {
      if ((s >> i) & 1) continue;
      phi[i]! += ((fact[size]! * fact[k - size - 1]!) / fact[k]!) * (v[s | (1 << i)]! - v[s]!);
    }
  }
  return phi;
}

/** The float64 reference of a dataset: the grand model and every provider's φ. */
export function floatReference(ds: AccuracyDataset): { w: number[]; b: number; phi: number[] } {
  const k = ds.providers.length;
  const providers = ds.providers.map(real);
  const val = real(ds.validation);
  const lambda = Number(ds.lambda) / S;
  const v = [0];
  let grand = { w: [] as number[], b: 0 };
  for (let s = 1; s < 1 << k; s++) {
    const m = ridgeFloat(providers.filter((_, i) => (s >> i) & 1).flat(), lambda);
    v[s] = valueFloat(val, m);
    if (s === (1 << k) - 1) grand = m;
  }
  return { ...grand, phi: shapleyFloat(v, k) };
}

/** The errors of one dataset: the circuit's exact fixed-point numbers against the float64 reference. */
export interface AccuracyCheck {
  kind: 'unit' | 'range';
  seed: number;
  rows: number;
  /** Largest |W − 10^8 w| and |B − 10^8 b| over the model's D + 1 numbers, in units of 10^-8. */
  modelAbsUnits: number;
  /** Largest of those differences relative to |10^8 w| (resp. b), for the numbers outside 2 units. */
  modelRel: number;
  /** Largest |Φ/10^8 − φ| / max|φ|. */
  phiRelOfMax: number;
  maxAbsPhi: number;
  /** Every model number within 2 units or 1e-6 relative, and every φ within 1e-4 of max|φ|. */
  ok: boolean;
}

/** The circuit's numbers of a dataset (`valuate`): W, B (·10^8) and Φ (·10^8). */
export interface FixedResult {
  w: readonly bigint[];
  b: bigint;
  shapley: readonly bigint[];
}

/** Compares fixed-point results with a float64 reference under the tolerances of issue 15. */
export function compareAccuracy(exact: FixedResult, ref: { w: readonly number[]; b: number; phi: readonly number[] }): Omit<AccuracyCheck, 'kind' | 'seed' | 'rows'> {
  let modelAbsUnits = 0;
  let modelRel = 0;
  let modelOk = true;
  const pairs: [bigint, number][] = [...exact.w.map((w, j): [bigint, number] => [w, ref.w[j]! * S_THETA]), [exact.b, ref.b * S_THETA]];
  for (const [fixed, want] of pairs) {
    const diff = Math.abs(Number(fixed) - want);
    modelAbsUnits = Math.max(modelAbsUnits, diff);
    if (diff > MODEL_ABS_UNITS) {
      const rel = diff / Math.abs(want);
      modelRel = Math.max(modelRel, rel);
      if (!(rel <= MODEL_REL)) modelOk = false;
    }
  }
  const maxAbsPhi = Math.max(...ref.phi.map(Math.abs));
  const phiRelOfMax = Math.max(...ref.phi.map((p, i) => Math.abs(Number(exact.shapley[i]!) / S_V - p))) / maxAbsPhi;
  return { modelAbsUnits, modelRel, phiRelOfMax, maxAbsPhi, ok: modelOk && phiRelOfMax <= PHI_REL_OF_MAX };
}

/** Compares `valuate` (the circuit's numbers) with {@link floatReference} on one dataset. */
export function checkAccuracy(shape: Shape, ds: AccuracyDataset): AccuracyCheck {
  const exact = valuate(ds.providers, ds.validation, ds.lambda, shape);
  return {
    kind: ds.kind,
    seed: ds.seed,
    rows: ds.providers.reduce((n, p) => n + p.length, 0),
    ...compareAccuracy({ w: exact.model.w, b: exact.model.b, shapley: exact.shapley }, floatReference(ds)),
  };
}

/** The worst errors of a shape over its datasets. */
export interface ShapeAccuracy {
  shape: string;
  rows: number;
  datasets: number;
  worstModelAbsUnits: number;
  worstModelRel: number;
  worstPhiRelOfMax: number;
  ok: boolean;
  checks: AccuracyCheck[];
}

/** `seeds` datasets of each kind at the shape's largest row count, and their worst errors. */
export function shapeAccuracy(shape: Shape, seeds: readonly number[] = [1, 2, 3]): ShapeAccuracy {
  const checks = seeds.flatMap((seed) => (['unit', 'range'] as const).map((kind) => checkAccuracy(shape, accuracyDataset(shape, seed, kind))));
  return {
    shape: shape.name,
    rows: shape.nTrain,
    datasets: checks.length,
    worstModelAbsUnits: Math.max(...checks.map((c) => c.modelAbsUnits)),
    worstModelRel: Math.max(...checks.map((c) => c.modelRel)),
    worstPhiRelOfMax: Math.max(...checks.map((c) => c.phiRelOfMax)),
    ok: checks.every((c) => c.ok),
    checks,
  };
}
