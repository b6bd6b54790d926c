/**
 * zkml-incentives: zero-knowledge proofs of ridge-regression training and of data providers' exact
 * Shapley values, verified on-chain, paying providers fairly.
 *
 * The one public entry of the package. Narrower doors with the same exports: `zkml-incentives/prover`,
 * `/chain`, `/data`, `/abi`. Everything else in the package is internal.
 *
 * @example
 * ```ts
 * import { ZkmlProver, connect, registerProvider } from 'zkml-incentives';
 * const prover = await ZkmlProver.create({ crsPath: '/path/to/crs' });
 * const client = await connect({ rpcUrl, contract, account: privateKey });
 * await registerProvider(client, prover, { roundId: 1n, rows });
 * await prover.destroy();
 * ```
 */
export * from './prover/index.js';
export * from './chain/index.js';
export * from './data/index.js';
export * from './generated/index.js';
export { ChainError, InputError, ToolchainError, ZkmlError } from './errors.js';
export { DecryptionError } from './crypto/decrypt.js';
export { encryptRegistration, type RegistrationInput } from './crypto/registration.js';
export type { Registration, SealedRegistration } from './protocol/registration.js';
export { decryptRegistration, type Delivery } from './crypto/decrypt.js';
export { FIELD_MODULUS, INPUT_SCALE, MODEL_SCALE, VALUE_SCALE, fieldHex, fromFieldSigned, numPublicInputs, publicInputs, toField, type PublicInputField } from './protocol/layout.js';
export { PACKAGE_NAME, packageVersion } from './package-root.js';
