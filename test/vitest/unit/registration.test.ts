import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerCommitment } from '../../../ts/circuit/commitment.js';
import { multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import { registerShape } from '../../../ts/crypto/register-shape.js';
import {
  buildRegistrationWitness,
  checkRegistrationInput,
  encryptRegistration,
  parseRegistrationPublicInputs,
  registrationPublicInputVector,
  type RegistrationInput,
} from '../../../ts/crypto/registration.js';
import { FIELD_MODULUS, fieldHex } from '../../../ts/protocol/layout.js';
import { InputError } from '../../../ts/errors/index.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import type { FixedRow } from '../../../ts/circuit/model.js';
import { dataRangeText } from '../../../ts/circuit/witness.js';
import { SHAPES, shapeByName } from '../../../ts/protocol/shapes/index.js';
import { PAYEES, line } from '../helpers/datasets.js';
import { linesD } from '../helpers/reference-multi.js';
import { inputError } from '../helpers/errors.js';

const REGISTER_SHAPE = registerShape(DEFAULT_SHAPE);

let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

const ownerKey = multiplyGenerator(424242n);
const valid: RegistrationInput = { rows: line(41, 20), salt: 5n, payee: PAYEES[0]!, ownerKey };
const M = REGISTER_SHAPE.maxAbsData;

describe('registration input checks (each mirrors a circuit constraint)', () => {
  const cases: [string, Partial<RegistrationInput>, string][] = [
    ['no rows', { rows: [] }, 'EMPTY_PROVIDER'],
    ['129 rows', { rows: line(42, 129) }, 'TOO_MANY_ROWS'],
    ['two features', { rows: [{ x: [1n, 2n], y: 3n }] }, 'BAD_COLUMNS'],
    ['X = 10^10 + 1', { rows: [{ x: [M + 1n], y: 0n }] }, 'INPUT_OUT_OF_RANGE'],
    ['Y = −10^10 − 1', { rows: [{ x: [0n], y: -M - 1n }] }, 'INPUT_OUT_OF_RANGE'],
    ['a negative salt', { salt: -1n }, 'BAD_SALT'],
    ['a salt of p', { salt: FIELD_MODULUS }, 'BAD_SALT'],
    ['payee 0', { payee: 0n }, 'BAD_PAYEE'],
    ['payee 2^160', { payee: 1n << 160n }, 'BAD_PAYEE'],
    ['an owner key off the curve', { ownerKey: { x: ownerKey.x, y: ownerKey.y + 1n } }, 'BAD_CURVE_POINT'],
    ['the identity as owner key', { ownerKey: { x: 0n, y: 0n } }, 'BAD_CURVE_POINT'],
    ['ephemeral secret 0', { ephemeralSecret: 0n }, 'BAD_SCALAR'],
    ['ephemeral secret p', { ephemeralSecret: FIELD_MODULUS }, 'BAD_SCALAR'],
  ];
  for (const [what, change, code] of cases) {
    it(`refuses ${what}`, async () => {
      expect(inputError(() => checkRegistrationInput({ ...valid, ...change }, DEFAULT_SHAPE)).code).toBe(code);
      await expect(encryptRegistration(api, 77n, { ...valid, ...change }, DEFAULT_SHAPE)).rejects.toThrow(InputError);
    });
  }

  it('accepts the bounds: 1 and 128 rows, ±10^10, salt p − 1, payee 2^160 − 1', () => {
    for (const change of [{ rows: line(43, 1) }, { rows: line(44, 128) }, { rows: [{ x: [M], y: -M }] }, { salt: FIELD_MODULUS - 1n }, { payee: (1n << 160n) - 1n }]) {
      expect(() => checkRegistrationInput({ ...valid, ...change }, DEFAULT_SHAPE)).not.toThrow();
    }
  });

  it('refuses a context that is not a field element', async () => {
    await expect(buildRegistrationWitness(api, FIELD_MODULUS, valid, DEFAULT_SHAPE)).rejects.toThrow(/context/);
  });
});

describe('encryptRegistration', () => {
  it('commits as providerCommitment and draws a fresh ephemeral key each time', async () => {
    const a = await encryptRegistration(api, 77n, valid, DEFAULT_SHAPE);
    const b = await encryptRegistration(api, 77n, valid, DEFAULT_SHAPE);
    expect(a.registration.commitment).toBe(await providerCommitment(api, valid.rows, valid.salt, valid.payee, DEFAULT_SHAPE));
    expect(a.registration.commitment).toBe(b.registration.commitment);
    expect(a.ephemeralSecret).not.toBe(b.ephemeralSecret);
    expect(a.registration.ephemeralKey).toEqual(multiplyGenerator(a.ephemeralSecret));
    // Same plaintext, fresh key stream: no ciphertext element repeats.
    const seen = new Set(a.registration.ciphertext);
    expect(b.registration.ciphertext.some((c) => seen.has(c))).toBe(false);
    expect(a.registration.ciphertext).toHaveLength(REGISTER_SHAPE.c);
  });

  it('is reproducible with a given ephemeral secret', async () => {
    const a = await encryptRegistration(api, 77n, { ...valid, ephemeralSecret: 99n }, DEFAULT_SHAPE);
    const b = await encryptRegistration(api, 77n, { ...valid, ephemeralSecret: 99n }, DEFAULT_SHAPE);
    expect(a).toEqual(b);
  });
});

describe('registration public inputs', () => {
  it('round-trips through the flat vector (hex, as bb.js returns it)', async () => {
    const { publicValues } = await buildRegistrationWitness(api, 77n, valid, DEFAULT_SHAPE);
    const vector = registrationPublicInputVector(publicValues);
    expect(vector).toHaveLength(9 + REGISTER_SHAPE.c);
    expect(parseRegistrationPublicInputs(vector.map(fieldHex), DEFAULT_SHAPE)).toEqual(publicValues);
  });

  it('refuses a vector of the wrong length, non-field values and num_rows outside 1..128', async () => {
    const { publicValues } = await buildRegistrationWitness(api, 77n, valid, DEFAULT_SHAPE);
    const vector = registrationPublicInputVector(publicValues);
    const bad = [vector.slice(1), [...vector, 0n], vector.map((v, i) => (i === 9 ? FIELD_MODULUS : v)), vector.map((v, i) => (i === 4 ? 0n : v)), vector.map((v, i) => (i === 4 ? 129n : v))];
    for (const v of bad) expect(inputError(() => parseRegistrationPublicInputs(v, DEFAULT_SHAPE)).code).toBe('BAD_PUBLIC_INPUTS');
  });
});

describe('registration input checks of every shipped shape', () => {
  for (const shape of SHAPES) {
    const M = shape.maxAbsData;
    const row = (v: bigint, d = shape.d): FixedRow => ({ x: new Array<bigint>(d).fill(v), y: v });
    it(`${shape.name}: D = ${shape.d}, 1..${shape.nProvider} rows, |V| ≤ ${M}`, () => {
      const base = { ...valid, rows: [row(M), row(-M)] };
      expect(() => checkRegistrationInput({ ...base, rows: linesD(45, shape.nProvider, shape.d) }, shape)).not.toThrow();
      expect(() => checkRegistrationInput(base, shape)).not.toThrow();
      expect(inputError(() => checkRegistrationInput({ ...base, rows: linesD(46, shape.nProvider + 1, shape.d) }, shape)).code).toBe('TOO_MANY_ROWS');
      expect(inputError(() => checkRegistrationInput({ ...base, rows: [row(0n, shape.d + 1)] }, shape)).code).toBe('BAD_COLUMNS');
      const out = inputError(() => checkRegistrationInput({ ...base, rows: [row(M), { x: row(0n).x, y: -M - 1n }] }, shape));
      expect(out.code).toBe('INPUT_OUT_OF_RANGE');
      expect(out.message).toContain(`${dataRangeText(shape)}, the data range of shape ${shape.name}`);
    });

    it(`${shape.name}: the public-input vector has 9 + ${shape.ciphertextLength} entries and num_rows ≤ ${shape.nProvider}`, async () => {
      const { publicValues } = await buildRegistrationWitness(api, 77n, { ...valid, rows: linesD(47, 3, shape.d) }, shape);
      const vector = registrationPublicInputVector(publicValues);
      expect(vector).toHaveLength(9 + shape.ciphertextLength);
      expect(parseRegistrationPublicInputs(vector, shape)).toEqual(publicValues);
      expect(inputError(() => parseRegistrationPublicInputs(vector.map((v, i) => (i === 4 ? BigInt(shape.nProvider + 1) : v)), shape)).code).toBe('BAD_PUBLIC_INPUTS');
      const other = SHAPES.find((s) => s.ciphertextLength !== shape.ciphertextLength)!;
      expect(inputError(() => parseRegistrationPublicInputs(vector, other)).code).toBe('BAD_PUBLIC_INPUTS');
    });
  }

  it('k5d4n109 refuses the full range ±10^6 (its range is ±10^3)', () => {
    const shape = shapeByName('k5d4n109');
    const wide = { x: [10n ** 10n, 0n, 0n, 0n], y: 0n };
    expect(inputError(() => checkRegistrationInput({ ...valid, rows: [wide] }, shape)).message).toContain('±10^3');
  });
});
