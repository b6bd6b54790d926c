import { describe, expect, it } from 'vitest';
import { privateKeyToAccount } from 'viem/accounts';
import { getAddress, hashTypedData, recoverTypedDataAddress, type Hex } from 'viem';
import { ANVIL_ACCOUNTS } from '../../../ts/dev/anvil.js';
import { GRUMPKIN_ORDER, multiplyGenerator } from '../../../ts/crypto/grumpkin.js';
import { deriveOwnerKey, OWNER_KEY_PURPOSE, ownerKeyFromSigner, ownerKeyTypedData } from '../../../ts/crypto/owner-key.js';
import { inputError } from '../helpers/errors.js';

const CONTRACT = '0x7a6b6d6c00000000000000000000000000000001';
const account = privateKeyToAccount(ANVIL_ACCOUNTS[0]!.privateKey);
const typed = (chainId: number, contract: Hex = CONTRACT) => ownerKeyTypedData(chainId, contract, account.address);
const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe('owner key from an EIP-712 signature', () => {
  it('signs typed data whose domain names the chain and the (checksummed) contract', async () => {
    const t = ownerKeyTypedData(31337, CONTRACT.toLowerCase() as Hex, account.address.toLowerCase() as Hex);
    expect(t.domain).toEqual({ name: 'zkml-incentives', version: '1', chainId: 31337n, verifyingContract: getAddress(CONTRACT) });
    expect(t.types).toEqual({ OwnerKey: [{ name: 'purpose', type: 'string' }, { name: 'owner', type: 'address' }] });
    expect(t.primaryType).toBe('OwnerKey');
    expect(t.message).toEqual({ purpose: OWNER_KEY_PURPOSE, owner: account.address });
    expect(t).toEqual(ownerKeyTypedData(31337n, CONTRACT, account.address));
    // Another chain or contract is another document (another digest to sign).
    expect(hashTypedData(typed(1))).not.toBe(hashTypedData(t));
    expect(hashTypedData(typed(31337, '0x7a6b6d6c00000000000000000000000000000002'))).not.toBe(hashTypedData(t));
    // What ownerKeyFromSigner signs is exactly this document, by the owner.
    let signed: Hex | undefined;
    await ownerKeyFromSigner({ address: account.address, signTypedData: async (d) => (signed = await account.signTypedData(d)) }, 31337, CONTRACT);
    expect(await recoverTypedDataAddress({ ...t, signature: signed! })).toBe(account.address);
  });

  it('is deterministic: the same account, chain and contract give the same key', async () => {
    const a = await ownerKeyFromSigner(account, 31337, CONTRACT);
    const b = deriveOwnerKey(await account.signTypedData(typed(31337)));
    expect(a).toEqual(b);
    expect(await ownerKeyFromSigner(account, 31337n, CONTRACT.toLowerCase() as Hex)).toEqual(a);
    expect(a.secret > 0n && a.secret < GRUMPKIN_ORDER).toBe(true);
    expect(a.publicKey).toEqual(multiplyGenerator(a.secret));
  });

  it('differs per chain, per contract and per account', async () => {
    const base = await ownerKeyFromSigner(account, 31337, CONTRACT);
    const other = privateKeyToAccount(ANVIL_ACCOUNTS[1]!.privateKey);
    const keys = [
      await ownerKeyFromSigner(account, 1, CONTRACT),
      await ownerKeyFromSigner(account, 31337, '0x7a6b6d6c00000000000000000000000000000002'),
      await ownerKeyFromSigner(other, 31337, CONTRACT),
      // A plain-text (personal_sign) signature of the same words is not the key.
      deriveOwnerKey(await account.signMessage({ message: OWNER_KEY_PURPOSE })),
    ];
    for (const k of keys) expect(k.secret).not.toBe(base.secret);
  });

  it('refuses a signer that cannot sign typed data', async () => {
    const err = await ownerKeyFromSigner({ address: account.address }, 31337, CONTRACT).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InputError', code: 'BAD_SIGNER' });
    expect((err as Error).message).toMatch(/cannot sign typed data \(EIP-712\)/);
  });

  it('derives the same key from the high-s twin and from v ∈ {0, 1}', async () => {
    const sig = await account.signTypedData(typed(31337));
    const r = sig.slice(2, 66);
    const s = BigInt('0x' + sig.slice(66, 130));
    const v = parseInt(sig.slice(130), 16);
    const twin = `0x${r}${(SECP_N - s).toString(16).padStart(64, '0')}${(v === 27 ? 28 : 27).toString(16)}` as Hex;
    const zeroBased = `0x${sig.slice(2, 130)}${(v - 27).toString(16).padStart(2, '0')}` as Hex;
    expect(deriveOwnerKey(twin)).toEqual(deriveOwnerKey(sig));
    expect(deriveOwnerKey(zeroBased)).toEqual(deriveOwnerKey(sig));
  });

  it('refuses what is not a 65-byte secp256k1 signature', async () => {
    const sig = await account.signTypedData(typed(31337));
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
