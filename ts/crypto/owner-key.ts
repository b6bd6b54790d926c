/**
 * The round owner's Grumpkin encryption key, derived from an Ethereum signature so the owner has
 * nothing extra to keep: sk = keccak256(canonical signature) mod n, OwnerKey = sk·G.
 *
 * The signature is an EIP-712 typed-data signature ({@link ownerKeyTypedData}) whose domain names
 * the chain id and the verifying contract (the ZKMLIncentives), so wallets display which contract
 * on which chain the key is for, a key is never shared across deployments, and a page asking for a
 * plain-text signature cannot obtain it. Wallets sign deterministically (RFC 6979), so the same
 * account gets the same key every time; the signature is canonicalised (low s, v ∈ {27, 28})
 * first so a wallet returning the high-s twin derives the same key. Anyone who sees the signature
 * can decrypt every round of that owner on that contract: it must never leave the owner's machine.
 */
import { getAddress, keccak256, type Address, type Hex } from 'viem';
import { InputError } from '../errors/index.js';
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

/** What the wallet shows as the `purpose` of the owner-key signature. */
export const OWNER_KEY_PURPOSE =
  'Derive the key that decrypts the data providers deliver to your rounds on this contract. It sends no transaction. Never share this signature: anyone holding it can read that data.';

/** The EIP-712 document an owner signs to derive its key: see {@link ownerKeyTypedData}. */
export interface OwnerKeyTypedData {
  domain: { name: 'zkml-incentives'; version: '1'; chainId: bigint; verifyingContract: Address };
  types: { OwnerKey: readonly [{ readonly name: 'purpose'; readonly type: 'string' }, { readonly name: 'owner'; readonly type: 'address' }] };
  primaryType: 'OwnerKey';
  message: { purpose: string; owner: Address };
}

/**
 * The typed data an owner signs (`eth_signTypedData_v4`) to derive its key for one contract on one
 * chain: domain {name: 'zkml-incentives', version: '1', chainId, verifyingContract: contract},
 * `OwnerKey { string purpose; address owner }`.
 */
export function ownerKeyTypedData(chainId: bigint | number, contract: Address, owner: Address): OwnerKeyTypedData {
  return {
    domain: { name: 'zkml-incentives', version: '1', chainId: BigInt(chainId), verifyingContract: getAddress(contract) },
    types: { OwnerKey: [{ name: 'purpose', type: 'string' }, { name: 'owner', type: 'address' }] },
    primaryType: 'OwnerKey',
    message: { purpose: OWNER_KEY_PURPOSE, owner: getAddress(owner) },
  };
}

/** r ‖ low-s ‖ v (27 or 28) of a 65-byte signature; throws on anything else. */
function canonicalSignature(signature: Hex): Uint8Array {
  const hex = signature.startsWith('0x') ? signature.slice(2) : signature;
  if (!/^[0-9a-fA-F]{130}$/.test(hex)) {
    throw new InputError('BAD_SIGNATURE', 'The owner-key signature must be a 65-byte hex signature (r, s, v), as `eth_signTypedData_v4` returns.');
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
 * The owner key from the owner's signature over {@link ownerKeyTypedData}.
 * @throws InputError `BAD_SIGNATURE`
 */
export function deriveOwnerKey(signature: Hex): OwnerKey {
  const secret = BigInt(keccak256(canonicalSignature(signature))) % GRUMPKIN_ORDER;
  // Probability 2^-254; refuse rather than derive the identity.
  if (secret === 0n) throw new InputError('BAD_SIGNATURE', 'This signature derives the zero key; sign again with another account.');
  return { secret, publicKey: multiplyGenerator(secret) };
}

/**
 * Who signs the owner-key typed data: a viem local account (`privateKeyToAccount`), or any object
 * with the owner's address and an EIP-712 signer, e.g. for a wallet client
 * `{ address, signTypedData: (t) => wallet.signTypedData({ account: address, ...t }) }`.
 */
export interface OwnerKeySigner {
  address: Address;
  /** Absent on JSON-RPC accounts (the node signs): such an account is refused. */
  signTypedData?: ((typedData: OwnerKeyTypedData) => Promise<Hex>) | undefined;
}

/**
 * Signs {@link ownerKeyTypedData} (chain `chainId`, contract `contract`, owner `signer.address`)
 * with `signer` and derives the owner key from the signature.
 * @throws InputError `BAD_SIGNER` (the signer cannot sign typed data), `BAD_SIGNATURE`
 */
export async function ownerKeyFromSigner(signer: OwnerKeySigner, chainId: bigint | number, contract: Address): Promise<OwnerKey> {
  if (typeof signer.signTypedData !== 'function') {
    throw new InputError('BAD_SIGNER', `the account ${signer.address} cannot sign typed data (EIP-712) here: derive the owner key with a local account (privateKeyToAccount) or a wallet that implements eth_signTypedData_v4.`);
  }
  return deriveOwnerKey(await signer.signTypedData(ownerKeyTypedData(chainId, contract, signer.address)));
}
