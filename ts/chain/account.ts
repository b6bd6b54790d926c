/** A viem account from a private key, with a typed error that never echoes the key. */
import type { Hex } from 'viem';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';
import { InputError } from '../errors/index.js';

/** secp256k1's group order: a private key is 1 ≤ k < n. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * The account of a 0x-prefixed 32-byte private key.
 * @throws InputError `KEY_INVALID` (the message does not contain the key)
 */
export function accountFromKey(key: Hex): PrivateKeyAccount {
  const ok = typeof key === 'string' && /^0x[0-9a-fA-F]{64}$/.test(key) && BigInt(key) > 0n && BigInt(key) < SECP256K1_N;
  if (!ok) {
    throw new InputError('KEY_INVALID', 'the account key is not a secp256k1 private key: it must be 0x followed by 64 hex digits (32 bytes), non-zero and below the curve order.');
  }
  return privateKeyToAccount(key);
}
