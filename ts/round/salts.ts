import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../errors/index.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { randomSalt } from '../crypto/random.js';
import { FIELD_MODULUS } from '../protocol/layout.js';

/**
 * Salts make commitments hiding: each provider keeps its own secret and shares it only with the
 * model owner, who needs it to prove. Stored as `{ "providers": { name: "0x…" }, "validation": "0x…" }`.
 */
export interface Salts {
  providers: Record<string, bigint>;
  validation: bigint;
}

/** Fresh random salts for the given providers and the validation set. */
export function freshSalts(providers: readonly string[]): Salts {
  return { providers: Object.fromEntries(providers.map((p) => [p, randomSalt()])), validation: randomSalt() };
}

function parseSalt(v: unknown, what: string, file: string): bigint {
  if (typeof v !== 'string' || !/^(0x[0-9a-fA-F]+|\d+)$/.test(v)) throw new InputError('BAD_SALTS', `${file}: the salt of ${what} must be a decimal or 0x-hex string.`);
  const s = BigInt(v);
  if (s >= FIELD_MODULUS) throw new InputError('BAD_SALTS', `${file}: the salt of ${what} is not below the field modulus.`);
  return s;
}

/** Reads a salts file; every provider in `providers` must have a salt. */
export function readSalts(file: string, providers: readonly string[]): Salts {
  if (!existsSync(file)) throw new InputError('FILE_NOT_FOUND', `Salts file ${file} does not exist.`);
  let json: { providers?: Record<string, unknown>; validation?: unknown };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch {
    throw new InputError('BAD_SALTS', `${file} is not valid JSON.`);
  }
  const out: Salts = { providers: {}, validation: parseSalt(json.validation, 'the validation set', file) };
  for (const p of providers) {
    if (!json.providers || !(p in json.providers)) throw new InputError('BAD_SALTS', `${file} has no salt for provider "${p}".`);
    out.providers[p] = parseSalt(json.providers[p], `provider "${p}"`, file);
  }
  return out;
}

/** Writes salts as JSON (0x-hex), atomically, mode 0600 (also over an existing file). @throws ZkmlError `WRITE_FAILED` */
export function writeSalts(file: string, salts: Salts): void {
  const hex = (v: bigint) => '0x' + v.toString(16);
  const json = { providers: Object.fromEntries(Object.entries(salts.providers).map(([k, v]) => [k, hex(v)])), validation: hex(salts.validation) };
  writeFileAtomic(file, JSON.stringify(json, null, 2) + '\n', { mode: 0o600 });
}

/**
 * Reads payees: `{ "alice": "0x…address", … }`. A provider's commitment binds the address it
 * registers from, so the prover needs every provider's address.
 */
export function readPayees(file: string, providers: readonly string[]): Record<string, bigint> {
  if (!existsSync(file)) throw new InputError('FILE_NOT_FOUND', `Payees file ${file} does not exist.`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    throw new InputError('BAD_PAYEES', `${file} is not valid JSON.`);
  }
  const out: Record<string, bigint> = {};
  for (const p of providers) {
    const v = json[p];
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
      throw new InputError('BAD_PAYEES', `${file}: provider "${p}" needs its payout address (0x followed by 40 hex digits), the address it registers from.`);
    }
    const a = BigInt(v);
    if (a === 0n) throw new InputError('BAD_PAYEES', `${file}: provider "${p}" has the zero address.`);
    out[p] = a;
  }
  return out;
}
