// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHonkVerifier} from "../../../contracts/interfaces/IHonkVerifier.sol";

/// @notice Test verifier that accepts every proof, so fuzzers can choose the Shapley values freely.
contract AcceptAllVerifier is IHonkVerifier {
    function verify(bytes calldata, bytes32[] calldata) external pure returns (bool) {
        return true;
    }
}

/// @notice Test verifier for unit tests: accepts a proof only when the public inputs hash to
///         `expectedInputsHash` (when set) and the proof equals `expectedProof` (when set); can be
///         switched to return false or to revert.
contract ConfigurableVerifier is IHonkVerifier {
    enum Mode {
        Check,
        ReturnFalse,
        Revert,
        RevertEmpty
    }

    Mode public mode;
    bytes32 public expectedInputsHash;
    bytes32 public expectedProofHash;

    error Rejected();

    function setMode(Mode m) external {
        mode = m;
    }

    function expect(bytes32[] calldata inputs, bytes calldata proof) external {
        expectedInputsHash = keccak256(abi.encodePacked(inputs));
        expectedProofHash = keccak256(proof);
    }

    function verify(bytes calldata proof, bytes32[] calldata inputs) external view returns (bool) {
        Mode m = mode;
        if (m == Mode.ReturnFalse) return false;
        if (m == Mode.Revert) revert Rejected();
        if (m == Mode.RevertEmpty) {
            // solhint-disable-next-line no-inline-assembly
            assembly {
                revert(0, 0)
            }
        }
        if (expectedInputsHash != bytes32(0) && keccak256(abi.encodePacked(inputs)) != expectedInputsHash) {
            return false;
        }
        if (expectedProofHash != bytes32(0) && keccak256(proof) != expectedProofHash) return false;
        return true;
    }
}

/// @notice A "verifier" that tries to change state during `verify` (it is called with STATICCALL,
///         so the write reverts and the submission is rejected).
contract StateChangingVerifier {
    uint256 public calls;

    function verify(bytes calldata, bytes32[] calldata) external returns (bool) {
        ++calls;
        return true;
    }
}
