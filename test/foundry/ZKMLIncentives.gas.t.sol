// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {ZkmlLayout} from "../../contracts/generated/ZkmlLayout.sol";
import {AcceptAllVerifier} from "./mocks/MockVerifiers.sol";
import {MockERC20} from "./mocks/MockTokens.sol";

/// @notice One operation per test, for `npx forge snapshot --match-contract ZKMLIncentivesGasTest`
///         (.gas-snapshot). Storage is cold as in a real transaction (set-up is a separate call);
///         the figures exclude the 21,000 base cost and calldata. `submit` runs against a verifier that
///         accepts everything: add the real verifier's cost (contracts/README.md, "Gas").
contract ZKMLIncentivesGasTest is Test {
    uint256 internal constant K = ZkmlLayout.K;
    uint256 internal constant VC = 0x0abe3ead8180f7c3db36087a813f6844932d5b362caa70ba4a7541955b1d7dd1;

    ZKMLIncentives internal inc;
    MockERC20 internal token;
    address internal owner = makeAddr("owner");
    address[] internal providers;

    uint256 internal roundOpen; // registration, 0 providers
    uint256 internal roundSeven; // registration, 7 providers
    uint256 internal roundK1; // submission, 1 provider
    uint256 internal roundK8; // submission, 8 providers
    uint256 internal roundExpired; // expired (no provider)
    uint64 internal reg;
    uint64 internal sub;

    function setUp() public {
        vm.warp(1_700_000_000);
        inc = new ZKMLIncentives(IHonkVerifier(address(new AcceptAllVerifier())));
        token = new MockERC20("Token", "TKN");
        for (uint256 i; i < K; ++i) {
            providers.push(makeAddr(string.concat("provider", vm.toString(i))));
        }
        vm.deal(owner, 1_000 ether);
        token.mint(owner, 1_000 ether);
        vm.startPrank(owner);
        token.approve(address(inc), type(uint256).max);
        uint64 t = uint64(block.timestamp);
        roundK1 = inc.createRound{value: 1 ether}(address(0), 1 ether, VC, 100, K, t + 10, t + 1 days);
        roundK8 = inc.createRound(address(token), 1 ether, VC, 100, K, t + 10, t + 1 days);
        roundExpired = inc.createRound{value: 1 ether}(address(0), 1 ether, VC, 100, K, t + 10, t + 20);
        uint256 settled = inc.createRound{value: 1 ether}(address(0), 1 ether, VC, 100, K, t + 10, t + 1 days);
        uint256 settledToken = inc.createRound(address(token), 1 ether, VC, 100, K, t + 10, t + 1 days);
        vm.stopPrank();
        _register(roundK1, 1, 0);
        _register(roundK8, K, 0);
        _register(settled, 1, 0);
        _register(settledToken, 1, 0);
        vm.warp(t + 10);
        // credits for the withdraw tests
        inc.submit(settled, new int256[](ZkmlLayout.D), 0, 0, _phi(1), hex"00");
        inc.submit(settledToken, new int256[](ZkmlLayout.D), 0, 0, _phi(1), hex"00");
        vm.warp(t + 30);

        t = uint64(block.timestamp);
        (reg, sub) = (t + 1 days, t + 2 days);
        vm.startPrank(owner);
        roundOpen = inc.createRound{value: 1 ether}(address(0), 1 ether, VC, 100, K, reg, sub);
        roundSeven = inc.createRound{value: 1 ether}(address(0), 1 ether, VC, 100, K, reg, sub);
        vm.stopPrank();
        _register(roundSeven, K - 1, 100);
    }

    function _commitment(uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(i))) % ZkmlLayout.FIELD_MODULUS;
    }

    function _register(uint256 id, uint256 n, uint256 salt) internal {
        for (uint256 i; i < n; ++i) {
            vm.prank(providers[i]);
            inc.register(id, _commitment(salt + i));
        }
    }

    /// φ: the first `n` entries positive and distinct, the rest 0.
    function _phi(uint256 n) internal pure returns (int256[] memory phi) {
        phi = new int256[](K);
        for (uint256 i; i < n; ++i) {
            phi[i] = int256(100_000_000 + i * 12_345_678);
        }
    }

    function test_gas_createRound_eth() public {
        vm.prank(owner);
        inc.createRound{value: 1 ether}(address(0), 1 ether, VC, 100, K, reg, sub);
    }

    function test_gas_createRound_erc20() public {
        vm.prank(owner);
        inc.createRound(address(token), 1 ether, VC, 100, K, reg, sub);
    }

    function test_gas_register_first() public {
        vm.prank(providers[0]);
        inc.register(roundOpen, 1);
    }

    function test_gas_register_eighth() public {
        vm.prank(owner);
        inc.register(roundSeven, 1);
    }

    function test_gas_submit_k1_excludingVerifier() public {
        inc.submit(roundK1, new int256[](ZkmlLayout.D), -5, 7, _phi(1), hex"00");
    }

    function test_gas_submit_k8_excludingVerifier() public {
        inc.submit(roundK8, new int256[](ZkmlLayout.D), -5, 7, _phi(K), hex"00");
    }

    function test_gas_reclaim() public {
        vm.prank(owner);
        inc.reclaim(roundExpired);
    }

    function test_gas_withdraw_eth() public {
        vm.prank(providers[0]);
        inc.withdraw(address(0));
    }

    function test_gas_withdraw_erc20() public {
        vm.prank(providers[0]);
        inc.withdraw(address(token));
    }
}
