import type { Barretenberg } from '@aztec/bb.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permute } from '../../../ts/circuit/commitment.js';
import { multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import { TAG_ENC, addStream, keyStream, subtractStream } from '../../../ts/crypto/key-stream.js';
import { FIELD_MODULUS } from '../../../ts/protocol/layout.js';
import { startProvingBarretenberg } from '../../../ts/toolchain/barretenberg.js';

// The bit-for-bit match with noir/register/src/cipher.nr is tested by executing the circuit on
// the TypeScript ciphertexts (test/vitest/circuit/register.test.ts); here, the structure.
let api: Barretenberg;
beforeAll(async () => {
  api = await startProvingBarretenberg();
});
afterAll(() => api?.destroy());

const S = multiplyGenerator(31337n);

describe('key stream', () => {
  it('is lanes 0..2 of permute([S.x, S.y, j, TAG_ENC]) for j = 0, 1, ...', async () => {
    const ks = await keyStream(api, S, 7);
    expect(ks).toHaveLength(7);
    for (let j = 0; j < 3; j++) {
      const block = await permute(api, [S.x, S.y, BigInt(j), TAG_ENC]);
      expect(ks.slice(3 * j, 3 * j + 3)).toEqual(block.slice(0, 3).slice(0, Math.min(3, 7 - 3 * j)));
    }
  });

  it('is a prefix for shorter lengths, and differs for another shared point', async () => {
    const long = await keyStream(api, S, 46);
    expect(await keyStream(api, S, 10)).toEqual(long.slice(0, 10));
    const other = await keyStream(api, multiplyGenerator(31338n), 46);
    expect(other.some((v, i) => v === long[i])).toBe(false);
    expect(new Set(long).size).toBe(46);
  });

  it('adds and subtracts mod p (including wrap-around)', () => {
    const pt = [0n, 1n, FIELD_MODULUS - 1n, 123456789n];
    const ks = [FIELD_MODULUS - 1n, FIELD_MODULUS - 1n, 5n, 0n];
    const ct = addStream(pt, ks);
    expect(ct.every((v) => v >= 0n && v < FIELD_MODULUS)).toBe(true);
    expect(subtractStream(ct, ks)).toEqual(pt);
  });
});
