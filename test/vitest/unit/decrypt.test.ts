import { DEFAULT_SHAPE } from '../../../ts/protocol/shapes/index.js';
import { getAddress } from 'viem';
import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecryptionError, decryptRegistration } from '../../../ts/crypto/decrypt.js';
import { multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import { registerShape } from '../../../ts/crypto/register-shape.js';
import { encryptRegistration } from '../../../ts/crypto/registration.js';
import type { SealedRegistration } from '../../../ts/protocol/registration.js';
import { FIELD_MODULUS } from '../../../ts/protocol/layout.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';
import { PAYEES, line } from '../helpers/datasets.js';

const REGISTER_SHAPE = registerShape(DEFAULT_SHAPE);

let api: Barretenberg;
let registration: SealedRegistration;
const secret = 0x5eed5eedn;
const ownerKey = multiplyGenerator(secret);
const rows = line(51, 20);
const salt = 0xfeedn;
const { c: C, ncp: NCP } = REGISTER_SHAPE;

beforeAll(async () => {
  api = await startProvingBarretenberg();
  registration = (await encryptRegistration(api, 77n, { rows, salt, payee: PAYEES[2]!, ownerKey }, DEFAULT_SHAPE)).registration;
});
afterAll(() => api?.destroy());

/** Runs `fn` and returns the DecryptionError it rejects with. */
async function decryptionError(fn: () => Promise<unknown>): Promise<DecryptionError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof DecryptionError) return err;
    throw err;
  }
  throw new Error('expected a DecryptionError');
}

const bump = (v: bigint) => (v + 1n) % FIELD_MODULUS;

describe('decryptRegistration', () => {
  it('recovers the rows and the salt (1, 20 and 128 rows, extreme values)', async () => {
    expect(await decryptRegistration(api, secret, registration, DEFAULT_SHAPE)).toEqual({ rows, salt });
    const M = REGISTER_SHAPE.maxAbsData;
    for (const data of [line(52, 1), line(53, 128), [{ x: [M], y: -M }, { x: [-M], y: M }]]) {
      const { registration: r } = await encryptRegistration(api, 77n, { rows: data, salt: FIELD_MODULUS - 1n, payee: PAYEES[0]!, ownerKey }, DEFAULT_SHAPE);
      expect(await decryptRegistration(api, secret, r, DEFAULT_SHAPE)).toEqual({ rows: data, salt: FIELD_MODULUS - 1n });
    }
  });

  it('refuses another owner secret (WRONG_OWNER_KEY), before any decryption', async () => {
    const err = await decryptionError(() => decryptRegistration(api, secret + 1n, registration, DEFAULT_SHAPE));
    expect(err.code).toBe('WRONG_OWNER_KEY');
    expect((await decryptionError(() => decryptRegistration(api, 0n, registration, DEFAULT_SHAPE))).code).toBe('WRONG_OWNER_KEY');
  });

  it('refuses a registration encrypted to another key even if it names this one (DECRYPTION_FAILED)', async () => {
    const { registration: forOther } = await encryptRegistration(api, 77n, { rows, salt, payee: PAYEES[2]!, ownerKey: multiplyGenerator(secret + 1n) }, DEFAULT_SHAPE);
    const err = await decryptionError(() => decryptRegistration(api, secret, { ...forOther, ownerKey }, DEFAULT_SHAPE));
    expect(err.code).toBe('DECRYPTION_FAILED');
    expect(err.message).toContain(getAddress(`0x${PAYEES[2]!.toString(16).padStart(40, '0')}`));
  });

  const tampers: [string, (r: SealedRegistration) => SealedRegistration][] = [
    ['a row element of the ciphertext', (r) => ({ ...r, ciphertext: r.ciphertext.map((c, i) => (i === 0 ? bump(c) : c)) })],
    ['an unused-chunk element of the ciphertext', (r) => ({ ...r, ciphertext: r.ciphertext.map((c, i) => (i === 3 * NCP - 1 ? bump(c) : c)) })],
    ['the salt element of the ciphertext', (r) => ({ ...r, ciphertext: r.ciphertext.map((c, i) => (i === C - 1 ? bump(c) : c)) })],
    ['a truncated ciphertext', (r) => ({ ...r, ciphertext: r.ciphertext.slice(1) })],
    ['num_rows', (r) => ({ ...r, numRows: r.numRows - 1 })],
    ['num_rows beyond capacity', (r) => ({ ...r, numRows: 129 })],
    ['the payee', (r) => ({ ...r, payee: PAYEES[3]! })],
    ['the commitment', (r) => ({ ...r, commitment: bump(r.commitment) })],
    ['the ephemeral key (off the curve)', (r) => ({ ...r, ephemeralKey: { ...r.ephemeralKey, y: bump(r.ephemeralKey.y) } })],
    ['the ephemeral key (another point)', (r) => ({ ...r, ephemeralKey: multiplyGenerator(12345n) })],
  ];
  for (const [what, tamper] of tampers) {
    it(`refuses a changed ${what} (DECRYPTION_FAILED)`, async () => {
      expect((await decryptionError(() => decryptRegistration(api, secret, tamper(registration), DEFAULT_SHAPE))).code).toBe('DECRYPTION_FAILED');
    });
  }
});
