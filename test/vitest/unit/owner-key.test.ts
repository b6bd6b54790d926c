import { describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { getAddress, type Hex } from 'viem';
import { ANVIL_ACCOUNTS } from '../../../ts/chain/anvil.js';
import { GRUMPKIN_ORDER, multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import { deriveOwnerKey, ownerKeyFromSigner, ownerKeyMessage } from '../../../ts/crypto/owner-key.js';
import { inputError } from '../helpers/errors.js';

const CONTRACT = '0x7a6b6d6c00000000000000000000000000000001';
const account = privateKeyToAccount(ANVIL_ACCOUNTS[0]!.privateKey);
const sign = (message: string) => account.signMessage({ message });
const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe('owner key from an Ethereum signature', () => {
  it('names the chain and the (checksummed) contract in the signed message', () => {
    const message = ownerKeyMessage(31337, CONTRACT.toLowerCase() as Hex);
    expect(message).toContain('Chain ID: 31337');
    expect(message).toContain(`Contract: ${getAddress(CONTRACT)}`);
    expect(message).toBe(ownerKeyMessage(31337n, CONTRACT));
    expect(ownerKeyMessage(1, CONTRACT)).not.toBe(message);
  });

  it('is deterministic: the same account, chain and contract give the same key', async () => {
    const a = await ownerKeyFromSigner(sign, 31337, CONTRACT);
    const b = deriveOwnerKey(await sign(ownerKeyMessage(31337, CONTRACT)));
    expect(a).toEqual(b);
    expect(a.secret > 0n && a.secret < GRUMPKIN_ORDER).toBe(true);
    expect(a.publicKey).toEqual(multiplyGenerator(a.secret));
  });

  it('differs per chain, per contract and per account', async () => {
    const base = await ownerKeyFromSigner(sign, 31337, CONTRACT);
    const other = privateKeyToAccount(ANVIL_ACCOUNTS[1]!.privateKey);
    const keys = [
      await ownerKeyFromSigner(sign, 1, CONTRACT),
      await ownerKeyFromSigner(sign, 31337, '0x7a6b6d6c00000000000000000000000000000002'),
      await ownerKeyFromSigner((message) => other.signMessage({ message }), 31337, CONTRACT),
    ];
    for (const k of keys) expect(k.secret).not.toBe(base.secret);
  });

  it('derives the same key from the high-s twin and from v ∈ {0, 1}', async () => {
    const sig = await sign(ownerKeyMessage(31337, CONTRACT));
    const r = sig.slice(2, 66);
    const s = BigInt('0x' + sig.slice(66, 130));
    const v = parseInt(sig.slice(130), 16);
    const twin = `0x${r}${(SECP_N - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    const zeroBased = `0x${sig.slice(2, 130)}${(v - 27).toString(16).padStart(2, '0')}` as Hex;
    expect(deriveOwnerKey(twin)).toEqual(deriveOwnerKey(sig));
    expect(deriveOwnerKey(zeroBased)).toEqual(deriveOwnerKey(sig));
  });

  it('refuses what is not a 65-byte secp256k1 signature', async () => {
    const sig = await sign(ownerKeyMessage(31337, CONTRACT));
    const bad: Hex[] = [
      sig.slice(0, 130) as Hex, // 64 bytes
      `${sig}00` as Hex,
      `0x${'00'.repeat(32)}${sig.slice(66)}` as Hex, // r = 0
      `0x${sig.slice(2, 66)}${SECP_N.toString(16)}${sig.slice(130)}` as Hex, // s = n
      `0x${sig.slice(2, 130)}1d` as Hex, // v = 29
      `0x${'zz'.repeat(65)}` as Hex,
    ];
    for (const s of bad) expect(inputError(() => deriveOwnerKey(s)).code, s).toBe('BAD_SIGNATURE');
  });
});
