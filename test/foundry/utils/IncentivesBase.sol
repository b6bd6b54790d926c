// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {ZKMLIncentives} from "../../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../../contracts/interfaces/IHonkVerifier.sol";
import {ZkmlLayout} from "../../../contracts/generated/ZkmlLayout.sol";
import {ConfigurableVerifier} from "../mocks/MockVerifiers.sol";
import {MockERC20} from "../mocks/MockTokens.sol";

/// @notice Shared set-up and helpers of the ZKMLIncentives unit, reentrancy and gas tests.
abstract contract IncentivesBase is Test {
    uint256 internal constant P = ZkmlLayout.FIELD_MODULUS;
    uint256 internal constant K = ZkmlLayout.K;
    uint256 internal constant D = ZkmlLayout.D;
    uint256 internal constant VC = 0x0abe3ead8180f7c3db36087a813f6844932d5b362caa70ba4a7541955b1d7dd1;
    uint256 internal constant LAMBDA = 100;
    uint64 internal constant REG_PERIOD = 1 days;
    uint64 internal constant SUB_PERIOD = 2 days;
    uint256 internal constant POOL = 10 ether;
    address internal constant ETH = address(0);

    ZKMLIncentives internal inc;
    ConfigurableVerifier internal verifier;
    MockERC20 internal token;

    address internal owner = makeAddr("owner");
    address internal stranger = makeAddr("stranger");
    address[] internal providers;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        verifier = new ConfigurableVerifier();
        inc = new ZKMLIncentives(IHonkVerifier(address(verifier)));
        token = new MockERC20("Token", "TKN");
        for (uint256 i; i < K + 2; ++i) {
            providers.push(makeAddr(string.concat("provider", vm.toString(i))));
        }
        vm.deal(owner, 1_000_000 ether);
        token.mint(owner, 1_000_000 ether);
        vm.prank(owner);
        token.approve(address(inc), type(uint256).max);
    }

    // --- rounds ----------------------------------------------------------------------------------

    function _deadlines() internal view returns (uint64 reg, uint64 sub) {
        reg = uint64(block.timestamp) + REG_PERIOD;
        sub = reg + SUB_PERIOD;
    }

    function _createEth(uint256 amount, uint256 maxProviders) internal returns (uint256 id) {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.prank(owner);
        id = inc.createRound{value: amount}(ETH, amount, VC, LAMBDA, maxProviders, reg, sub);
    }

    function _createToken(uint256 amount, uint256 maxProviders) internal returns (uint256 id) {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.prank(owner);
        id = inc.createRound(address(token), amount, VC, LAMBDA, maxProviders, reg, sub);
    }

    function _commitment(uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("commitment", i))) % (P - 1) + 1;
    }

    function _register(uint256 id, uint256 n) internal {
        for (uint256 i; i < n; ++i) {
            vm.prank(providers[i]);
            inc.register(id, _commitment(i));
        }
    }

    function _toSubmission(uint256 id) internal {
        vm.warp(inc.getRound(id).registrationDeadline);
    }

    function _toExpiry(uint256 id) internal {
        vm.warp(uint256(inc.getRound(id).submissionDeadline) + 1);
    }

    // --- submissions -----------------------------------------------------------------------------

    function _weights() internal pure returns (int256[] memory w) {
        w = new int256[](D);
        for (uint256 i; i < D; ++i) {
            w[i] = 64_264_885 - int256(i);
        }
    }

    function _intercept() internal pure returns (int256) {
        return -66_724_787;
    }

    function _trainLoss() internal pure returns (uint256) {
        return 165_014_446;
    }

    /// A K-entry Shapley vector from the first entries given (the rest 0).
    function _phi(int256 a, int256 b, int256 c) internal pure returns (int256[] memory s) {
        s = new int256[](K);
        s[0] = a;
        s[1] = b;
        s[2] = c;
    }

    function _proof() internal pure returns (bytes memory) {
        return hex"c0ffee";
    }

    function _submit(uint256 id, int256[] memory shapley) internal {
        inc.submit(id, _weights(), _intercept(), _trainLoss(), shapley, _proof());
    }

    // --- independent re-implementation of the public-input encoding -----------------------------

    function _field(int256 v) internal pure returns (bytes32) {
        if (v >= 0) return bytes32(uint256(v));
        return bytes32(P - uint256(-v));
    }

    function _expectedInputs(
        uint256 id,
        int256[] memory weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] memory shapley
    ) internal view returns (bytes32[] memory x) {
        (address[] memory accounts, uint256[] memory commitments) = inc.getProviders(id);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        x = new bytes32[](1 + K + K + 1 + 1 + 1 + D + 1 + 1 + K);
        uint256 o;
        x[o++] = bytes32(uint256(keccak256(abi.encode(block.chainid, address(inc), id))) % P);
        for (uint256 i; i < K; ++i) {
            x[o++] = i < commitments.length ? bytes32(commitments[i]) : bytes32(0);
        }
        for (uint256 i; i < K; ++i) {
            x[o++] = i < accounts.length ? bytes32(uint256(uint160(accounts[i]))) : bytes32(0);
        }
        x[o++] = bytes32(r.validationCommitment);
        x[o++] = bytes32(uint256(commitments.length));
        x[o++] = bytes32(r.lambda);
        for (uint256 i; i < D; ++i) {
            x[o++] = _field(weights[i]);
        }
        x[o++] = _field(intercept);
        x[o++] = bytes32(trainLoss);
        for (uint256 i; i < K; ++i) {
            x[o++] = _field(shapley[i]);
        }
        assertEq(o, ZkmlLayout.NUM_PUBLIC_INPUTS, "layout length");
    }
}
