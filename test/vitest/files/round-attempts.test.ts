/**
 * The round creations in flight that the owner's secrets file records (`pending`): the first
 * format (no `pending`) still reads, an attempt is found only for the same validation data,
 * sender, chain and contract, it is forgotten (the salt kept) once its round is known, and a
 * damaged entry is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Address } from 'viem';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldHex } from '../../../ts/protocol/layout.js';
import { clearRoundAttempt, earlierAttemptFor, readOwnerSecrets, recordRoundAttempt, recordValidationSalt, validationDigest, validationSaltFor } from '../../../ts/round/owner-secrets.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-attempts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONTRACT: Address = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const SENDER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const who: { chainId: number; contract: Address; sender: Address } = { chainId: 31337, contract: CONTRACT, sender: SENDER };
const rows = [{ x: [1n, 2n], y: 3n }, { x: [4n, 5n], y: 6n }];
const HASH = `0x${'ab'.repeat(32)}` as const;

describe('round creations in flight in the owner secrets file', () => {
  it('the first format (no pending) reads and is extended in place', () => {
    const file = join(dir, 'old.json');
    writeFileSync(file, JSON.stringify({ version: 1, validation: { '0x7': '0x9' } }));
    expect(readOwnerSecrets(file)).toEqual({ version: 1, validation: { '0x7': '0x9' } });
    expect(earlierAttemptFor(file, who, validationDigest(0, rows))).toBeUndefined();
    recordValidationSalt(file, 8n, 10n);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, validation: { '0x7': '0x9', [fieldHex(8n)]: fieldHex(10n) } }); // no empty pending written
  });

  it('an attempt is found for the same validation data, sender, chain and contract only, and forgotten once its round is known', () => {
    const file = join(dir, 'owner.json');
    const digest = validationDigest(0, rows);
    recordValidationSalt(file, 21n, 22n);
    recordRoundAttempt(file, 21n, { ...who, nonce: 5, hash: HASH, validation: digest });
    expect(earlierAttemptFor(file, who, digest)).toEqual({ commitment: 21n, salt: 22n, attempt: { ...who, nonce: 5, hash: HASH, validation: digest } });
    // Lowercase addresses match their checksummed form.
    expect(earlierAttemptFor(file, { ...who, sender: SENDER.toLowerCase() as Address }, digest)?.commitment).toBe(21n);
    for (const other of [{ ...who, chainId: 1 }, { ...who, contract: SENDER }, { ...who, sender: CONTRACT }]) expect(earlierAttemptFor(file, other, digest)).toBeUndefined();
    expect(earlierAttemptFor(file, who, validationDigest(1, rows))).toBeUndefined(); // another shape
    expect(earlierAttemptFor(file, who, validationDigest(0, [rows[0]!]))).toBeUndefined(); // other rows
    clearRoundAttempt(file, 21n);
    expect(earlierAttemptFor(file, who, digest)).toBeUndefined();
    expect(validationSaltFor(file, 21n)).toBe(22n);
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('pending');
  });

  it('a damaged attempt is refused as a bad secrets file', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, validation: {}, pending: { '0x1': { chainId: 1, contract: CONTRACT, sender: SENDER, nonce: -1, validation: HASH } } }));
    expect(() => readOwnerSecrets(file)).toThrow(expect.objectContaining({ code: 'BAD_SECRETS' }));
  });
});
