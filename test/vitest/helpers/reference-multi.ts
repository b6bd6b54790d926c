/**
 * Float64 reference for D-feature ridge regression with an unpenalised intercept (centred normal
 * equations solved by Gaussian elimination with partial pivoting) and exact Shapley values by
 * enumerating every coalition. Independent of the fixed-point code.
 */
import type { FixedRow } from '../../../ts/circuit/model.js';
import { mulberry32, normalSampler } from '../../../ts/data/synthetic.js';

export interface PointD {
  x: number[];
  y: number;
}

export const pointsD = (rows: readonly FixedRow[]): PointD[] => rows.map((r) => ({ x: r.x.map((v) => Number(v) / 1e4), y: Number(r.y) / 1e4 }));

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i]![k]!) > Math.abs(m[p]![k]!)) p = i;
    [m[k], m[p]] = [m[p]!, m[k]!];
    for (let i = k + 1; i < n; i++) {
      const f = m[i]![k]! / m[k]![k]!;
      for (let j = k; j <= n; j++) m[i]![j]! -= f * m[k]![j]!;
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let acc = m[i]![n]!;
    for (let j = i + 1; j < n; j++) acc -= m[i]![j]! * z[j]!;
    z[i] = acc / m[i]![i]!;
  }
  return z;
}

export function ridgeD(rows: readonly PointD[], lambda: number): { w: number[]; b: number } {
  const n = rows.length;
  const d = rows[0]!.x.length;
  const mx = Array.from({ length: d }, (_, j) => rows.reduce((a, r) => a + r.x[j]!, 0) / n);
  const my = rows.reduce((a, r) => a + r.y, 0) / n;
  const a = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, k) => rows.reduce((s, r) => s + (r.x[j]! - mx[j]!) * (r.x[k]! - mx[k]!), 0) + (j === k ? lambda : 0)));
  const q = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + (r.x[j]! - mx[j]!) * (r.y - my), 0));
  const w = solve(a, q);
  return { w, b: my - w.reduce((s, wj, j) => s + wj * mx[j]!, 0) };
}

export function lossD(rows: readonly PointD[], m: { w: number[]; b: number }): number {
  return rows.reduce((a, r) => a + (r.y - m.b - m.w.reduce((s, wj, j) => s + wj * r.x[j]!, 0)) ** 2, 0) / (2 * rows.length);
}

export function shapleyD(providers: readonly (readonly PointD[])[], validation: readonly PointD[], lambda: number): { phi: number[]; grand: number } {
  const k = providers.length;
  const d = validation[0]!.x.length;
  const meanY = validation.reduce((a, r) => a + r.y, 0) / validation.length;
  const base = lossD(validation, { w: new Array<number>(d).fill(0), b: meanY });
  const v: number[] = [0];
  for (let s = 1; s < 1 << k; s++) v[s] = base - lossD(validation, ridgeD(providers.filter((_, i) => (s >> i) & 1).flat(), lambda));
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = providers.map((_, i) => {
    let acc = 0;
    for (let s = 0; s < 1 << k; s++) {
      if ((s >> i) & 1) continue;
      let size = 0;
      for (let t = s; t; t &= t - 1) size++;
      acc += ((fact(size) * fact(k - size - 1)) / fact(k)) * (v[s | (1 << i)]! - v[s]!);
    }
    return acc;
  });
  return { phi, grand: v[(1 << k) - 1]! };
}

/**
 * Seeded rows y = a·x + c + noise·N(0,1) with D features x_j ~ U(lo, hi); with `correlation` ρ the
 * features after the first are ρ·x_0 + (1 − ρ)·U(lo, hi) (strongly collinear for ρ near 1).
 */
export function linesD(seed: number, count: number, d: number, opts: { a?: number[]; c?: number; noise?: number; lo?: number; hi?: number; correlation?: number } = {}): FixedRow[] {
  const { c = 1, noise = 0.1, lo = 0, hi = 1, correlation = 0 } = opts;
  const a = opts.a ?? Array.from({ length: d }, (_, j) => 2 - 1.3 * j);
  const u = mulberry32(seed);
  const normal = normalSampler(mulberry32(seed ^ 0x9e3779b9));
  return Array.from({ length: count }, () => {
    const x0 = lo + (hi - lo) * u();
    const x = Array.from({ length: d }, (_, j) => (j === 0 ? x0 : correlation * x0 + (1 - correlation) * (lo + (hi - lo) * u())));
    const y = c + x.reduce((s, xj, j) => s + a[j]! * xj, 0) + noise * normal();
    return { x: x.map((v) => BigInt(Math.round(v * 1e4))), y: BigInt(Math.round(y * 1e4)) };
  });
}
