// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Payout
/// @notice Splits a reward pool in proportion to the positive part of signed scores (Shapley values).
/// @dev reward_i = floor(pool · max(φ_i, 0) / Σ_j max(φ_j, 0)), computed with 512-bit intermediate
///      precision (`Math.mulDiv`), so any `pool` works. The remainder is `pool − Σ reward_i`: it is
///      smaller than the number of positive scores, and equals `pool` when no score is positive.
///      Domain: Σ_j max(φ_j, 0) must fit in a uint256 (otherwise the checked sum reverts);
///      `ZKMLIncentives` bounds every |φ| below 2^120 with at most K entries.
library Payout {
    /// @notice Splits `pool` among `phi` (see the library notes for the formula).
    /// @param pool The amount to split.
    /// @param phi The signed scores; entries ≤ 0 receive nothing.
    /// @return rewards One reward per entry of `phi`, in the same order.
    /// @return remainder `pool − Σ rewards` (the whole pool when no score is positive).
    function split(uint256 pool, int256[] memory phi)
        internal
        pure
        returns (uint256[] memory rewards, uint256 remainder)
    {
        uint256 n = phi.length;
        rewards = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            if (phi[i] > 0) total += uint256(phi[i]);
        }
        if (total == 0) return (rewards, pool);
        uint256 paid;
        for (uint256 i; i < n; ++i) {
            if (phi[i] > 0) {
                uint256 reward = Math.mulDiv(pool, uint256(phi[i]), total);
                rewards[i] = reward;
                paid += reward;
            }
        }
        // Σ floor(pool·φ_i/total) ≤ floor(pool·Σφ_i/total) = pool, so this cannot underflow.
        remainder = pool - paid;
    }
}
