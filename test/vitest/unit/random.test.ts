import { describe, expect, it } from 'vitest';
import { randomEphemeralSecret, randomSalt } from '../../../ts/crypto/random.js';
import { FIELD_MODULUS } from '../../../ts/protocol/layout.js';

describe('random field elements', () => {
  it('draws ephemeral secrets in [1, p) and salts in [0, p), never repeating', () => {
    const secrets = Array.from({ length: 200 }, randomEphemeralSecret);
    const salts = Array.from({ length: 200 }, randomSalt);
    for (const e of secrets) expect(e >= 1n && e < FIELD_MODULUS).toBe(true);
    for (const s of salts) expect(s >= 0n && s < FIELD_MODULUS).toBe(true);
    expect(new Set([...secrets, ...salts]).size).toBe(400);
    // Spread over the whole range: some draw lands in the top quarter (probability 1 − 0.75^200).
    expect(secrets.some((e) => e > (3n * FIELD_MODULUS) / 4n)).toBe(true);
  });
});
