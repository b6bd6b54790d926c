// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Payout
/// @notice Shares of a pool by cumulative rounding. Participants i = 0..n−1 have weights w_i ≥ 0 with
///         prefix sums S_i = w_0 + … + w_i (S_{−1} = 0) and total T = S_{n−1} > 0. Participant i gets
///
///             share_i = floor(pool · S_i / T) − floor(pool · S_{i−1} / T)
///
///         The shares telescope to exactly `pool` (no remainder, nothing left for anyone else), each is
///         within 1 of the exact share pool·w_i/T (floor(pool·w_i/T) ≤ share_i ≤ ceil(pool·w_i/T)), a zero
///         weight gets 0, and each share needs only S_{i−1} and S_i, so it can be computed lazily at claim
///         time. Products use 512-bit precision (`Math.mulDiv`), so any pool works.
library Payout {
    /// @notice The share of the participant whose prefix sums are `before` = S_{i−1} and `upTo` = S_i.
    /// @param pool The amount to split.
    /// @param before Prefix sum of the weights before the participant.
    /// @param upTo Prefix sum including the participant (≥ before, ≤ total).
    /// @param total Sum of all weights (> 0).
    /// @return The participant's share.
    function share(uint256 pool, uint256 before, uint256 upTo, uint256 total) internal pure returns (uint256) {
        return Math.mulDiv(pool, upTo, total) - Math.mulDiv(pool, before, total);
    }
}
