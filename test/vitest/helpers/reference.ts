/**
 * Float64 reference for the circuit's numbers: ridge regression with an unpenalised intercept
 * (closed form, one feature) and Shapley values by enumerating all coalitions. Independent of the
 * fixed-point code: it works on plain numbers and the definitions in noir/README.md.
 */
export interface Point {
  x: number;
  y: number;
}

export function ridge(rows: readonly Point[], lambda: number): { w: number; b: number } {
  const n = rows.length;
  const mx = rows.reduce((a, r) => a + r.x, 0) / n;
  const my = rows.reduce((a, r) => a + r.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const r of rows) {
    sxx += (r.x - mx) * (r.x - mx);
    sxy += (r.x - mx) * (r.y - my);
  }
  const w = sxy / (sxx + lambda);
  return { w, b: my - w * mx };
}

/** L(θ) = 1/(2m) Σ (y − w x − b)². */
export function loss(rows: readonly Point[], m: { w: number; b: number }): number {
  return rows.reduce((a, r) => a + (r.y - m.w * r.x - m.b) ** 2, 0) / (2 * rows.length);
}

/** Exact Shapley values of v(S) = L_val(θ_∅) − L_val(θ_S) over the given providers. */
export function shapley(providers: readonly (readonly Point[])[], validation: readonly Point[], lambda: number): { phi: number[]; grand: number } {
  const k = providers.length;
  const meanY = validation.reduce((a, r) => a + r.y, 0) / validation.length;
  const base = loss(validation, { w: 0, b: meanY });
  const v: number[] = [0];
  for (let s = 1; s < 1 << k; s++) {
    const rows = providers.filter((_, i) => (s >> i) & 1).flat();
    v[s] = base - loss(validation, ridge(rows, lambda));
  }
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
