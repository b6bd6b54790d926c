// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Payout} from "../../contracts/libraries/Payout.sol";
import {ZkmlLayout} from "../../contracts/generated/ZkmlLayout.sol";

/// @notice Fuzz tests of the payout math: for any φ vector and pool, Σ rewards + remainder = pool,
///         every reward is the exact proportional share rounded down (within 1 wei), φ ≤ 0 gets 0.
contract PayoutTest is Test {
    int256 internal constant BOUND = int256(2 ** 120) - 1; // |φ| < 2^120, as ZKMLIncentives enforces

    /// 512-bit a·b < c·d? (independent of Payout's mulDiv)
    function _lt512(uint256 a, uint256 b, uint256 c, uint256 d) internal pure returns (bool) {
        (uint256 h1, uint256 l1) = Math.mul512(a, b);
        (uint256 h2, uint256 l2) = Math.mul512(c, d);
        return h1 < h2 || (h1 == h2 && l1 < l2);
    }

    function _check(uint256 pool, int256[] memory phi) internal pure {
        (uint256[] memory rewards, uint256 remainder) = Payout.split(pool, phi);
        assertEq(rewards.length, phi.length, "one reward per entry");
        uint256 total;
        uint256 positives;
        for (uint256 i; i < phi.length; ++i) {
            if (phi[i] > 0) {
                total += uint256(phi[i]);
                ++positives;
            }
        }
        uint256 sum;
        for (uint256 i; i < phi.length; ++i) {
            sum += rewards[i];
            if (phi[i] <= 0) {
                assertEq(rewards[i], 0, "phi <= 0 gets nothing");
            } else {
                uint256 v = uint256(phi[i]);
                // reward = floor(pool·φ/total): reward·total ≤ pool·φ < (reward + 1)·total,
                // i.e. the reward is within 1 wei below the exact proportional share.
                assertFalse(_lt512(pool, v, rewards[i], total), "reward above the exact share");
                // (With reward = 2^256 − 1 the upper bound holds trivially: pool·φ < 2^256·total.)
                if (rewards[i] != type(uint256).max) {
                    assertTrue(_lt512(pool, v, rewards[i] + 1, total), "reward more than 1 wei below the exact share");
                }
            }
        }
        assertEq(sum + remainder, pool, "conservation: sum of rewards + remainder == pool");
        if (positives == 0) {
            assertEq(remainder, pool, "no positive value: everything to the owner");
        } else {
            assertLt(remainder, positives, "remainder below the number of positive values");
        }
    }

    /// K-entry vectors as in the contract, any pool.
    function testFuzz_split_K(uint256 pool, int256[8] memory raw, uint8 k) public pure {
        uint256 n = bound(k, 0, ZkmlLayout.K);
        int256[] memory phi = new int256[](ZkmlLayout.K);
        for (uint256 i; i < n; ++i) {
            phi[i] = bound(raw[i % 8], -BOUND, BOUND);
        }
        _check(pool, phi);
    }

    /// Small values (ties, ones, zeros) where rounding matters most.
    function testFuzz_split_smallValues(uint96 pool, int8[8] memory raw) public pure {
        int256[] memory phi = new int256[](8);
        for (uint256 i; i < 8; ++i) {
            phi[i] = raw[i];
        }
        _check(pool, phi);
    }

    /// Arbitrary lengths up to 32 and arbitrary int256 values whose positive sum fits (each < 2^250).
    function testFuzz_split_anyLength(uint256 pool, int256[] memory raw) public pure {
        uint256 n = raw.length > 32 ? 32 : raw.length;
        int256[] memory phi = new int256[](n);
        for (uint256 i; i < n; ++i) {
            phi[i] = bound(raw[i], -int256(2 ** 250), int256(2 ** 250));
        }
        _check(pool, phi);
    }

    function test_split_examples() public pure {
        int256[] memory phi = new int256[](3);
        (phi[0], phi[1], phi[2]) = (1, 3, -5);
        (uint256[] memory r, uint256 rem) = Payout.split(100, phi);
        assertEq(r[0], 25);
        assertEq(r[1], 75);
        assertEq(r[2], 0);
        assertEq(rem, 0);

        (phi[0], phi[1], phi[2]) = (1, 1, 1);
        (r, rem) = Payout.split(100, phi);
        assertEq(r[0] + r[1] + r[2], 99);
        assertEq(rem, 1);

        (phi[0], phi[1], phi[2]) = (0, -1, type(int256).min);
        (r, rem) = Payout.split(100, phi);
        assertEq(r[0] + r[1] + r[2], 0);
        assertEq(rem, 100);

        (r, rem) = Payout.split(type(uint256).max, phi);
        assertEq(rem, type(uint256).max);

        // A huge pool with maximal values does not overflow (512-bit mulDiv).
        (phi[0], phi[1], phi[2]) = (BOUND, BOUND, 1);
        _check(type(uint256).max, phi);

        (r, rem) = Payout.split(0, phi);
        assertEq(r[0] + r[1] + r[2] + rem, 0);

        (r, rem) = Payout.split(7, new int256[](0));
        assertEq(r.length, 0);
        assertEq(rem, 7);
    }
}
