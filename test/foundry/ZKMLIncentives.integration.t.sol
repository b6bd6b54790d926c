// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {ZkmlLayout} from "../../contracts/generated/ZkmlLayout.sol";

/// @notice ZKMLIncentives with the REAL generated UltraHonk verifiers (standard and optimized) and a
///         REAL proof made by the TypeScript prover (`test/fixtures/zkml_round.json`, `npm run build`).
///         The fixture's context is bound to chain 31337, the contract address and round 1, so the
///         contract is deployed at the fixture's address with `deployCodeTo`.
abstract contract RealVerifierRound is Test {
    uint256 internal constant K = ZkmlLayout.K;
    uint256 internal constant POOL = 10 ether;
    address internal constant ETH = address(0);

    struct Fixture {
        bytes proof;
        bytes32[] publicInputs;
        uint256 chainId;
        address contractAddress;
        uint256 roundId;
        uint256 lambda;
        uint256 numProviders;
        uint256[] commitments;
        address[] payees;
        uint256 validationCommitment;
        int256[] weights;
        int256 intercept;
        uint256 trainLoss;
        int256[] shapley;
    }

    /// Storage; `T[] memory x = f.field;` makes an independent copy for tampering.
    Fixture internal f;
    ZKMLIncentives internal inc;
    address internal owner = makeAddr("owner");
    address[] internal providers;

    /// The verifier artifact under test ("File.sol:Contract").
    function verifierArtifact() internal pure virtual returns (string memory);

    function setUp() public {
        string memory json = vm.readFile("test/fixtures/zkml_round.json");
        f.proof = vm.parseJsonBytes(json, ".proof");
        f.publicInputs = vm.parseJsonBytes32Array(json, ".publicInputs");
        f.chainId = vm.parseJsonUint(json, ".chainId");
        f.contractAddress = vm.parseJsonAddress(json, ".contract");
        f.roundId = vm.parseJsonUint(json, ".roundId");
        f.lambda = vm.parseJsonUint(json, ".lambda");
        f.numProviders = vm.parseJsonUint(json, ".numProviders");
        f.commitments = vm.parseJsonUintArray(json, ".commitments");
        f.payees = vm.parseJsonAddressArray(json, ".payees");
        f.validationCommitment = vm.parseJsonUint(json, ".validationCommitment");
        f.weights = vm.parseJsonIntArray(json, ".weights");
        f.intercept = vm.parseJsonInt(json, ".intercept");
        f.trainLoss = vm.parseJsonUint(json, ".trainLoss");
        f.shapley = vm.parseJsonIntArray(json, ".shapley");

        vm.chainId(f.chainId);
        vm.warp(1_700_000_000);
        address verifier = deployCode(verifierArtifact());
        deployCodeTo("ZKMLIncentives.sol:ZKMLIncentives", abi.encode(verifier), f.contractAddress);
        inc = ZKMLIncentives(f.contractAddress);
        // Each commitment binds the address that registers it: the fixture's providers are its payees.
        providers = f.payees;
        vm.deal(owner, 100 ether);
    }

    /// Opens a round with the fixture's validation commitment and λ and registers its providers.
    function _openRound(uint256 lambda) internal returns (uint256 id) {
        return _openRoundWith(f.validationCommitment, lambda, providers, f.commitments);
    }

    /// Opens a round, registers `commitments[i]` from `registrants[i]` and closes registration.
    function _openRoundWith(uint256 validationCommitment, uint256 lambda, address[] memory registrants, uint256[] memory commitments)
        internal
        returns (uint256 id)
    {
        vm.prank(owner);
        id = inc.createRound{value: POOL}(
            ETH, POOL, validationCommitment, lambda, K, uint64(block.timestamp + 1 days), uint64(block.timestamp + 2 days)
        );
        for (uint256 i; i < commitments.length; ++i) {
            vm.prank(registrants[i]);
            inc.register(id, commitments[i]);
        }
        vm.warp(block.timestamp + 1 days);
    }

    function _submit(uint256 id, int256[] memory weights, int256 intercept, uint256 trainLoss, int256[] memory shapley)
        internal
    {
        inc.submit(id, weights, intercept, trainLoss, shapley, f.proof);
    }

    function _expectRejected(uint256 id, int256[] memory weights, int256 intercept, uint256 trainLoss, int256[] memory shapley)
        internal
    {
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(id, weights, intercept, trainLoss, shapley);
        // Nothing changed.
        assertEq(uint256(inc.getRound(id).status), uint256(IZKMLIncentives.RoundStatus.Open));
        for (uint256 i; i < providers.length; ++i) {
            assertEq(inc.credits(providers[i], ETH), 0);
        }
    }

    function test_contractBuildsTheFixturePublicInputs() public {
        uint256 id = _openRound(f.lambda);
        assertEq(id, f.roundId);
        bytes32[] memory inputs = inc.publicInputs(id, f.weights, f.intercept, f.trainLoss, f.shapley);
        assertEq(inputs.length, f.publicInputs.length);
        for (uint256 i; i < inputs.length; ++i) {
            assertEq(inputs[i], f.publicInputs[i]);
        }
    }

    function test_validProofSettlesAndPaysByPositiveShapleyValues() public {
        uint256 id = _openRound(f.lambda);
        _submit(id, f.weights, f.intercept, f.trainLoss, f.shapley);
        assertEq(uint256(inc.getRound(id).status), uint256(IZKMLIncentives.RoundStatus.Settled));

        uint256 positive;
        for (uint256 i; i < f.numProviders; ++i) {
            if (f.shapley[i] > 0) positive += uint256(f.shapley[i]);
        }
        assertGt(positive, 0);
        uint256 paid;
        for (uint256 i; i < f.numProviders; ++i) {
            uint256 expected = f.shapley[i] > 0 ? POOL * uint256(f.shapley[i]) / positive : 0;
            assertEq(inc.credits(providers[i], ETH), expected);
            paid += expected;
            if (expected > 0) {
                uint256 before = providers[i].balance;
                vm.prank(providers[i]);
                inc.withdraw(ETH);
                assertEq(providers[i].balance - before, expected);
            }
        }
        // The fixture's third provider has reversed labels: negative value, nothing paid.
        assertLt(f.shapley[2], 0);
        assertEq(inc.credits(providers[2], ETH), 0);
        assertEq(inc.credits(owner, ETH), POOL - paid);
        assertEq(address(inc).balance, POOL - paid);
    }

    function test_replayOfASettledRoundReverts() public {
        uint256 id = _openRound(f.lambda);
        _submit(id, f.weights, f.intercept, f.trainLoss, f.shapley);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, IZKMLIncentives.RoundStatus.Settled));
        _submit(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }

    function test_rejectsAnyChangedShapleyValue() public {
        uint256 id = _openRound(f.lambda);
        for (uint256 i; i < f.numProviders; ++i) {
            int256[] memory s = f.shapley;
            s[i] += 1;
            _expectRejected(id, f.weights, f.intercept, f.trainLoss, s);
        }
        // Value moved from one provider to another: the sum is unchanged, still rejected.
        int256[] memory moved = f.shapley;
        moved[0] += 1000;
        moved[1] -= 1000;
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, moved);
    }

    function test_rejectsChangedModelOrLoss() public {
        uint256 id = _openRound(f.lambda);
        int256[] memory w = f.weights;
        w[0] += 1;
        _expectRejected(id, w, f.intercept, f.trainLoss, f.shapley);
        _expectRejected(id, f.weights, f.intercept - 1, f.trainLoss, f.shapley);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss + 1, f.shapley);
    }

    function test_rejectsTamperedProof() public {
        uint256 id = _openRound(f.lambda);
        bytes memory proof = f.proof;
        proof[200] = bytes1(uint8(proof[200]) ^ 0x01);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, f.weights, f.intercept, f.trainLoss, f.shapley, proof);
    }

    function test_rejectsOtherLambda() public {
        uint256 id = _openRound(f.lambda + 1);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }

    function test_rejectsOtherCommitment() public {
        uint256[] memory commitments = f.commitments;
        commitments[1] += 1;
        uint256 id = _openRoundWith(f.validationCommitment, f.lambda, providers, commitments);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }

    function test_rejectsCommitmentRegisteredByAnotherAddress() public {
        // A front-runner copies bob's commitment and registers it from its own address first.
        address thief = makeAddr("thief");
        address[] memory registrants = providers;
        registrants[1] = thief;
        uint256 id = _openRoundWith(f.validationCommitment, f.lambda, registrants, f.commitments);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
        assertEq(inc.credits(thief, ETH), 0);
    }

    function test_rejectsProvidersInAnotherOrder() public {
        uint256[] memory reversed = new uint256[](f.numProviders);
        for (uint256 i; i < f.numProviders; ++i) {
            reversed[i] = f.commitments[f.numProviders - 1 - i];
        }
        uint256 id = _openRoundWith(f.validationCommitment, f.lambda, providers, reversed);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }

    function test_rejectsOtherValidationCommitment() public {
        uint256 id = _openRoundWith(f.validationCommitment + 1, f.lambda, providers, f.commitments);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }

    function test_rejectsAnotherRound() public {
        // Round 1 is opened with other data, so the fixture's providers are in round 2.
        vm.prank(owner);
        inc.createRound{value: 1}(ETH, 1, f.validationCommitment, f.lambda, K, uint64(block.timestamp + 1 days), uint64(block.timestamp + 2 days));
        uint256 id = _openRound(f.lambda);
        assertEq(id, f.roundId + 1);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }

    function test_rejectsAnotherChain() public {
        uint256 id = _openRound(f.lambda);
        vm.chainId(f.chainId + 1);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }

    function test_rejectsAnotherDeployment() public {
        // The same contract code at another address computes another context.
        address verifier = address(inc.VERIFIER());
        inc = new ZKMLIncentives(ZKMLIncentives(f.contractAddress).VERIFIER());
        assertEq(address(inc.VERIFIER()), verifier);
        uint256 id = _openRound(f.lambda);
        assertEq(id, f.roundId);
        _expectRejected(id, f.weights, f.intercept, f.trainLoss, f.shapley);
    }
}

contract RealOptimizedVerifierRoundTest is RealVerifierRound {
    function verifierArtifact() internal pure override returns (string memory) {
        return "ZkmlHonkVerifierOptimized.sol:ZkmlHonkVerifierOptimized";
    }

    /// Gas of a whole settlement with the deployed (optimized) verifier, recorded in .gas-snapshot.
    function test_gas_submit_realOptimizedVerifier() public {
        uint256 id = _openRound(f.lambda);
        inc.submit(id, f.weights, f.intercept, f.trainLoss, f.shapley, f.proof);
        vm.snapshotGasLastCall("submit_realOptimizedVerifier_k3");
    }
}

contract RealStandardVerifierRoundTest is RealVerifierRound {
    function verifierArtifact() internal pure override returns (string memory) {
        return "ZkmlHonkVerifier.sol:ZkmlHonkVerifier";
    }
}
