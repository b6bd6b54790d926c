import { Noir, type InputMap } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact } from '../../../ts/prover/artifacts.js';
import { shapeBounds } from '../../../ts/protocol/shapes/index.js';
import { valuate, type FixedRow } from '../../../ts/circuit/model.js';
import { DEFAULT_SHAPE, settlementCircuitName } from '../../../ts/protocol/shapes/index.js';
import { buildWitness, type RoundData } from '../../../ts/circuit/witness.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { toCompiledCircuit } from '../../../ts/toolchain/noir.js';
import { mulberry32 } from '../../../ts/data/synthetic.js';
import { toField } from '../../../ts/protocol/layout.js';
import { round } from '../helpers/datasets.js';

// F4 (no bricking) for the shipped circuit: with λ ≥ 0.01 every in-range dataset (|x|, |y| ≤ 10^6,
// any split of ≤ 128 rows among ≤ 8 providers) is provable. The extremes of the derivation in
// noir/README.md ("Bounds") are executed by the real circuit (noir_js); a seeded sweep of extreme
// datasets checks the TypeScript mirror never refuses one. And Λ < MIN_LAMBDA is unprovable.
const artifact = readArtifact(settlementCircuitName(DEFAULT_SHAPE));
const noir = new Noir(toCompiledCircuit(artifact));
const bounds = shapeBounds(DEFAULT_SHAPE);
const E = 10n ** 10n; // |x| = 10^6 at scale 10^4
let api: Barretenberg;

beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

const rows = (n: number, f: (i: number) => [bigint, bigint]): FixedRow[] => Array.from({ length: n }, (_, i) => f(i)).map(([x, y]) => ({ x: [x], y }));
const split = (all: FixedRow[], sizes: number[]): FixedRow[][] => {
  let at = 0;
  return sizes.map((n) => all.slice(at, (at += n)));
};

/**
 * The steepest model in range: x spread so that Σ(x − x̄)² = λ (the maximiser of the ridge slope
 * ‖y − ȳ‖ / (2√λ)), labels ±10^6 following x, and validation rows at the far end of the x range.
 */
const steep = rows(128, (i) => [-E + (i % 2 ? 177n : 0n), i % 2 ? E : -E]);
const farValidation = rows(32, (i) => [E, i % 2 ? -E : E]);

const cases: { name: string; data: RoundData }[] = [
  { name: 'one provider holding all 128 rows, steepest slope, far validation set', data: round([steep], farValidation, 100n) },
  { name: 'the steepest data split over 8 providers (every coalition steep)', data: round(split(steep, [16, 16, 16, 16, 16, 16, 16, 16]), farValidation, 100n) },
  { name: 'all x equal (x = 10^6), y = ±10^6', data: round(split(rows(128, (i) => [E, i % 3 ? E : -E]), [30, 30, 30, 38]), rows(32, (i) => [-E, i % 2 ? E : -E]), 100n) },
  { name: 'one row per provider, |x| = |y| = 10^6', data: round(split(rows(8, (i) => [i % 2 ? E : -E, i % 4 < 2 ? E : -E]), [1, 1, 1, 1, 1, 1, 1, 1]), rows(32, (i) => [i % 2 ? -E : E, E]), 100n) },
  { name: '121 + 7 single rows, |x| = |y| = 10^6 with random signs', data: round(split(rows(128, (i) => [((i * 7919) % 3 ? E : -E), ((i * 104729) % 5 < 2 ? E : -E)]), [121, 1, 1, 1, 1, 1, 1, 1]), rows(32, (i) => [i % 3 ? E : -E, i % 2 ? E : -E]), 100n) },
];

