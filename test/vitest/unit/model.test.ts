import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';
import { describe, expect, it } from 'vitest';
import { valuate } from '../../../ts/circuit/model.js';
import { MODEL_SCALE, VALUE_SCALE, K } from '../../../ts/protocol/layout.js';
import { line, points } from '../helpers/datasets.js';
import * as ref from '../helpers/reference.js';
import type { FixedRow } from '../../../ts/circuit/model.js';

// The fixed-point numbers the circuit proves, against an independent float64 reference.
// (Circuit execution of the same numbers is tested in zkml-circuit.test.ts.)
const M = Number(MODEL_SCALE);
const V = Number(VALUE_SCALE);

interface Case {
  name: string;
  providers: FixedRow[][];
  validation: FixedRow[];
  lambda: bigint; // λ·10^4
}

function split(rows: FixedRow[], sizes: number[]): FixedRow[][] {
  const out: FixedRow[][] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(rows.slice(at, at + n));
    at += n;
  }
  return out;
}

const paper = line(1, 100); // the paper's y = 2x + 1 + 0.1 N(0,1), 100 rows
const cases: Case[] = [
  { name: "paper: 100 rows, 8 providers, λ = 0", providers: split(paper, [13, 13, 12, 12, 12, 12, 13, 13]), validation: line(2, 32), lambda: 0n },
  { name: 'paper: 100 rows, 4 providers, λ = 0.5', providers: split(paper, [40, 30, 20, 10]), validation: line(3, 32), lambda: 5000n },
  { name: 'negative slope, wide x range, 5 providers, λ = 2', providers: split(line(4, 128, { a: -3.5, c: 20, noise: 2, lo: -50, hi: 50 }), [1, 7, 40, 50, 30]), validation: line(5, 20, { a: -3.5, c: 20, noise: 2, lo: -50, hi: 50 }), lambda: 20000n },
  { name: 'large magnitudes, 2 providers, λ = 0', providers: split(line(6, 60, { a: 0.3, c: -5000, noise: 300, lo: -1e5, hi: 1e5 }), [25, 35]), validation: line(7, 32, { a: 0.3, c: -5000, noise: 300, lo: -1e5, hi: 1e5 }), lambda: 0n },
  { name: 'single provider, λ = 0.01', providers: [line(8, 9)], validation: line(9, 5), lambda: 100n },
];

describe('fixed-point model and Shapley values match a float64 reference', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = valuate(c.providers, c.validation, c.lambda, DEFAULT_SHAPE);
      const lambda = Number(c.lambda) / 1e4;
      const all = c.providers.flatMap(points);
      const want = ref.ridge(all, lambda);
      // (w, b): within 1e-6 relative or 2 fixed-point units.
      const close = (fixed: bigint, real: number) => Math.abs(Number(fixed) / M - real) <= Math.max(1e-6 * Math.abs(real), 2 / M);
      expect(close(got.model.w[0]!, want.w), `w ${got.model.w[0]} vs ${want.w}`).toBe(true);
      expect(close(got.model.b, want.b), `b ${got.model.b} vs ${want.b}`).toBe(true);
      expect(Math.abs(Number(got.trainLoss) / V - ref.loss(all, want))).toBeLessThan(1e-6 * Math.max(1, ref.loss(all, want)));
      // φ within 1e-4 of max |φ|.
      const { phi, grand } = ref.shapley(c.providers.map(points), points(c.validation), lambda);
      const maxAbs = Math.max(...phi.map(Math.abs));
      phi.forEach((p, i) => expect(Math.abs(Number(got.shapley[i]) / V - p)).toBeLessThanOrEqual(1e-4 * maxAbs));
      // Unused slots get exactly 0; efficiency: Σφ = v(all) up to K units.
      got.shapley.slice(c.providers.length).forEach((p) => expect(p).toBe(0n));
      const sum = got.shapley.reduce((a, b) => a + b, 0n);
      expect(Number(sum - got.grandValue) ** 2).toBeLessThanOrEqual(K * K);
      expect(Math.abs(Number(got.grandValue) / V - grand)).toBeLessThanOrEqual(1e-4 * Math.max(maxAbs, 1e-9));
    });
  }
});

describe('Shapley axioms', () => {
  const base = line(10, 60);
  const val = line(11, 32);

  it('symmetry: two providers with identical data get equal values', () => {
    const twin = base.slice(0, 15);
    const got = valuate([twin, base.slice(15, 35), twin, base.slice(35, 60)], val, 0n, DEFAULT_SHAPE);
    expect(got.shapley[0]).toBe(got.shapley[2]);
  });

  it('order does not matter: permuting the providers permutes φ and nothing else', () => {
    const groups = [base.slice(0, 10), base.slice(10, 25), base.slice(25, 45), base.slice(45, 60)];
    const a = valuate(groups, val, 100n, DEFAULT_SHAPE);
    const perm = [2, 0, 3, 1];
    const b = valuate(perm.map((i) => groups[i]!), val, 100n, DEFAULT_SHAPE);
    perm.forEach((from, to) => expect(b.shapley[to]).toBe(a.shapley[from]));
    expect(b.model).toEqual(a.model);
    expect(b.trainLoss).toBe(a.trainLoss);
  });

  it('a provider with reversed labels, or with heavy noise, gets φ < 0', () => {
    const reversed = base.slice(0, 15).map((r) => ({ x: r.x, y: -r.y }));
    const got = valuate([base.slice(15, 35), reversed, base.slice(35, 60)], val, 0n, DEFAULT_SHAPE);
    expect(got.shapley[1]! < 0n).toBe(true);
    expect(got.shapley[0]! > 0n && got.shapley[2]! > 0n).toBe(true);
    const noisy = line(12, 15, { noise: 20 });
    const g2 = valuate([base.slice(15, 35), noisy, base.slice(35, 60)], val, 0n, DEFAULT_SHAPE);
    expect(g2.shapley[1]! < 0n).toBe(true);
  });
});

describe('refusals before proving', () => {
  it('a singular coalition (λ = 0, all x equal) asks for λ ≥ 0.01', () => {
    const flat = [{ x: [5000n], y: 10000n }, { x: [5000n], y: 12000n }];
    expect(() => valuate([flat, line(13, 5)], line(14, 5), 0n, DEFAULT_SHAPE)).toThrow(/λ ≥ 0.01/);
    expect(() => valuate([flat, line(13, 5)], line(14, 5), 1n, DEFAULT_SHAPE)).not.toThrow();
  });
});
