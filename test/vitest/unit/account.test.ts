import { describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { ANVIL_ACCOUNTS } from '../../../ts/dev/anvil.js';
import { accountFromKey } from '../../../ts/chain/account.js';
import { inputError } from '../helpers/errors.js';

describe('accountFromKey (the account connect makes of a key string)', () => {
  it('gives the account of a valid key', () => {
    expect(accountFromKey(ANVIL_ACCOUNTS[0]!.privateKey).address).toBe(ANVIL_ACCOUNTS[0]!.address);
  });
  it('refuses a malformed key with an InputError that does not echo the key', () => {
    const good = ANVIL_ACCOUNTS[1]!.privateKey;
    const bad = [good.slice(0, 60), `${good}ab`, `0x${'zz'.repeat(32)}`, good.slice(2), `0x${'00'.repeat(32)}`, `0x${'ff'.repeat(32)}`] as Hex[];
    for (const key of bad) {
      const err = inputError(() => accountFromKey(key));
      expect(err.code, key).toBe('KEY_INVALID');
      expect(err.message).toMatch(/0x followed by 64 hex digits/);
      expect(err.message).not.toContain(key.replace(/^0x/, '').slice(0, 16));
    }
  });
});
