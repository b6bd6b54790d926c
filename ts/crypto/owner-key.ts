/**
 * The round owner's Grumpkin encryption key, derived from an Ethereum signature so the owner has
 * nothing extra to keep: sk = keccak256(canonical signature) mod n, OwnerKey = sk·G.
 *
 * The signature is over {@link ownerKeyMessage} (EIP-191 `personal_sign`), which names the chain
 * and the contract, so a key is never shared across deployments. Wallets sign deterministically
 * (RFC 6979), so the same account gets the same key every time; the signature is canonicalised
 * (low s, v ∈ {27, 28}) first so a wallet returning the high-s twin derives the same key. Anyone
 * who sees the signature can decrypt: it must never leave the owner's machine.
 */
import { getAddress, keccak256, type Address, type Hex } from 'viem';
import { InputError } from '../errors.js';
import { GRUMPKIN_ORDER, multiplyGenerator, type GrumpkinPoint } from './grumpkin.js';

/** secp256k1's group order (for the low-s form of a signature). */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The owner's key pair: the secret stays with the owner, the public key goes on chain. */
export interface OwnerKey {
  /** 1 ≤ secret < n (Grumpkin's order). */
  secret: bigint;
  /** secret·G. */
  publicKey: GrumpkinPoint;
}

/** The fixed message an owner signs to derive its key for one contract on one chain. */
export function ownerKeyMessage(chainId: bigint | number, contract: Address): string {
  return [
    'zkml-incentives: round encryption key',
    `Chain ID: ${BigInt(chainId)}`,
    `Contract: ${getAddress(contract)}`,
    '',
    'Signing derives the key that decrypts the data providers deliver to your rounds on this contract.',
    'It sends no transaction. Never share this signature: anyone holding it can read that data.',
  ].join('\n');
}

/** r ‖ low-s ‖ v (27 or 28) of a 65-byte signature; throws on anything else. */
function canonicalSignature(signature: Hex): Uint8Array {
  const hex = signature.startsWith('0x') ? signature.slice(2) : signature;
  if (!/^[0-9a-fA-F]{130}$/.test(hex)) {
    throw new InputError('BAD_SIGNATURE', 'The owner-key signature must be a 65-byte hex signature (r, s, v), as `personal_sign` returns.');
  }
  const r = BigInt('0x' + hex.slice(0, 64));
  let s = BigInt('0x' + hex.slice(64, 128));
  let v = parseInt(hex.slice(128), 16);
  if (v < 27) v += 27;
  if (r === 0n || r >= SECP256K1_N || s === 0n || s >= SECP256K1_N || (v !== 27 && v !== 28)) {
    throw new InputError('BAD_SIGNATURE', 'The owner-key signature is not a valid secp256k1 signature.');
  }
  if (s > SECP256K1_N / 2n) {
    s = SECP256K1_N - s;
    v = v === 27 ? 28 : 27;
  }
  const out = Buffer.alloc(65);
  Buffer.from(r.toString(16).padStart(64, '0'), 'hex').copy(out, 0);
  Buffer.from(s.toString(16).padStart(64, '0'), 'hex').copy(out, 32);
  out[64] = v;
  return out;
}

/**
 * The owner key from the owner's signature over {@link ownerKeyMessage}.
 * @throws InputError `BAD_SIGNATURE`
 */
export function deriveOwnerKey(signature: Hex): OwnerKey {
  const secret = BigInt(keccak256(canonicalSignature(signature))) % GRUMPKIN_ORDER;
  // Probability 2^-254; refuse rather than derive the identity.
  if (secret === 0n) throw new InputError('BAD_SIGNATURE', 'This signature derives the zero key; sign again with another account.');
  return { secret, publicKey: multiplyGenerator(secret) };
}

/**
 * Signs {@link ownerKeyMessage} with `sign` (e.g. viem `account.signMessage({ message })`) and
 * derives the owner key from the signature.
 */
export async function ownerKeyFromSigner(
  sign: (message: string) => Promise<Hex>,
  chainId: bigint | number,
  contract: Address,
): Promise<OwnerKey> {
  return deriveOwnerKey(await sign(ownerKeyMessage(chainId, contract)));
}
