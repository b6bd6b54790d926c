/**
 * The encryption layer: the owner's key (from an EIP-712 signature), registration encryption and
 * decryption (ECDH on Grumpkin, Poseidon2 key stream), bit for bit as the registration circuit.
 */
export { deriveOwnerKey, ownerKeyFromSigner, ownerKeyTypedData, OWNER_KEY_PURPOSE, type OwnerKey, type OwnerKeySigner, type OwnerKeyTypedData } from './owner-key.js';
export { encryptRegistration, type RegistrationInput } from './registration.js';
export { decryptRegistration, DecryptionError, type Delivery } from './decrypt.js';
export { randomSalt } from './random.js';
