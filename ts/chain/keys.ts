/** The sending account from the environment: keys are only ever read from there, never from the command line. */
import type { Account, Hex } from 'viem';
import { accountFromKey } from './account.js';
import { InputError } from '../errors/index.js';

/**
 * The private key in the environment variable `name` (default `PRIVATE_KEY`), 0x-prefixed.
 * @throws InputError `KEY_MISSING` / `KEY_INVALID`
 */
export function privateKeyFromEnv(name = 'PRIVATE_KEY', env: NodeJS.ProcessEnv = process.env): Hex {
  const raw = env[name]?.trim();
  if (!raw) throw new InputError('KEY_MISSING', `set ${name} in the environment to the 0x-prefixed private key of the sending account (keys are never taken from the command line).`);
  const hex = raw.startsWith('0x') ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new InputError('KEY_INVALID', `${name} is not a private key: it must be 32 bytes in hex (64 hex digits, optionally 0x-prefixed).`);
  return hex as Hex;
}

/** The account of {@link privateKeyFromEnv}. */
export function accountFromEnv(name = 'PRIVATE_KEY', env: NodeJS.ProcessEnv = process.env): Account {
  return accountFromKey(privateKeyFromEnv(name, env));
}

/** A viem account from an account or a private key. @throws InputError `KEY_INVALID` (never echoing the key) */
export function toAccount(account: Account | Hex): Account {
  return typeof account === 'string' ? accountFromKey(account) : account;
}
