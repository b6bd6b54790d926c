// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IZKMLIncentives} from "../../../contracts/interfaces/IZKMLIncentives.sol";

/// @notice A stand-in for a smart-contract wallet: it calls `register` and `deliver` for its caller, so
///         the delivery's ciphertext is in an internal call, not in the transaction's top-level calldata.
///         The payee is this contract (msg.sender of `register` and `deliver`), so the delivery must be
///         proven with payee = this contract's address. Used by the SDK's delivery tests
///         (test/vitest/chain/registration-delivery.test.ts), which recover the ciphertext from a call
///         trace.
contract RegistrationForwarder {
    IZKMLIncentives public immutable incentives;

    constructor(IZKMLIncentives incentives_) {
        incentives = incentives_;
    }

    /// @notice Forwards a registration to `incentives.register` (same arguments, the deposit as
    ///         msg.value); returns the slot.
    function forwardRegister(uint256 roundId, uint256 commitment, uint256 statsCommitment, uint256 numRows)
        external
        payable
        returns (uint256)
    {
        return incentives.register{value: msg.value}(roundId, commitment, statsCommitment, numRows);
    }

    /// @notice Forwards a delivery to `incentives.deliver` (same arguments); returns the settlement index.
    function forwardDeliver(
        uint256 roundId,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext,
        bytes calldata proof
    ) external returns (uint256) {
        return incentives.deliver(roundId, ephemeralKey, ciphertext, proof);
    }

    /// @notice Receives the deposit and reward when this wallet withdraws.
    receive() external payable {}

    /// @notice Withdraws this wallet's credit of `asset` from `incentives`.
    function withdraw(address asset) external returns (uint256) {
        return incentives.withdraw(asset);
    }
}
