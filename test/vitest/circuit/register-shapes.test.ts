import { Noir, type InputMap } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerCommitment, type Slot } from '../../../ts/circuit/commitment.js';
import { statsCommitment } from '../../../ts/circuit/stats-commitment.js';
import { statsOf, type FixedRow } from '../../../ts/circuit/model.js';
import { buildWitness, type RoundData } from '../../../ts/circuit/witness.js';
import { registerParams } from '../../../ts/codegen/params.js';
import { circuitStats } from '../../../ts/codegen/verifier.js';
import { decryptRegistration } from '../../../ts/crypto/decrypt.js';
import { multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import {
  registerPublicInputCount,
  registerPublicInputOffset,
  registerPublicInputs,
  registerShape,
} from '../../../ts/crypto/register-shape.js';
import { buildRegistrationWitness, parseRegistrationPublicInputs, registrationPublicInputVector, type RegistrationWitness } from '../../../ts/crypto/registration.js';
import { readArtifact, readVk } from '../../../ts/prover/artifacts.js';
import { FIELD_MODULUS, fieldHex } from '../../../ts/protocol/layout.js';
import { REGISTER_GATES, registerCircuitName, settlementCircuitName, SHAPES, shapeByName, type Shape } from '../../../ts/protocol/shapes/index.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../../../ts/toolchain/honk.js';
import { toCompiledCircuit } from '../../../ts/toolchain/noir.js';
import { PAYEES } from '../helpers/datasets.js';
import { linesD } from '../helpers/reference-multi.js';
import { uncheckedRegistrationInputs } from '../helpers/register-mock.js';

// Every shipped shape's registration circuit (noir/artifacts/register-<shape>.json) against the
// shape: its interface and gate count, the TypeScript witness at the shape's capacity and data
// range limits executed by noir_js, the commitment equal to TS providerCommitment and to what
// the same shape's settlement circuit accepts, the range and capacity refused one past the limit,
// and one real proof each of k7d2n132 and k8d1n4096p512e5 that the owner decrypts from its public inputs.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

const ownerSecret = 0x0ddba11n;
const ownerKey = multiplyGenerator(ownerSecret);
const salt = FIELD_MODULUS - 2n;
const payee = PAYEES[3]!;
const context = 0xc0ffeen;

type AbiType = { kind: string; length?: number; type?: AbiType; fields?: { name: string; type: AbiType }[] };

/**
 * N_PROVIDER rows (one registration's capacity) at the shape's range limits: every row holds ±M, 0 or ±(M − 1) in
 * every feature and the label, both extremes in every column.
 */
function extremeRows(shape: Shape): FixedRow[] {
  const M = shape.maxAbsData;
  const values = [M, -M, 0n, M - 1n, -(M - 1n), M, -M];
  return Array.from({ length: shape.nProvider }, (_, i) => {
    const v = (t: number) => values[(i * (t + 2) + 3 * t) % values.length]!;
    return { x: Array.from({ length: shape.d }, (_, t) => v(t)), y: v(shape.d) };
  });
}

for (const shape of SHAPES) {
  describe(`registration circuit of ${shape.name} (C = ${shape.ciphertextLength}, range ±${shape.maxAbsData})`, () => {
    const artifact = readArtifact(registerCircuitName(shape));
    const noir = new Noir(toCompiledCircuit(artifact));
    const rows = extremeRows(shape);
    let honest: RegistrationWitness;

    it(`has the recorded gate count (${REGISTER_GATES[shape.name]}) and fits 2^15 rows`, async () => {
      const stats = await circuitStats(api, artifact);
      expect(stats.numGates).toBe(REGISTER_GATES[shape.name]);
      expect(stats.numGatesDyadic).toBeLessThanOrEqual(32_768);
    });

    it('declares the public inputs of noir/README.md with the shape’s C, and rows of NCP chunks of R rows of D features', () => {
      const params = artifact.abi.parameters;
      const pub = params.filter((p) => p.visibility === 'public');
      expect(pub.map((p) => p.name)).toEqual(registerPublicInputs(shape).map((f) => f.name));
      expect((pub.find((p) => p.name === 'ciphertext')!.type as AbiType).length).toBe(shape.ciphertextLength);
      expect(registerPublicInputCount(shape)).toBe(9 + 3 * Math.ceil(shape.nProvider / shape.r) + 1);
      expect(registerPublicInputOffset('ciphertext', shape)).toBe(9);
      const rowsType = params.find((p) => p.name === 'rows')!.type as AbiType;
      const row = rowsType.type!.type!;
      expect([rowsType.length, rowsType.type!.length, row.fields!.find((f) => f.name === 'x')!.type.length]).toEqual([shape.ncp, shape.r, shape.d]);
      const r = registerShape(shape);
      expect([r.d, r.p, r.rowBits, r.r, r.nProvider, r.ncp, r.c, r.maxAbsData]).toEqual([shape.d, shape.p, shape.rowBits, shape.r, shape.nProvider, shape.ncp, shape.ciphertextLength, shape.maxAbsData]);
      expect(registerParams(shape)).toContain(`pub global MAX_ABS_DATA: Field = ${shape.maxAbsData};`);
      expect(registerParams(shape)).toContain(`pub global N_PROVIDER: u32 = ${shape.nProvider};`);
    });

    it(`accepts the TS witness of ${shape.nProvider} rows (one provider's capacity) at the range limits ±${shape.maxAbsData}; its commitment is TS providerCommitment, its statistics commitment TS statsCommitment`, async () => {
      honest = await buildRegistrationWitness(api, context, { rows, salt, payee, ownerKey, ephemeralSecret: 4242n }, shape);
      expect(honest.publicValues.ciphertext).toHaveLength(shape.ciphertextLength);
      expect(honest.publicValues.commitment).toBe(await providerCommitment(api, rows, salt, payee, shape));
      expect(honest.publicValues.statsCommitment).toBe(await statsCommitment(api, statsOf(rows, shape.d), salt, payee, context));
      await expect(noir.execute(honest.inputs)).resolves.toBeDefined();
    });

    it('the settlement circuit of the same shape opens that statistics commitment for this provider', async () => {
      // One provider holding its maximum N_PROVIDER rows (k = 1), in the same round: the settlement
      // circuit opens its statistics commitment.
      const data: RoundData = {
        providers: [{ name: 'p1', rows, salt, payee }],
        validation: { rows: linesD(shape.d * 7 + 1, 8, shape.d), salt: 5n },
        lambda: 100n,
        context,
      };
      const settlement = await buildWitness(api, data, shape);
      expect(settlement.publicValues.statsCommitments[0]).toBe(honest.publicValues.statsCommitment);
      const zkml = new Noir(toCompiledCircuit(readArtifact(settlementCircuitName(shape))));
      await expect(zkml.execute(settlement.inputs)).resolves.toBeDefined();
    });

    it('the owner decrypts the rows and salt (round trip), and only with this shape', async () => {
      const delivered = await decryptRegistration(api, ownerSecret, honest.publicValues, shape);
      expect(delivered).toEqual({ rows, salt });
      const other = SHAPES.find((s) => s.ciphertextLength !== shape.ciphertextLength)!;
      await expect(decryptRegistration(api, ownerSecret, honest.publicValues, other)).rejects.toThrow(/ciphertext elements instead of/);
    });

    const mock = (slots: Slot[], n = BigInt(slots.length)): Promise<InputMap> =>
      uncheckedRegistrationInputs(api, { slots, n, salt, payee, context, ownerKey, e: 4242n }, shape);

    it('refuses one past the data range in the last feature and in the label (consistently committed and encrypted)', async () => {
      // The mock builder reproduces an accepted witness at the limits, so each refusal is the range check's.
      await expect(noir.execute(await mock(rows))).resolves.toBeDefined();
      const M = shape.maxAbsData;
      const pastX: Slot[] = [...rows];
      pastX[1] = { x: [...rows[1]!.x.slice(0, -1), M + 1n], y: 0n };
      await expect(noir.execute(await mock(pastX))).rejects.toThrow(/Circuit execution failed/);
      const pastY: Slot[] = [...rows];
      pastY[shape.nProvider - 1] = { x: rows[0]!.x, y: -M - 1n };
      await expect(noir.execute(await mock(pastY))).rejects.toThrow(/Circuit execution failed/);
    });

    // With NCP·R = N_PROVIDER (k7d2n132, k7d2n2520p360e5) the chunks hold no extra row: the ABI itself bounds n.
    if (shape.ncp * shape.r > shape.nProvider) {
      it(`refuses N_PROVIDER + 1 = ${shape.nProvider + 1} rows (they fit the ${shape.ncp} chunks, not the registration)`, async () => {
        await expect(noir.execute(await mock([...rows, rows[0]!]))).rejects.toThrow(/at most N_PROVIDER rows/);
      });
    }
  });
}

describe.each(['k7d2n132', 'k8d1n4096p512e5'])('registration proof of a non-default shape (%s, bb.js evm target)', (name) => {
  const shape = shapeByName(name);
  it('proves, verifies with the shape’s key, decrypts from the public inputs alone, and rejects a changed ciphertext', async () => {
    const artifact = readArtifact(registerCircuitName(shape));
    const mine = linesD(72, 40, shape.d);
    const w = await buildRegistrationWitness(api, context, { rows: mine, salt: 77n, payee, ownerKey }, shape);
    const { witness } = await new Noir(toCompiledCircuit(artifact)).execute(w.inputs);
    const proof = await proveEvm(api, artifact, witness);
    expect(proof.publicInputs.map(BigInt)).toEqual(registrationPublicInputVector(w.publicValues));
    const vk = readVk(registerCircuitName(shape));
    expect(await verifyEvm(api, vk, proof)).toBe(true);
    const delivered = await decryptRegistration(api, ownerSecret, parseRegistrationPublicInputs(proof.publicInputs, shape), shape);
    expect(delivered).toEqual({ rows: mine, salt: 77n });
    const changed = [...proof.publicInputs];
    const last = changed.length - 1;
    changed[last] = fieldHex(BigInt(changed[last]!) + 1n);
    expect(await verifyEvm(api, vk, { ...proof, publicInputs: changed })).toBe(false);
    // Another shape's key does not verify it (bb refuses the public-input count: 76 or 181 ≠ 100).
    expect(await verifyEvm(api, readVk(registerCircuitName(shapeByName('k6d3n88'))), proof).catch(() => false)).toBe(false);
  });
});
