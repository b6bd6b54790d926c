import { Noir, type InputMap } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SHAPE, settlementCircuitName } from '../../../ts/protocol/shapes/index.js';
import { readArtifact, readVk } from '../../../ts/prover/artifacts.js';
import { buildWitness, publicInputVector, type Witness } from '../../../ts/circuit/witness.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../../../ts/toolchain/honk.js';
import { toCompiledCircuit } from '../../../ts/toolchain/noir.js';
import { FIELD_MODULUS, fieldHex, publicInputOffset, toField } from '../../../ts/protocol/layout.js';
import { line, round } from '../helpers/datasets.js';

// The zkml circuit executed by noir_js on witnesses from the TypeScript builder: it accepts the
// honest witness (so TypeScript and Noir agree bit for bit, commitments included) and refuses
// every tampered one. One full proof is made and verified off-chain.
const spec = settlementCircuitName(DEFAULT_SHAPE);
const artifact = readArtifact(spec);
const noir = new Noir(toCompiledCircuit(artifact));
let api: Barretenberg;
let honest: Witness;

// Paper-like data, 4 providers (so slots 4..7 are unused), λ = 0.01.
const paper = line(21, 100);
const data = round([paper.slice(0, 30), paper.slice(30, 55), paper.slice(55, 80), paper.slice(80, 100)], line(22, 32), 100n, 7n);

beforeAll(async () => {
  api = await startProvingBarretenberg();
  honest = await buildWitness(api, data, DEFAULT_SHAPE);
});
afterAll(() => api?.destroy());

/** A deep copy of the honest inputs, changed by `edit`. */
function tampered(edit: (inputs: any) => void): InputMap {
  const copy = structuredClone(honest.inputs) as any;
  edit(copy);
  return copy as InputMap;
}

const plusOne = (v: string) => ((BigInt(v) + 1n) % FIELD_MODULUS).toString();

