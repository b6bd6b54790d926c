import { Noir, type InputMap } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact, readVk } from '../../../ts/prover/artifacts.js';
import { buildWitness, publicInputVector } from '../../../ts/circuit/witness.js';
import { join } from 'node:path';
import { settlementCircuitName, DEFAULT_SHAPE_NAME, SHAPES, SHAPE_GATES, makeShape, shapeByName, type Shape } from '../../../ts/protocol/shapes/index.js';
import type { FixedRow } from '../../../ts/circuit/model.js';
import { compileWithParams } from '../../../ts/codegen/compile.js';
import { shapeParams } from '../../../ts/codegen/params.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { FIELD_MODULUS, numPublicInputs, publicInputs, toField } from '../../../ts/protocol/layout.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { circuitStats } from '../../../ts/codegen/verifier.js';
import { proveEvm, verifyEvm } from '../../../ts/toolchain/honk.js';
import { toCompiledCircuit } from '../../../ts/toolchain/noir.js';
import { round } from '../helpers/datasets.js';
import { linesD } from '../helpers/reference-multi.js';

// Every shipped shape's circuit (noir/artifacts/zkml-<shape>.json) executed by noir_js on the
// TypeScript builder's witness: bit-exact agreement (commitments, Cramer models, Shapley values),
// refusal of models off by one unit in either direction (the exact rounding, including the
// tolerance pre-check), rounds at each shape's extremes (the full range, all x equal, one row per
// provider, one provider holding its maximum N_PROVIDER), one real proof per non-default shape of
// the first five and of k8d1n4096p512e5, and the same gates for shapes that differ only in N.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

type AbiType = { kind: string; length?: number; type?: AbiType };
const size = (t: AbiType): number => (t.kind === 'array' ? t.length! * size(t.type!) : 1);
const shift = (v: string, by: bigint) => ((BigInt(v) + by + FIELD_MODULUS) % FIELD_MODULUS).toString();

/** Shapes proved here: the non-default ones of the first five, and one at real scale. */
const PROVED = new Set(['k7d2n132', 'k6d3n88', 'k8d1n265', 'k5d4n109', 'k8d1n4096p512e5']);

/** n rows at the range limits of `shape`: ±M, 0 and ±(M − 1) in every column, both extremes in each (`seed` shifts the pattern). */
function limitRows(shape: Shape, n: number, seed = 0): FixedRow[] {
  const M = shape.maxAbsData;
  const values = [M, -M, 0n, M - 1n, -(M - 1n), M, -M];
  return Array.from({ length: n }, (_, i) => {
    const v = (t: number) => values[(i * (t + 2) + 3 * t + seed) % values.length]!;
    return { x: Array.from({ length: shape.d }, (_, t) => v(t)), y: v(shape.d) };
  });
}

/**
 * Rounds at a shape's extremes, validation rows at the range limits too: one provider holding its
 * maximum N_PROVIDER rows at the range limits with one row for each other provider the round still
 * has room for; K providers of one row each; every provider's x all equal to M (an exactly singular
 * moment matrix, only λ keeps A invertible), K providers of N_PROVIDER rows (as far as N_TRAIN allows).
 */
function extremeRounds(shape: Shape): [string, FixedRow[][], FixedRow[]][] {
  const validation = limitRows(shape, shape.nVal, 5);
  const others = Math.min(shape.k - 1, shape.nTrain - shape.nProvider);
  const full = [limitRows(shape, shape.nProvider), ...Array.from({ length: others }, (_, i) => limitRows(shape, 1, i + 1))];
  const single = Array.from({ length: shape.k }, (_, i) => limitRows(shape, 1, i));
  const each = Math.min(shape.nProvider, Math.floor(shape.nTrain / shape.k));
  const flat = Array.from({ length: shape.k }, (_, i) => limitRows(shape, each, i).map((r) => ({ x: r.x.map(() => shape.maxAbsData), y: r.y })));
  return [
    [`the full range, one provider at N_PROVIDER = ${shape.nProvider} and ${others} of one row`, full, validation],
    [`${shape.k} providers of one row`, single, validation],
    [`all x equal (${shape.k} × ${each} rows)`, flat, validation],
  ];
}

