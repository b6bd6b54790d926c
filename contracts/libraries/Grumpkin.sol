// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ZkmlLayout} from "../generated/ZkmlLayout.sol";

/// @title Grumpkin
/// @notice Point checks on Grumpkin, BN254's embedded curve: y² = x³ − 17 over the BN254 scalar field
///         F_p (Noir `std::embedded_curve_ops`). Its group has prime order (cofactor 1), so every
///         affine point on the curve is a valid public key. The point at infinity has no affine
///         coordinates and is refused ((0, 0) is not on the curve).
library Grumpkin {
    uint256 internal constant P = ZkmlLayout.FIELD_MODULUS;
    /// @notice b = −17 mod p.
    uint256 internal constant B = ZkmlLayout.FIELD_MODULUS - 17;

    /// @notice Whether (x, y) is an affine point of Grumpkin (both coordinates reduced, y² = x³ − 17).
    /// @param x The x coordinate.
    /// @param y The y coordinate.
    /// @return True when the point is on the curve.
    function isOnCurve(uint256 x, uint256 y) internal pure returns (bool) {
        if (x >= P || y >= P) return false;
        return mulmod(y, y, P) == addmod(mulmod(mulmod(x, x, P), x, P), B, P);
    }
}
