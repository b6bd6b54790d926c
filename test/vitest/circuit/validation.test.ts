import { Noir, type InputMap } from '@noir-lang/noir_js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunk, type Slot } from '../../../ts/circuit/commitment.js';
import { statsOf, type FixedRow, type Stats } from '../../../ts/circuit/model.js';
import { TAG_VALIDATION_STATS } from '../../../ts/circuit/params.js';
import { checkValidationReveal, statsCommitment, validationCommitment } from '../../../ts/circuit/stats-commitment.js';
import { buildValidationWitness, checkValidationInput, validationPublicInputVector } from '../../../ts/circuit/validation-witness.js';
import { FIELD_MODULUS, fieldHex, toField } from '../../../ts/protocol/layout.js';
import { DEFAULT_SHAPE, SHAPES, VALIDATION_GATES, validationCircuitName, type Shape } from '../../../ts/protocol/shapes/index.js';
import { circuitStats } from '../../../ts/codegen/verifier.js';
import { readArtifact, readVk } from '../../../ts/prover/artifacts.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { proveEvm, verifyEvm } from '../../../ts/toolchain/honk.js';
import { toCompiledCircuit } from '../../../ts/toolchain/noir.js';
import { inputError } from '../helpers/errors.js';
import { linesD } from '../helpers/reference-multi.js';

// The validation circuit executed by noir_js on the TypeScript builder's witnesses: it accepts every
// in-range validation set of 1..N_VAL rows and refuses statistics that no such set produces (out of
// range, m = 0 or above N_VAL, a moment matrix that is not positive semi-definite, a changed count
// or commitment). One proof of the default shape is made and verified off-chain.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

const f = (v: bigint) => toField(v).toString();
const noirOf = (shape: Shape) => new Noir(toCompiledCircuit(readArtifact(validationCircuitName(shape))));

/** A MOCK witness: any slots (rows anywhere, padding anywhere), with the commitment of `stats` (default: the rows'). */
async function unchecked(shape: Shape, slots: Slot[], salt: bigint, opts: { stats?: Stats; numRows?: number } = {}): Promise<InputMap> {
  const present = slots.filter((s): s is FixedRow => s !== null);
  const st = opts.stats ?? statsOf(present, shape.d);
  const padded = [...slots, ...new Array<Slot>(shape.ncv * shape.r - slots.length).fill(null)];
  return {
    stats_commitment: f(await statsCommitment(api, st, salt, 0n, 0n, TAG_VALIDATION_STATS)),
    num_rows: String(opts.numRows ?? present.length),
    rows: chunk(padded as FixedRow[], shape.ncv, shape).map((c, ci) =>
      c.map((_, si) => {
        const slot = padded[ci * shape.r + si] ?? null;
        return slot ? { present: '1', x: slot.x.map(f), y: f(slot.y) } : { present: '0', x: new Array<string>(shape.d).fill('0'), y: '0' };
      }),
    ),
    salt: f(salt),
  };
}

const refused = (noir: Noir, inputs: InputMap, message?: RegExp) => expect(noir.execute(inputs)).rejects.toThrow(message ?? /Circuit execution failed/);

for (const shape of SHAPES) {
  describe(`validation circuit of ${shape.name} (N_VAL = ${shape.nVal}, range ±${shape.maxAbsData})`, () => {
    const noir = noirOf(shape);
    const M = shape.maxAbsData;
    const extreme = (n: number): FixedRow[] => Array.from({ length: n }, (_, i) => ({ x: Array.from({ length: shape.d }, (_, j) => ((i + j) % 2 ? M : -M)), y: i % 3 ? M : -M }));

    it(`has the recorded gate count (${VALIDATION_GATES[shape.name]}) and fits 2^15 rows`, async () => {
      const stats = await circuitStats(api, readArtifact(validationCircuitName(shape)));
      expect(stats.numGates).toBe(VALIDATION_GATES[shape.name]);
      expect(stats.numGatesDyadic).toBeLessThanOrEqual(32_768);
    });

    it('declares stats_commitment, num_rows as its public inputs', () => {
      const pub = readArtifact(validationCircuitName(shape)).abi.parameters.filter((p) => p.visibility === 'public');
      expect(pub.map((p) => p.name)).toEqual(['stats_commitment', 'num_rows']);
    });

    it(`accepts 1 row, and N_VAL = ${shape.nVal} rows at the range limits; its commitment is TS validationCommitment`, async () => {
      for (const rows of [linesD(5, 1, shape.d), extreme(shape.nVal)]) {
        const w = await buildValidationWitness(api, rows, 77n, shape);
        expect(w.publicValues).toEqual({ statsCommitment: await validationCommitment(api, rows, 77n, shape.d), numRows: rows.length });
        await expect(noir.execute(w.inputs)).resolves.toBeDefined();
      }
    });

    it('refuses a value one unit outside the range, consistently committed', async () => {
      const rows = extreme(3);
      rows[1] = { x: rows[1]!.x, y: M + 1n };
      await refused(noir, await unchecked(shape, rows, 9n));
    });

    it('refuses m = 0 (no rows, the commitment of zero statistics)', async () => {
      await refused(noir, await unchecked(shape, [], 9n), /Circuit execution failed/);
    });

    if (shape.ncv * shape.r > shape.nVal) {
      it(`refuses N_VAL + 1 = ${shape.nVal + 1} rows (they fit the chunks, not the shape)`, async () => {
        await refused(noir, await unchecked(shape, linesD(7, shape.nVal + 1, shape.d), 9n));
      });
    }
  });
}