for (const shape of SHAPES) {
  describe(`shape ${shape.name}`, () => {
    const artifact = readArtifact(settlementCircuitName(shape));
    const noir = new Noir(toCompiledCircuit(artifact));
    // k providers sharing all but one row of the capacity (the last one holds the remainder; none
    // more than N_PROVIDER), correlated features, λ = 0.01.
    const rows = linesD(shape.k * 31 + shape.d, shape.nTrain - 1, shape.d, { correlation: 0.5, noise: 0.3 });
    const per = Math.min(shape.nProvider, Math.floor((rows.length - 1) / Math.max(1, shape.k - 1)));
    let at = 0;
    const groups = Array.from({ length: shape.k }, (_, i) => rows.slice(at, (at = i === shape.k - 1 ? rows.length : at + per)));
    const data = round(groups, linesD(shape.k * 31 + shape.d + 1, shape.nVal, shape.d, { correlation: 0.5, noise: 0.3 }), 100n);
    let inputs: InputMap;

    it(`has the recorded gate count (${SHAPE_GATES[shape.name]}) and fits 2^15 rows`, async () => {
      const stats = await circuitStats(api, artifact);
      expect(stats.numGates).toBe(SHAPE_GATES[shape.name]);
      expect(stats.numGatesDyadic).toBe(32_768);
    });

    it('declares the public-input layout of the shape', () => {
      const pub = artifact.abi.parameters.filter((p) => p.visibility === 'public');
      expect(pub.map((p) => p.name)).toEqual(publicInputs(shape).map((f) => f.name));
      expect(pub.map((p) => size(p.type as AbiType))).toEqual(publicInputs(shape).map((f) => f.length));
    });

    it(`accepts ${shape.k} providers with ${rows.length} rows of ${shape.d} feature(s) (the TS witness)`, async () => {
      const w = await buildWitness(api, data, shape);
      inputs = w.inputs;
      expect(publicInputVector(w.publicValues)).toHaveLength(numPublicInputs(shape));
      await expect(noir.execute(inputs)).resolves.toBeDefined();
    });

    const tamper = (edit: (i: any) => void) => {
      const copy = structuredClone(inputs) as any;
      edit(copy);
      return copy as InputMap;
    };
    for (const by of [1n, -1n]) {
      it(`refuses every published weight and a coalition's weight moved by ${by} unit`, async () => {
        for (let j = 0; j < shape.d; j++) {
          await expect(noir.execute(tamper((i) => (i.weights[j] = shift(i.weights[j], by))))).rejects.toThrow(/Circuit execution failed/);
          await expect(noir.execute(tamper((i) => (i.models[3].w[j] = shift(i.models[3].w[j], by))))).rejects.toThrow(/Circuit execution failed/);
        }
        await expect(noir.execute(tamper((i) => (i.intercept = shift(i.intercept, by))))).rejects.toThrow(/Circuit execution failed/);
      });
    }

    it('refuses a validation statistic and a provider statistic that do not open their commitments', async () => {
      await expect(noir.execute(tamper((i) => (i.validation_stats.sxx[0] = shift(i.validation_stats.sxx[0], 1n))))).rejects.toThrow(/Circuit execution failed/);
      await expect(noir.execute(tamper((i) => (i.provider_stats[0].sxy[shape.d - 1] = shift(i.provider_stats[0].sxy[shape.d - 1], 1n))))).rejects.toThrow(/Circuit execution failed/);
    });

    it('accepts rounds at the extremes: the full range with one provider at N_PROVIDER, one row per provider, all x equal', async () => {
      for (const [what, providers, validation] of extremeRounds(shape)) {
        const w = await buildWitness(api, round(providers, validation, 100n), shape);
        await expect(noir.execute(w.inputs), what).resolves.toBeDefined();
      }
    });

    if (PROVED.has(shape.name)) {
      it('proves and verifies with the shape’s verification key; a changed φ is rejected', async () => {
        const { witness } = await noir.execute(inputs);
        const proof = await proveEvm(api, artifact, witness);
        const vk = readVk(settlementCircuitName(shape));
        expect(await verifyEvm(api, vk, proof)).toBe(true);
        const changed = [...proof.publicInputs];
        const last = changed.length - 1;
        changed[last] = '0x' + ((BigInt(changed[last]!) + 1n) % FIELD_MODULUS).toString(16).padStart(64, '0');
        expect(await verifyEvm(api, vk, { ...proof, publicInputs: changed })).toBe(false);
      });
    }
  });
}

describe('one provider above N_PROVIDER', () => {
  it('is refused by the witness builder before the circuit (TOO_MANY_ROWS), though the round has room', async () => {
    const shape = shapeByName('k8d1n4096p512e5');
    const data = round([linesD(3, shape.nProvider + 1, 1), linesD(4, 10, 1)], linesD(5, 8, 1), 100n);
    await expect(buildWitness(api, data, shape)).rejects.toMatchObject({ code: 'TOO_MANY_ROWS', message: expect.stringMatching(/has 513 rows, but one registration of shape k8d1n4096p512e5 holds at most 512/) });
  });
});

describe('shapes that differ only in N', () => {
  it('have the same settlement gates: an explicit range derives every width from its largest round', async () => {
    const shipped = shapeByName('k8d1n4096p512e5');
    const smaller = makeShape(8, 1, 1024, { nProvider: 512, nVal: shipped.nVal, maxAbsData: shipped.maxAbsData });
    expect(smaller.widthRows).toBe(shipped.widthRows);
    const artifact = await compileWithParams(join(PACKAGE_ROOT, 'noir', 'zkml'), shapeParams(smaller), `zkml-${smaller.name}`);
    const stats = await circuitStats(api, artifact);
    expect(stats.numGates).toBe(SHAPE_GATES[shipped.name]);
  });

  it('the first five derive their widths from their own N: k8d1n128 and k8d1n265 differ only in N_TRAIN, N_VAL and the widths that depend on them', () => {
    const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('pub global'));
    const a = lines(shapeParams(shapeByName('k8d1n128')));
    const b = lines(shapeParams(shapeByName('k8d1n265')));
    const differ = a.filter((l, i) => l !== b[i]).map((l) => /pub global (\w+)/.exec(l)![1]);
    expect(differ).toEqual(['N_TRAIN', 'N_VAL', 'COUNT_BITS', 'DET_BITS', 'INTERCEPT_BITS', 'LOSS_DIV_BITS', 'SHAPLEY_DIV_BITS']);
    // Those widths cost a few range-check limbs (20,893 vs 21,072 gates).
    expect(Math.abs(SHAPE_GATES['k8d1n128']! - SHAPE_GATES['k8d1n265']!)).toBeLessThan(200);
  });
});