describe('zkml circuit (noir_js)', () => {
  it('accepts the honest witness of the TypeScript builder', async () => {
    await expect(noir.execute(honest.inputs)).resolves.toBeDefined();
  });

  it('accepts 8 providers of the paper experiment (100 rows, 32 validation rows)', async () => {
    const sizes = [13, 13, 12, 12, 12, 12, 13, 13];
    const rows = line(23, 100);
    let at = 0;
    const w = await buildWitness(api, round(sizes.map((n) => rows.slice(at, (at += n))), line(24, 32), 100n), DEFAULT_SHAPE);
    await expect(noir.execute(w.inputs)).resolves.toBeDefined();
  });

  it('accepts 128 training rows split unevenly (capacity)', async () => {
    const rows = line(25, 128);
    const sizes = [1, 2, 5, 10, 20, 30, 27, 33];
    let at = 0;
    const w = await buildWitness(api, round(sizes.map((n) => rows.slice(at, (at += n))), line(26, 32), 100n), DEFAULT_SHAPE);
    await expect(noir.execute(w.inputs)).resolves.toBeDefined();
  });

  const refusals: [string, (i: any) => void][] = [
    ['the slope off by one unit', (i) => (i.weights[0] = plusOne(i.weights[0]))],
    ['the intercept off by one unit', (i) => (i.intercept = plusOne(i.intercept))],
    ['a coalition model off by one unit (with its published copy unchanged)', (i) => (i.models[5].w[0] = plusOne(i.models[5].w[0]))],
    ['the training loss changed', (i) => (i.train_loss = plusOne(i.train_loss))],
    ...[0, 1, 2, 3].map((p): [string, (i: any) => void] => [`φ_${p + 1} changed by one unit`, (i) => (i.shapley[p] = plusOne(i.shapley[p]))]),
    ['a value for an unused slot', (i) => (i.shapley[6] = '1')],
    ['a provider statistic changed after commitment (ΣY)', (i) => (i.provider_stats[0].sy = plusOne(i.provider_stats[0].sy))],
    ['a provider statistic changed after commitment (n)', (i) => (i.provider_stats[1].n = plusOne(i.provider_stats[1].n))],
    ['a provider statistic changed after commitment (ΣXX)', (i) => (i.provider_stats[2].sxx[0] = plusOne(i.provider_stats[2].sxx[0]))],
    ['a provider statistic changed after commitment (ΣY²)', (i) => (i.provider_stats[3].syy = plusOne(i.provider_stats[3].syy))],
    ['a validation row changed after commitment', (i) => (i.validation_rows[1][0].x[0] = plusOne(i.validation_rows[1][0].x[0]))],
    ['a salt changed', (i) => (i.salts[2] = plusOne(i.salts[2]))],
    ['the validation salt changed', (i) => (i.validation_salt = plusOne(i.validation_salt))],
    ['a statistics commitment changed', (i) => (i.stats_commitments[1] = plusOne(i.stats_commitments[1]))],
    ['another round (context) for the same statistics commitments', (i) => (i.context = plusOne(i.context))],
    ['λ changed', (i) => (i.lambda = '101')],
    ['a validation value just outside the data range (X = 10^10 + 1)', (i) => (i.validation_rows[0][0].x[0] = (10n ** 10n + 1n).toString())],
    ['a validation value just outside the data range (Y = −10^10 − 1)', (i) => (i.validation_rows[0][0].y = toField(-(10n ** 10n) - 1n).toString())],
    ['a non-zero validation padding row', (i) => (i.validation_rows[3][8].y = '1')],
    ['a validation present bit that is not a bit', (i) => (i.validation_rows[0][0].present = '2')],
    ['k larger than the number of non-empty providers', (i) => {
      i.num_providers = '5';
      i.active[4] = '1';
    }],
    ['an unused slot given a statistics commitment', (i) => (i.stats_commitments[5] = '1')],
    ['another payee for a statistics commitment (a copied registration)', (i) => (i.payees[1] = plusOne(i.payees[1]))],
    ['an unused slot given a payee', (i) => (i.payees[6] = '1')],
    ['a payee that is not an address (2^160)', (i) => (i.payees[0] = (1n << 160n).toString())],
    ['λ outside 2^40', (i) => (i.lambda = (1n << 40n).toString())],
  ];
  for (const [what, edit] of refusals) {
    it(`refuses ${what}`, async () => {
      // A constraint fails (not the ABI encoding): no witness, hence no proof.
      await expect(noir.execute(tampered(edit))).rejects.toThrow(/Circuit execution failed/);
    });
  }

  it("ignores an unused slot's statistics (they are zeroed, so the outcome is unchanged)", async () => {
    // Slot 5 is unused: whatever statistics the prover puts there, the circuit multiplies them by 0.
    await expect(noir.execute(tampered((i) => (i.provider_stats[5] = { ...i.provider_stats[0] })))).resolves.toBeDefined();
  });

  it('refuses a Shapley value shifted by a field-wrapping amount', async () => {
    // A φ that equals the honest one modulo the rounding's divisor still fails the range check.
    await expect(noir.execute(tampered((i) => (i.shapley[0] = toField(BigInt(i.shapley[0]) + (1n << 121n)).toString())))).rejects.toThrow(
      /Circuit execution failed/,
    );
  });
});

describe('zkml proof (bb.js, evm target)', () => {
  it('proves and verifies off-chain; a changed public input is rejected', async () => {
    const { witness } = await noir.execute(honest.inputs);
    const proof = await proveEvm(api, artifact, witness);
    expect(proof.publicInputs.map(BigInt)).toEqual(publicInputVector(honest.publicValues));
    const vk = readVk(spec);
    expect(await verifyEvm(api, vk, proof)).toBe(true);
    for (const name of ['context', 'stats_commitments', 'payees', 'lambda', 'shapley']) {
      const index = publicInputOffset(name);
      const inputs = [...proof.publicInputs];
      inputs[index] = fieldHex(BigInt(inputs[index]!) + 1n);
      expect(await verifyEvm(api, vk, { ...proof, publicInputs: inputs }), `public input ${name}`).toBe(false);
    }
  });
});