describe(`validation circuit of ${DEFAULT_SHAPE.name}: statistics no rows produce`, () => {
  const shape = DEFAULT_SHAPE;
  const noir = noirOf(shape);
  const rows = linesD(11, 20, shape.d);

  it('accepts rows anywhere among the slots (padding in between)', async () => {
    const slots: Slot[] = [null, ...rows.slice(0, 10), null, null, ...rows.slice(10)];
    await expect(noir.execute(await unchecked(shape, slots, 3n))).resolves.toBeDefined();
  });

  it('refuses a commitment to statistics whose moment matrix is not positive semi-definite (ΣX² < (ΣX)²/n)', async () => {
    const st = statsOf(rows, shape.d);
    const notPsd: Stats = { ...st, sxx: [st.sx[0]! * st.sx[0]! / st.n - 1n] };
    expect(notPsd.sxx[0]! * notPsd.n < notPsd.sx[0]! * notPsd.sx[0]!).toBe(true);
    await refused(noir, await unchecked(shape, rows, 3n, { stats: notPsd }), /statistics commitment/);
  });

  it('refuses a changed count, a changed commitment, another salt, a non-bit present and a non-zero padding row', async () => {
    const honest = await buildValidationWitness(api, rows, 3n, shape);
    const edit = (e: (i: any) => void) => {
      const c = structuredClone(honest.inputs) as any;
      e(c);
      return c as InputMap;
    };
    await refused(noir, edit((i) => (i.num_rows = '19')), /num_rows/);
    await refused(noir, edit((i) => (i.stats_commitment = f(BigInt(i.stats_commitment) + 1n))), /statistics commitment/);
    await refused(noir, edit((i) => (i.salt = '4')), /statistics commitment/);
    await refused(noir, edit((i) => (i.rows[0][0].present = '2')));
    await refused(noir, edit((i) => (i.rows[3][8].y = '1')));
  });

  it('a reveal of the rows and salt is checked against the round (and a changed row, salt or count is not)', async () => {
    const round = { validationCommitment: await validationCommitment(api, rows, 3n, shape.d), validationRows: rows.length };
    expect(await checkValidationReveal(api, { rows, salt: 3n }, round, shape.d)).toBe(true);
    const changed = rows.map((r, i) => (i === 4 ? { ...r, y: r.y + 1n } : r));
    expect(await checkValidationReveal(api, { rows: changed, salt: 3n }, round, shape.d)).toBe(false);
    expect(await checkValidationReveal(api, { rows, salt: 4n }, round, shape.d)).toBe(false);
    expect(await checkValidationReveal(api, { rows: rows.slice(1), salt: 3n }, round, shape.d)).toBe(false);
  });

  it('the SDK refuses what the circuit would, before proving', () => {
    expect(inputError(() => checkValidationInput([], 1n, shape)).code).toBe('EMPTY_VALIDATION');
    expect(inputError(() => checkValidationInput(linesD(2, shape.nVal + 1, shape.d), 1n, shape)).code).toBe('TOO_MANY_ROWS');
    expect(inputError(() => checkValidationInput([{ x: [shape.maxAbsData + 1n], y: 0n }], 1n, shape)).code).toBe('INPUT_OUT_OF_RANGE');
    expect(inputError(() => checkValidationInput([{ x: [0n, 0n], y: 0n }], 1n, shape)).code).toBe('BAD_COLUMNS');
    expect(inputError(() => checkValidationInput(rows, FIELD_MODULUS, shape)).code).toBe('BAD_SALT');
  });

  it('proves and verifies off-chain; a changed row count or commitment is rejected', async () => {
    const w = await buildValidationWitness(api, rows, 3n, shape);
    const { witness } = await noir.execute(w.inputs);
    const artifact = readArtifact(validationCircuitName(shape));
    const proof = await proveEvm(api, artifact, witness);
    expect(proof.publicInputs.map(BigInt)).toEqual(validationPublicInputVector(w.publicValues));
    const vk = readVk(validationCircuitName(shape));
    expect(await verifyEvm(api, vk, proof)).toBe(true);
    for (const index of [0, 1]) {
      const changed = [...proof.publicInputs];
      changed[index] = fieldHex(BigInt(changed[index]!) + 1n);
      expect(await verifyEvm(api, vk, { ...proof, publicInputs: changed }), `public input ${index}`).toBe(false);
    }
  });
});
