// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IZKMLIncentives} from "../../../contracts/interfaces/IZKMLIncentives.sol";

/// @notice A stand-in for a smart-contract wallet: it calls `register` for its caller, so the
///         registration's ciphertext is in an internal call, not in the transaction's top-level
///         calldata. The payee of the registration is this contract (msg.sender of `register`), so
///         the registration must be proven with payee = this contract's address. Used by the SDK's
///         delivery tests (test/vitest/chain/registration-delivery.test.ts), which recover the
///         ciphertext from a call trace.
contract RegistrationForwarder {
    IZKMLIncentives public immutable incentives;

    constructor(IZKMLIncentives incentives_) {
        incentives = incentives_;
    }

    /// @notice Forwards a registration to `incentives.register` (same arguments); returns the slot.
    function forward(
        uint256 roundId,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext,
        bytes calldata proof
    ) external returns (uint256) {
        return incentives.register(roundId, commitment, statsCommitment, numRows, ephemeralKey, ciphertext, proof);
    }
}
