/**
 * The model owner's one secrets file: the salt of each validation set it committed to, keyed by the
 * commitment (a fresh salt per round, so keys never collide). The owner's encryption key is not
 * stored: it is re-derived from the owner's signature (`ownerKeyFromSigner`). Providers need no
 * file: their salt is fresh per round and delivered, encrypted, with the registration.
 *
 * It also holds each round creation still in flight (`pending`, keyed by the validation
 * commitment): who sent it, with which nonce and hash, for which validation data, on which chain
 * and contract. Recorded before the transaction reaches the node and removed once the round is
 * known, it lets a retry find the round its earlier attempt opened instead of escrowing again
 * (`ts/round/earlier-attempt.ts`). Files without it (the first format) read as before.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { getAddress, type Address, type Hex } from 'viem';
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { withFileLock } from '../files/file-lock.js';
import { fieldHex } from '../protocol/layout.js';

const hex = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, '0x-hex field element');
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'address').transform((a) => getAddress(a));
const hash = z.string().regex(/^0x[0-9a-f]{64}$/, '0x-hex 32 bytes').transform((h) => h as Hex);
/** A round creation sent (or about to be) whose round is not known yet. */
export const roundAttemptSchema = z.object({
  chainId: z.number().int().positive(),
  contract: address,
  sender: address,
  nonce: z.number().int().nonnegative(),
  /** The signed transaction's hash (absent if it was never signed). */
  hash: hash.optional(),
  /** sha256 of the validation data and shape ({@link validationDigest}): what a retry matches. */
  validation: hash,
});
/** A round creation in flight. */
export type RoundAttempt = z.output<typeof roundAttemptSchema>;
/** The JSON shape of the owner's secrets file. */
export const ownerSecretsSchema = z.object({ version: z.literal(1), validation: z.record(hex, hex), pending: z.record(hex, roundAttemptSchema).optional() });
/** The owner's secrets file. */
export type OwnerSecretsFile = z.output<typeof ownerSecretsSchema>;

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
  updateOwnerSecrets(path, (file) => {
    file.validation[fieldHex(commitment)] = fieldHex(salt);
  });
}

/** Reads, changes and rewrites the file under its lock, atomically, mode 0600. */
function updateOwnerSecrets(path: string, change: (file: OwnerSecretsFile) => void): void {
  withFileLock(path, () => {
    const file = readOwnerSecrets(path);
    change(file);
    if (file.pending && Object.keys(file.pending).length === 0) delete file.pending;
    writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  });
}

/**
 * Records (or updates) the round creation in flight for a validation commitment, before its
 * transaction reaches the node. @throws like {@link recordValidationSalt}
 */
export function recordRoundAttempt(path: string, commitment: bigint, attempt: RoundAttempt): void {
  updateOwnerSecrets(path, (file) => {
    file.pending = { ...file.pending, [fieldHex(commitment)]: attempt };
  });
}

/** Forgets the round creation in flight for a commitment (its round is known). The salt stays. */
export function clearRoundAttempt(path: string, commitment: bigint): void {
  if (!existsSync(path)) return;
  updateOwnerSecrets(path, (file) => {
    if (file.pending) delete file.pending[fieldHex(commitment)];
  });
}

/** A round creation in flight for this validation data, sender, chain and contract, with its commitment and salt. */
export interface EarlierAttempt {
  commitment: bigint;
  salt: bigint;
  attempt: RoundAttempt;
}

/** The round creation in flight matching `who` and `validation` (a {@link validationDigest}), if any. */
export function earlierAttemptFor(path: string, who: { chainId: number; contract: Address; sender: Address }, validation: Hex): EarlierAttempt | undefined {
  const file = readOwnerSecrets(path);
  for (const [commitment, attempt] of Object.entries(file.pending ?? {})) {
    const salt = file.validation[commitment];
    if (salt === undefined || attempt.validation !== validation || attempt.chainId !== who.chainId) continue;
    if (attempt.contract !== getAddress(who.contract) || attempt.sender !== getAddress(who.sender)) continue;
    return { commitment: BigInt(commitment), salt: BigInt(salt), attempt };
  }
  return undefined;
}

/** What a retry recognises validation data by, whatever its salt: sha256 of the shape id and the fixed-point rows. */
export function validationDigest(shapeId: number, rows: readonly { x: readonly bigint[]; y: bigint }[]): Hex {
  const text = JSON.stringify({ shapeId, rows: rows.map((r) => [...r.x.map(String), String(r.y)]) });
  return `0x${createHash('sha256').update(text).digest('hex')}`;
}

/** Fails unless the secrets file exists (where a salt is needed). @throws InputError `SECRETS_NOT_FOUND` */
export function requireOwnerSecrets(path: string): void {
  if (!existsSync(path)) throw new InputError('SECRETS_NOT_FOUND', `file not found: ${path} (the owner's secrets file); give the secrets file the round was created with (the one its validation salt was recorded in).`, { details: { option: 'secrets', path } });
}

/** The salt of a validation commitment. @throws InputError `SECRETS_NOT_FOUND`, `SALT_NOT_FOUND`, `BAD_SECRETS` */
export function validationSaltFor(path: string, commitment: bigint): bigint {
  requireOwnerSecrets(path);
  const salt = readOwnerSecrets(path).validation[fieldHex(commitment)];
  if (salt === undefined) throw new InputError('SALT_NOT_FOUND', `${path} has no salt for validation commitment ${fieldHex(commitment)}; use the secrets file the round was created with.`);
  return BigInt(salt);
}
