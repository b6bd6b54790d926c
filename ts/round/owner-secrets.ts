/**
 * The model owner's one secrets file: the salt of each validation set it committed to, keyed by the
 * commitment (a fresh salt per round, so keys never collide). The owner's encryption key is not
 * stored: it is re-derived from the owner's signature (`ownerKeyFromSigner`). Providers need no
 * file: their salt is fresh per round and delivered, encrypted, with the registration.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { withFileLock } from '../files/file-lock.js';
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

/**
 * Records the salt of a validation commitment (written before the round is created: nothing is
 * lost if the transaction fails). The file is created if missing. Concurrent recorders are
 * serialised by the file's lock (`<path>.lock`), and the file is replaced atomically with mode
 * 0600 (also when it existed with wider permissions): a failed write keeps every earlier salt.
 * @throws InputError `BAD_SECRETS`; ZkmlError `WRITE_FAILED`, `LOCK_TIMEOUT`
 */
export function recordValidationSalt(path: string, commitment: bigint, salt: bigint): void {
  withFileLock(path, () => {
    const file = readOwnerSecrets(path);
    file.validation[fieldHex(commitment)] = fieldHex(salt);
    writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  });
}

/** Fails unless the secrets file exists (where a salt is needed). @throws InputError `SECRETS_NOT_FOUND` */
export function requireOwnerSecrets(path: string): void {
  if (!existsSync(path)) throw new InputError('SECRETS_NOT_FOUND', `file not found: ${path} (the owner's secrets file); pass the --secrets file the round was created with.`);
}

/** The salt of a validation commitment. @throws InputError `SECRETS_NOT_FOUND`, `SALT_NOT_FOUND`, `BAD_SECRETS` */
export function validationSaltFor(path: string, commitment: bigint): bigint {
  requireOwnerSecrets(path);
  const salt = readOwnerSecrets(path).validation[fieldHex(commitment)];
  if (salt === undefined) throw new InputError('SALT_NOT_FOUND', `${path} has no salt for validation commitment ${fieldHex(commitment)}; use the secrets file the round was created with.`);
  return BigInt(salt);
}
