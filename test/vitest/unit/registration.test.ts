import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerCommitment } from '../../../ts/circuit/commitment.js';
import { multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import { REGISTER_SHAPE } from '../../../ts/crypto/register-shape.js';
import {
  buildRegistrationWitness,
  checkRegistrationInput,
  encryptRegistration,
  parseRegistrationPublicInputs,
  registrationPublicInputVector,
  type RegistrationInput,
} from '../../../ts/crypto/registration.js';
import { FIELD_MODULUS, fieldHex } from '../../../ts/protocol/layout.js';
import { InputError } from '../../../ts/errors.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { PAYEES, line } from '../helpers/datasets.js';
import { inputError } from '../helpers/errors.js';

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
      expect(inputError(() => checkRegistrationInput({ ...valid, ...change })).code).toBe(code);
      await expect(encryptRegistration(api, { ...valid, ...change })).rejects.toThrow(InputError);
    });
  }

  it('accepts the bounds: 1 and 128 rows, ±10^10, salt p − 1, payee 2^160 − 1', () => {
    for (const change of [{ rows: line(43, 1) }, { rows: line(44, 128) }, { rows: [{ x: [M], y: -M }] }, { salt: FIELD_MODULUS - 1n }, { payee: (1n << 160n) - 1n }]) {
      expect(() => checkRegistrationInput({ ...valid, ...change })).not.toThrow();
    }
  });

  it('refuses a context that is not a field element', async () => {
    await expect(buildRegistrationWitness(api, FIELD_MODULUS, valid)).rejects.toThrow(/context/);
  });
});

describe('encryptRegistration', () => {
  it('commits as providerCommitment and draws a fresh ephemeral key each time', async () => {
    const a = await encryptRegistration(api, valid);
    const b = await encryptRegistration(api, valid);
    expect(a.registration.commitment).toBe(await providerCommitment(api, valid.rows, valid.salt, valid.payee));
    expect(a.registration.commitment).toBe(b.registration.commitment);
    expect(a.ephemeralSecret).not.toBe(b.ephemeralSecret);
    expect(a.registration.ephemeralKey).toEqual(multiplyGenerator(a.ephemeralSecret));
    // Same plaintext, fresh key stream: no ciphertext element repeats.
    const seen = new Set(a.registration.ciphertext);
    expect(b.registration.ciphertext.some((c) => seen.has(c))).toBe(false);
    expect(a.registration.ciphertext).toHaveLength(REGISTER_SHAPE.c);
  });

  it('is reproducible with a given ephemeral secret', async () => {
    const a = await encryptRegistration(api, { ...valid, ephemeralSecret: 99n });
    const b = await encryptRegistration(api, { ...valid, ephemeralSecret: 99n });
    expect(a).toEqual(b);
  });
});

describe('registration public inputs', () => {
  it('round-trips through the flat vector (hex, as bb.js returns it)', async () => {
    const { publicValues } = await buildRegistrationWitness(api, 77n, valid);
    const vector = registrationPublicInputVector(publicValues);
    expect(vector).toHaveLength(8 + REGISTER_SHAPE.c);
    expect(parseRegistrationPublicInputs(vector.map(fieldHex))).toEqual(publicValues);
  });

  it('refuses a vector of the wrong length, non-field values and num_rows outside 1..128', async () => {
    const { publicValues } = await buildRegistrationWitness(api, 77n, valid);
    const vector = registrationPublicInputVector(publicValues);
    const bad = [vector.slice(1), [...vector, 0n], vector.map((v, i) => (i === 9 ? FIELD_MODULUS : v)), vector.map((v, i) => (i === 3 ? 0n : v)), vector.map((v, i) => (i === 3 ? 129n : v))];
    for (const v of bad) expect(inputError(() => parseRegistrationPublicInputs(v)).code).toBe('BAD_PUBLIC_INPUTS');
  });
});
