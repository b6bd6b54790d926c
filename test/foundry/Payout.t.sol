// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Payout} from "../../contracts/libraries/Payout.sol";

/// @notice Fuzz tests of cumulative rounding: for any weights and pool, the shares sum to the pool
///         exactly, each share is within 1 of the exact proportional share (floor ≤ share ≤ floor + 1),
///         and a zero weight gets 0.
contract PayoutTest is Test {
    uint256 internal constant BOUND = 2 ** 120 - 1; // |φ| < 2^120, as ZKMLIncentives enforces

    /// 512-bit a·b < c·d? (independent of Payout's mulDiv)
    function _lt512(uint256 a, uint256 b, uint256 c, uint256 d) internal pure returns (bool) {
        (uint256 h1, uint256 l1) = Math.mul512(a, b);
        (uint256 h2, uint256 l2) = Math.mul512(c, d);
        return h1 < h2 || (h1 == h2 && l1 < l2);
    }

    function _check(uint256 pool, uint256[] memory w) internal pure {
        uint256 total;
        for (uint256 i; i < w.length; ++i) {
            total += w[i];
        }
        if (total == 0) return;
        uint256 before;
        uint256 sum;
        for (uint256 i; i < w.length; ++i) {
            uint256 s = Payout.share(pool, before, before + w[i], total);
            before += w[i];
            sum += s;
            if (w[i] == 0) {
                assertEq(s, 0, "zero weight gets nothing");
                continue;
            }
            // |s − pool·w/T| < 1: pool·w < (s + 1)·T and (s − 1)·T < pool·w.
            if (s != type(uint256).max) {
                assertTrue(_lt512(pool, w[i], s + 1, total), "share 1 or more below the exact share");
            }
            if (s != 0) assertTrue(_lt512(s - 1, total, pool, w[i]), "share 1 or more above the exact share");
        }
        assertEq(sum, pool, "conservation: the shares sum to the pool exactly");
    }

    function testFuzz_share_anyWeights(uint256 pool, uint256[8] memory raw, uint8 n) public pure {
        n = uint8(bound(n, 1, 8));
        uint256[] memory w = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            w[i] = raw[i] % 3 == 0 ? 0 : bound(raw[i], 0, BOUND);
        }
        _check(pool, w);
    }

    function testFuzz_share_smallValues(uint256 pool, uint8[8] memory raw) public pure {
        pool = bound(pool, 0, 1000);
        uint256[] memory w = new uint256[](8);
        for (uint256 i; i < 8; ++i) {
            w[i] = raw[i] % 5;
        }
        _check(pool, w);
    }

    function testFuzz_share_rows(uint256 pool, uint8[8] memory raw) public pure {
        // Row counts of at most 128 in total, as in an expired round of shape k8d1n128.
        uint256[] memory w = new uint256[](8);
        for (uint256 i; i < 8; ++i) {
            w[i] = uint256(raw[i]) % 17;
        }
        _check(pool, w);
    }

    function test_share_examples() public pure {
        assertEq(Payout.share(10, 0, 1, 3), 3);
        assertEq(Payout.share(10, 1, 2, 3), 3);
        assertEq(Payout.share(10, 2, 3, 3), 4);
        assertEq(Payout.share(type(uint256).max, 0, BOUND, BOUND), type(uint256).max);
        assertEq(Payout.share(7, 0, 0, 5), 0);
    }
}
