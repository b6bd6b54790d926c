// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {ProofFixture} from "./utils/ProofFixture.sol";

interface IHonkVerifier {
    function verify(bytes calldata proof, bytes32[] calldata publicInputs) external view returns (bool);
}

/// @notice Toolchain slice: the generated verifiers (standard and optimized) accept the committed
///         toy proof and reject it for a changed public input or a changed proof byte.
contract ToyVerifierTest is Test {
    ProofFixture.Data internal fixture;

    function setUp() public {
        fixture = ProofFixture.load("toy_proof");
    }

    function _verifiers() internal returns (IHonkVerifier[2] memory v) {
        v[0] = IHonkVerifier(deployCode("ToyHonkVerifier.sol:ToyHonkVerifier"));
        v[1] = IHonkVerifier(deployCode("ToyHonkVerifierOptimized.sol:ToyHonkVerifierOptimized"));
    }

    /// Returns true when the call reverted or returned false (both are rejections).
    function _rejects(IHonkVerifier v, bytes memory proof, bytes32[] memory inputs) internal view returns (bool) {
        try v.verify(proof, inputs) returns (bool ok) {
            return !ok;
        } catch {
            return true;
        }
    }

    function test_acceptsCommittedProof() public {
        IHonkVerifier[2] memory v = _verifiers();
        assertEq(fixture.publicInputs.length, 1);
        assertEq(uint256(fixture.publicInputs[0]), 10);
        for (uint256 i; i < 2; ++i) {
            assertTrue(v[i].verify(fixture.proof, fixture.publicInputs));
        }
    }

    function test_rejectsChangedPublicInput() public {
        IHonkVerifier[2] memory v = _verifiers();
        bytes32[] memory inputs = fixture.publicInputs;
        inputs[0] = bytes32(uint256(11));
        for (uint256 i; i < 2; ++i) {
            assertTrue(_rejects(v[i], fixture.proof, inputs));
        }
    }

    function test_rejectsChangedProof() public {
        IHonkVerifier[2] memory v = _verifiers();
        bytes memory proof = fixture.proof;
        proof[100] = bytes1(uint8(proof[100]) ^ 0x01);
        for (uint256 i; i < 2; ++i) {
            assertTrue(_rejects(v[i], proof, fixture.publicInputs));
        }
    }
}
