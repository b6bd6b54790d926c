import { describe, expect, it } from 'vitest';
import { valuate, type FixedRow } from '../../../ts/circuit/model.js';
import { SHAPES, type Shape } from '../../../ts/protocol/shapes/index.js';
import { MODEL_SCALE, VALUE_SCALE } from '../../../ts/protocol/layout.js';
import { linesD, lossD, pointsD, ridgeD, shapleyD } from '../helpers/reference-multi.js';

// Accuracy of every shipped shape's fixed-point numbers (the TS mirror of the circuit, bit-exact
// with it: test/vitest/circuit/zkml-shapes.test.ts) against an independent float64 reference, on
// several seeded datasets per shape: independent and strongly correlated features, λ = 0 (where
// the system is non-singular; the circuit itself requires λ ≥ 0.01), λ = 0.01 and larger λ.
const M = Number(MODEL_SCALE);
const V = Number(VALUE_SCALE);

function split(rows: FixedRow[], k: number): FixedRow[][] {
  const out: FixedRow[][] = Array.from({ length: k }, () => []);
  rows.forEach((r, i) => out[(i * 7 + Math.floor(i / 3)) % k]!.push(r));
  return out.filter((p) => p.length > 0);
}

interface Case {
  name: string;
  providers: FixedRow[][];
  validation: FixedRow[];
  lambda: bigint;
}

function casesFor(shape: Shape): Case[] {
  const { d, k, nTrain } = shape;
  const hiRange = Number(shape.maxAbsData) / 1e4 / 2; // half the shape's range
  const seed = shape.k * 100 + shape.d * 10;
  const n = Math.min(nTrain, 100);
  return [
    { name: 'independent features, λ = 0', providers: split(linesD(seed + 1, n, d), k), validation: linesD(seed + 2, 32, d), lambda: 0n },
    { name: 'independent features, λ = 0.01', providers: split(linesD(seed + 3, nTrain, d), k), validation: linesD(seed + 4, 32, d), lambda: 100n },
    {
      name: 'correlated features (ρ = 0.9), λ = 0',
      providers: split(linesD(seed + 5, n, d, { correlation: 0.9, noise: 0.2 }), Math.max(1, k - 1)),
      validation: linesD(seed + 6, 32, d, { correlation: 0.9, noise: 0.2 }),
      lambda: 0n,
    },
    {
      name: 'wide range, negative slopes, λ = 2',
      providers: split(linesD(seed + 7, n, d, { a: Array.from({ length: d }, (_, j) => -0.7 + 0.2 * j), c: 3, noise: 0.05 * hiRange, lo: -hiRange, hi: hiRange }), k),
      validation: linesD(seed + 8, 20, d, { a: Array.from({ length: d }, (_, j) => -0.7 + 0.2 * j), c: 3, noise: 0.05 * hiRange, lo: -hiRange, hi: hiRange }),
      lambda: 20000n,
    },
    { name: 'two providers, one of them tiny, λ = 0.5', providers: [linesD(seed + 9, 3, d), linesD(seed + 10, Math.min(40, nTrain - 3), d, { noise: 1 })], validation: linesD(seed + 11, 16, d), lambda: 5000n },
  ];
}

for (const shape of SHAPES) {
  describe(`${shape.name}: fixed-point model and Shapley values match a float64 reference`, () => {
    for (const c of casesFor(shape)) {
      it(c.name, () => {
        const got = valuate(c.providers, c.validation, c.lambda, shape);
        const lambda = Number(c.lambda) / 1e4;
        const all = c.providers.flatMap(pointsD);
        const want = ridgeD(all, lambda);
        const close = (fixed: bigint, real: number) => Math.abs(Number(fixed) / M - real) <= Math.max(1e-6 * Math.abs(real), 2 / M);
        got.model.w.forEach((w, j) => expect(close(w, want.w[j]!), `w_${j} ${w} vs ${want.w[j]}`).toBe(true));
        expect(close(got.model.b, want.b), `b ${got.model.b} vs ${want.b}`).toBe(true);
        const loss = lossD(all, want);
        expect(Math.abs(Number(got.trainLoss) / V - loss)).toBeLessThan(1e-6 * Math.max(1, loss));
        const { phi, grand } = shapleyD(c.providers.map(pointsD), pointsD(c.validation), lambda);
        const maxAbs = Math.max(...phi.map(Math.abs));
        phi.forEach((p, i) => expect(Math.abs(Number(got.shapley[i]) / V - p), `φ_${i}`).toBeLessThanOrEqual(1e-4 * maxAbs));
        got.shapley.slice(c.providers.length).forEach((p) => expect(p).toBe(0n));
        expect(Math.abs(Number(got.grandValue) / V - grand)).toBeLessThanOrEqual(1e-4 * Math.max(maxAbs, 1e-9));
      });
    }
  });
}