describe('F4: extreme in-range data is provable with λ = 0.01 (noir_js)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const w = await buildWitness(api, c.data, DEFAULT_SHAPE);
      const { model, shapley, trainLoss } = w.valuation;
      for (const v of [...model.w]) expect(v < 0n ? -v : v).toBeLessThan(1n << BigInt(bounds.wBits));
      expect(model.b < 0n ? -model.b : model.b).toBeLessThan(1n << BigInt(bounds.bBits));
      expect(trainLoss).toBeLessThan(1n << 120n);
      for (const p of shapley) expect(p < 0n ? -p : p).toBeLessThan(1n << 120n);
      await expect(noir.execute(w.inputs)).resolves.toBeDefined();
    });
  }

  it('the steepest case exceeds the former bound |W| < 2^48 and comes close to the derived ones', async () => {
    const v = valuate([steep], farValidation, 100n, DEFAULT_SHAPE);
    const w = v.model.w[0]!;
    expect(w > 1n << 48n).toBe(true);
    expect(w).toBeLessThanOrEqual(bounds.extremes.wMax);
    expect(w * 2n > bounds.extremes.wMax).toBe(true); // the ridge bound is within a factor 2 of reachable
    const phi = v.shapley[0]! < 0n ? -v.shapley[0]! : v.shapley[0]!;
    expect(phi > 1n << 115n).toBe(true);
    expect(phi).toBeLessThanOrEqual(bounds.extremes.phiMax);
  });
});

describe('F4: the SDK never refuses in-range data for model-bound reasons once λ ≥ 0.01 (TS mirror)', () => {
  it('200 seeded extreme datasets: values in {−10^6, 10^6} plus tiny spreads, random splits', () => {
    const u = mulberry32(2024);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(u() * xs.length)]!;
    for (let t = 0; t < 200; t++) {
      const n = pick([1, 2, 8, 9, 64, 127, 128]);
      const spread = BigInt(pick([0, 1, 50, 177, 1000, 10 ** 6]));
      const data = rows(n, () => [pick([-E, E - spread]) + (u() < 0.5 ? spread : 0n), pick([-E, E, 0n])]);
      const k = Math.min(n, 1 + Math.floor(u() * 8));
      const sizes = Array.from({ length: k }, () => 1);
      for (let i = k; i < n; i++) sizes[Math.floor(u() * k)]! += 1;
      const val = rows(1 + Math.floor(u() * 32), () => [pick([-E, E]), pick([-E, E])]);
      const lambda = pick([100n, 101n, 10_000n, (1n << 40n) - 1n]);
      expect(() => valuate(split(data, sizes), val, lambda, DEFAULT_SHAPE)).not.toThrow();
    }
  });
});

describe('MIN_LAMBDA: Λ < 100 (λ < 0.01) is unprovable', () => {
  /** The honest witness at Λ = 100, with λ and every λ-dependent value recomputed at `lambda` (bypassing the SDK's refusal). */
  async function witnessAt(lambda: bigint): Promise<InputMap> {
    const data = round(split(rows(40, (i) => [BigInt(i * 1000), BigInt(i * 2100 + 500)]), [10, 30]), rows(8, (i) => [BigInt(i * 900), BigInt(i * 1900)]), 100n);
    const w = await buildWitness(api, data, DEFAULT_SHAPE);
    const v = valuate(data.providers.map((p) => p.rows), data.validation.rows, lambda, DEFAULT_SHAPE);
    const f = (x: bigint) => toField(x).toString();
    return {
      ...w.inputs,
      lambda: f(lambda),
      weights: v.model.w.map(f),
      intercept: f(v.model.b),
      train_loss: f(v.trainLoss),
      shapley: v.shapley.map(f),
      models: v.models.map((m) => ({ w: m.w.map(f), b: f(m.b) })),
    };
  }

  it('Λ = 101 recomputed this way is accepted (control)', async () => {
    await expect(noir.execute(await witnessAt(101n))).resolves.toBeDefined();
  });

  it('Λ = 99 and Λ = 0 are refused by the circuit even with consistent models', async () => {
    await expect(noir.execute(await witnessAt(99n))).rejects.toThrow(/Circuit execution failed/);
    await expect(noir.execute(await witnessAt(0n))).rejects.toThrow(/Circuit execution failed/);
  });

  it('the SDK refuses Λ < 100 before proving', async () => {
    await expect(buildWitness(api, round([rows(3, (i) => [BigInt(i), 1n])], rows(2, () => [0n, 0n]), 99n), DEFAULT_SHAPE)).rejects.toThrow(/at least 0.01/);
  });
});
