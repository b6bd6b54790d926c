// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHonkVerifier} from "../../../contracts/interfaces/IHonkVerifier.sol";

/// @notice Mock verifier that accepts every proof, so fuzzers can choose the Shapley values freely.
contract AcceptAllVerifier is IHonkVerifier {
    function verify(bytes calldata, bytes32[] calldata) external pure returns (bool) {
        return true;
    }
}

/// @notice Mock verifier for unit tests: accepts a proof only when the public inputs hash to
///         `expectedInputsHash` (when set) and the proof equals `expectedProof` (when set); can be
///         switched to return false or to revert. Records the last public inputs it was asked about
///         (`verify` is a view, so recording happens through `record`, called by tests).
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

    function clear() external {
        expectedInputsHash = bytes32(0);
        expectedProofHash = bytes32(0);
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

/// @notice Mock registration verifier modelling the payee binding of the real registration circuit:
///         a "proof" is abi.encode(payee) and is accepted only when it equals the public input
///         `payee` (offset 1). A copier who replays someone else's proof from its own address is rejected,
///         exactly as with the real circuit, whose proof binds the commitment to its payee.
contract PayeeBoundRegistrationVerifier is IHonkVerifier {
    function verify(bytes calldata proof, bytes32[] calldata inputs) external pure returns (bool) {
        return proof.length == 32 && bytes32(proof) == inputs[1];
    }
}

/// @notice Mock validation verifier modelling what the real validation proof binds: a "proof" is
///         abi.encode(validationCommitment, validationRows) and is accepted only when it equals the public
///         inputs (commitment, m). A proof of another commitment or of another row count is rejected, as
///         with the real circuit.
contract ValidationBoundVerifier is IHonkVerifier {
    function verify(bytes calldata proof, bytes32[] calldata inputs) external pure returns (bool) {
        return inputs.length == 2 && proof.length == 64 && keccak256(proof) == keccak256(abi.encode(inputs[0], inputs[1]));
    }
}

/// @notice MUTANT settlement verifier used to show that the invariant handler catches a contract that
///         refuses valid settlements: it rejects every settlement with k ≥ 3 providers (public input
///         `num_providers`, offset 2 + 2K), while the handler, which models an honest prover, predicts
///         success.
contract RefuseK3Verifier is IHonkVerifier {
    uint256 public immutable numProvidersOffset;

    constructor(uint256 k) {
        numProvidersOffset = 2 + 2 * k;
    }

    function verify(bytes calldata, bytes32[] calldata inputs) external view returns (bool) {
        return uint256(inputs[numProvidersOffset]) < 3;
    }
}

/// @notice Mock verifier that replays a REAL proof and its public inputs against a real verifier,
///         whatever it is called with: it costs what the real verification of that proof costs, plus one
///         CALL and reading the stored inputs from code (EXTCODECOPY, no storage reads), so `submit` with
///         8 providers can be measured with the real optimized verifier while the fixture only has 3
///         providers. Gas measurement only.
contract FixtureReplayVerifier is IHonkVerifier {
    IHonkVerifier public immutable real;
    /// A contract whose code is abi.encode(inputs).
    address public immutable data;

    constructor(IHonkVerifier real_, bytes32[] memory inputs) {
        real = real_;
        bytes memory blob = abi.encode(inputs);
        // Creation code: copy the blob that follows this 12-byte prefix into memory and return it.
        bytes memory init = abi.encodePacked(hex"61", uint16(blob.length), hex"80600c6000396000f3", blob);
        address at;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            at := create(0, add(init, 32), mload(init))
        }
        require(at != address(0), "data store");
        data = at;
    }

    function verify(bytes calldata proof, bytes32[] calldata) external view returns (bool) {
        bytes memory blob = data.code;
        return real.verify(proof, abi.decode(blob, (bytes32[])));
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
