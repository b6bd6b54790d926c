/**
 * The round owner's side: recovers a provider's rows and salt from a registration's public values
 * alone (chain data), and proves to itself that they open the registered commitment.
 */
import { getAddress } from 'viem';
import type { Barretenberg } from '@aztec/bb.js';
import { ZkmlError } from '../errors/index.js';
import { providerCommitment } from '../circuit/commitment.js';
import type { FixedRow } from '../circuit/model.js';
import { isOnCurve, isScalar, multiply, multiplyGenerator } from './grumpkin.js';
import { keyStream, subtractStream } from './key-stream.js';
import { parsePlaintext } from './packing.js';
import type { Shape } from '../protocol/shapes/index.js';
import type { SealedRegistration } from '../protocol/registration.js';

/**
 * A registration that cannot be decrypted: `WRONG_OWNER_KEY` (the secret is not the one the
 * round's key was made from) or `DECRYPTION_FAILED` (the plaintext is malformed or does not open
 * the commitment: wrong key or altered ciphertext).
 */
export class DecryptionError extends ZkmlError {
  constructor(code: 'WRONG_OWNER_KEY' | 'DECRYPTION_FAILED', message: string) {
    super(code, message);
    this.name = 'DecryptionError';
  }
}

/** A decrypted delivery. */
export interface Delivery {
  rows: FixedRow[];
  salt: bigint;
}

const address = (payee: bigint) => getAddress('0x' + payee.toString(16).padStart(40, '0'));

/**
 * Decrypts `registration` (made for the registration circuit of the round's settlement `shape`) with the owner's secret and checks that the rows and salt open its
 * commitment for its payee, as that shape's settlement circuit computes it.
 * @throws DecryptionError
 */
export async function decryptRegistration(
  api: Barretenberg,
  ownerSecret: bigint,
  registration: SealedRegistration,
  shape: Shape,
): Promise<Delivery> {
  const who = `The registration of ${address(registration.payee)}`;
  if (!isScalar(ownerSecret)) throw new DecryptionError('WRONG_OWNER_KEY', 'The owner secret must satisfy 1 ≤ sk < n.');
  const mine = multiplyGenerator(ownerSecret);
  if (mine.x !== registration.ownerKey.x || mine.y !== registration.ownerKey.y) {
    throw new DecryptionError(
      'WRONG_OWNER_KEY',
      `${who} is encrypted to another key than this owner secret's. Derive the key with the round owner's account, on the round's chain and contract.`,
    );
  }
  const fail = (why: string) =>
    new DecryptionError('DECRYPTION_FAILED', `${who} does not decrypt to data opening its commitment (${why}): its ciphertext was altered or not made for this key.`);
  if (registration.payee <= 0n || registration.payee >= 1n << 160n) throw fail('the payee is not an address');
  if (!isOnCurve(registration.ephemeralKey)) throw fail('the ephemeral key is not a Grumpkin point');
  const c = shape.ciphertextLength;
  if (registration.ciphertext.length !== c) throw fail(`${registration.ciphertext.length} ciphertext elements instead of ${c} (shape ${shape.name})`);
  const shared = multiply(registration.ephemeralKey, ownerSecret);
  const plaintext = subtractStream(registration.ciphertext, await keyStream(api, shared, c));
  const parsed = parsePlaintext(plaintext, registration.numRows, shape);
  if (typeof parsed === 'string') throw fail(parsed);
  const commitment = await providerCommitment(api, parsed.rows, parsed.salt, registration.payee, shape);
  if (commitment !== registration.commitment) throw fail('the rows and salt give another commitment');
  return parsed;
}
