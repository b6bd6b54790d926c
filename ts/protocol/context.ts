import { encodeAbiParameters, keccak256, type Address } from 'viem';
import { FIELD_MODULUS } from './layout.js';

/**
 * The public `context` of a round's proof: `uint256(keccak256(abi.encode(chainId, contract,
 * roundId))) mod p`, exactly as `ZKMLIncentives` computes it. It binds a proof to one round of one
 * deployment on one chain, so a proof cannot be replayed elsewhere.
 */
export function roundContext(chainId: bigint | number, contract: Address, roundId: bigint | number): bigint {
  const encoded = encodeAbiParameters(
    [{ type: 'uint256' }, { type: 'address' }, { type: 'uint256' }],
    [BigInt(chainId), contract, BigInt(roundId)],
  );
  return BigInt(keccak256(encoded)) % FIELD_MODULUS;
}
