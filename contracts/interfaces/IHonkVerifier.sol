// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IHonkVerifier
/// @notice The entry point of a Barretenberg UltraHonk Solidity verifier. The generated verifiers in
///         `contracts/generated/verifiers/` declare the same function (as their own `IVerifier`); this copy keeps
///         `ZKMLIncentives` independent of the generated files.
interface IHonkVerifier {
    /// @notice Checks an UltraHonk proof against its public inputs.
    /// @param proof The proof bytes produced by bb (EVM target, keccak transcript).
    /// @param publicInputs The public inputs, one BN254 field element per entry, in circuit order.
    /// @return True when the proof is valid. Generated verifiers revert on most invalid proofs
    ///         instead of returning false; callers must treat both as a rejection.
    function verify(bytes calldata proof, bytes32[] calldata publicInputs) external view returns (bool);
}
