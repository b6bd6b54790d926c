import { Noir, type InputMap } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArtifact, readVk } from '../../../ts/prover/artifacts.js';
import { buildWitness, publicInputVector } from '../../../ts/circuit/witness.js';
import { settlementCircuitName, DEFAULT_SHAPE_NAME, SHAPES, SHAPE_GATES } from '../../../ts/protocol/shapes/index.js';
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
// tolerance pre-check of the D ≥ 3 shapes), and one real proof per non-default shape.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

type AbiType = { kind: string; length?: number; type?: AbiType };
const size = (t: AbiType): number => (t.kind === 'array' ? t.length! * size(t.type!) : 1);
const shift = (v: string, by: bigint) => ((BigInt(v) + by + FIELD_MODULUS) % FIELD_MODULUS).toString();

for (const shape of SHAPES) {
  describe(`shape ${shape.name}`, () => {
    const artifact = readArtifact(settlementCircuitName(shape));
    const noir = new Noir(toCompiledCircuit(artifact));
    // k providers sharing all but one row of the capacity (the last one holds the remainder),
    // correlated features, λ = 0.01.
    const rows = linesD(shape.k * 31 + shape.d, shape.nTrain - 1, shape.d, { correlation: 0.5, noise: 0.3 });
    const per = Math.floor((rows.length - 1) / Math.max(1, shape.k - 1));
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

    it('refuses a validation value outside the shape’s data range, and a provider statistic that does not open its commitment', async () => {
      const out = toField(shape.maxAbsData + 1n).toString();
      await expect(noir.execute(tamper((i) => (i.validation_rows[0][0].x[shape.d - 1] = out)))).rejects.toThrow(/Circuit execution failed/);
      await expect(noir.execute(tamper((i) => (i.provider_stats[0].sxy[shape.d - 1] = shift(i.provider_stats[0].sxy[shape.d - 1], 1n))))).rejects.toThrow(/Circuit execution failed/);
    });

    if (shape.name !== DEFAULT_SHAPE_NAME) {
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
