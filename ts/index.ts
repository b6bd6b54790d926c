/**
 * zkml-incentives: zero-knowledge proofs of ridge-regression training and of data providers' exact
 * Shapley values, verified on-chain, paying providers fairly.
 *
 * The one public entry of the package. It re-exports the door of every public layer (`ts/<layer>/index.ts`);
 * narrower entries: `zkml-incentives/prover`, `/chain`, `/round`, `/data`, `/abi`. Everything else
 * in the package is internal.
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
export * from './errors/index.js';
export * from './files/index.js';
export * from './generated/index.js';
export * from './protocol/index.js';
export * from './toolchain/index.js';
export * from './circuit/index.js';
export * from './crypto/index.js';
export * from './data/index.js';
export * from './valuation/index.js';
export * from './prover/index.js';
export * from './chain/index.js';
export * from './round/index.js';
