/**
 * The model owner's one secrets file: the salt of each validation set it committed to, keyed by the
 * commitment (a fresh salt per round, so keys never collide). The owner's encryption key is not
 * stored: it is re-derived from the owner's signature (`ownerKeyFromSigner`). Providers need no
 * file: their salt is fresh per round and delivered, encrypted, with the registration.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { fieldHex } from '../protocol/layout.js';

const hex = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, '0x-hex field element');
/** The JSON shape of the owner's secrets file. */
export const ownerSecretsSchema = z.object({ version: z.literal(1), validation: z.record(hex, hex) });
/** The owner's secrets file. */
export type OwnerSecretsFile = z.infer<typeof ownerSecretsSchema>;

/** Reads the file (an empty one if it does not exist yet). @throws InputError `BAD_SECRETS` */
export function readOwnerSecrets(path: string): OwnerSecretsFile {
  if (!existsSync(path)) return { version: 1, validation: {} };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new InputError('BAD_SECRETS', `${path} is not valid JSON; it is the owner's secrets file (validation salts).`);
  }
  const parsed = ownerSecretsSchema.safeParse(json);
  if (!parsed.success) throw new InputError('BAD_SECRETS', `${path} is not an owner secrets file (${parsed.error.issues[0]?.message ?? 'wrong shape'}).`);
  return parsed.data;
}

/** Records the salt of a validation commitment (written before the round is created: nothing is lost if the transaction fails). */
export function recordValidationSalt(path: string, commitment: bigint, salt: bigint): void {
  const file = readOwnerSecrets(path);
  file.validation[fieldHex(commitment)] = fieldHex(salt);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

/** The salt of a validation commitment. @throws InputError `SALT_NOT_FOUND` */
export function validationSaltFor(path: string, commitment: bigint): bigint {
  const salt = readOwnerSecrets(path).validation[fieldHex(commitment)];
  if (salt === undefined) throw new InputError('SALT_NOT_FOUND', `${path} has no salt for validation commitment ${fieldHex(commitment)}; use the secrets file the round was created with.`);
  return BigInt(salt);
}
