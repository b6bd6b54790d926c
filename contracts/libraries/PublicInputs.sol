// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ZkmlLayout} from "../generated/ZkmlLayout.sol";
import {IZKMLIncentives} from "../interfaces/IZKMLIncentives.sol";

/// @title PublicInputs
/// @notice The public-input vectors of the two circuits of a shape (K providers, D features, C ciphertext
///         elements), in the layouts of noir/README.md / `ts/protocol/layout.ts`. Every entry is one BN254
///         field element. This is the one Solidity definition; `ZKMLIncentives` builds both vectors
///         from storage and msg.sender with these functions.
///
///         Settlement circuit (`noir/zkml`), 6 + 3K + D entries:
///
///         | offset          | entry                                                              |
///         | --------------- | ------------------------------------------------------------------ |
///         | 0               | context = keccak256(abi.encode(chainid, contract, roundId)) mod p   |
///         | 1 .. K          | statsCommitments[K], registration order, 0 in unused slots         |
///         | 1+K .. 2K       | payees[K] (uint160 of the registering address), 0 in unused slots   |
///         | 1+2K            | validation commitment                                              |
///         | 2+2K            | k, number of registered providers (1..K)                           |
///         | 3+2K            | λ·10^4                                                             |
///         | 4+2K .. 3+2K+D  | weights[D] (signed)                                                |
///         | 4+2K+D          | intercept (signed)                                                 |
///         | 5+2K+D          | training loss (< 2^120)                                            |
///         | 6+2K+D .. 5+3K+D| shapley[K] (signed; 0 for slots ≥ k)                               |
///
///         Registration circuit (`noir/register`), 9 + C entries:
///
///         | offset   | entry                                                              |
///         | -------- | ------------------------------------------------------------------ |
///         | 0        | context (as above)                                                 |
///         | 1        | payee = uint160(msg.sender)                                        |
///         | 2        | commitment (rows, salt, payee)                                     |
///         | 3        | stats_commitment (sufficient statistics, salt, payee, context)     |
///         | 4        | num_rows                                                           |
///         | 5, 6     | owner key (x, y), Grumpkin                                         |
///         | 7, 8     | ephemeral key (x, y), Grumpkin                                     |
///         | 9 .. 8+C | ciphertext[C]: 3·NCP chunk elements, then the salt                 |
///
///         The statistics commitment binds n, ΣX, ΣY, ΣXXᵀ, ΣXY, ΣY² of the same rows the ciphertext
///         encrypts (`noir/commitment/src/stats.nr`). The contract stores it per provider and hands it to the
///         settlement vector above (`statsCommitments`), where the settlement circuit opens it instead of
///         re-hashing rows (issue 15).
///
///         Signed values are field elements: v ≥ 0 ↦ v, v < 0 ↦ p − |v|, with |v| < 2^120 enforced
///         (`ValueOutOfRange`), which makes the encoding injective and matches the circuit's range checks.
library PublicInputs {
    uint256 internal constant P = ZkmlLayout.FIELD_MODULUS;
    int256 private constant _SIGNED_BOUND = 2 ** 120;
    /// @notice Exclusive bound on |weights|, |intercept|, |shapley| and on the training loss (2^120).
    uint256 internal constant VALUE_BOUND = 1 << 120;

    /// @notice The values of a settlement vector (k ≤ K registered providers).
    /// @param context The round context.
    /// @param statsCommitments The k registered statistics commitments, registration order.
    /// @param payees The k registering addresses.
    /// @param validationCommitment The validation commitment.
    /// @param lambda λ·10^4.
    /// @param weights D signed weights.
    /// @param intercept The signed intercept.
    /// @param trainLoss The training loss.
    /// @param shapley K signed Shapley values.
    struct Settlement {
        uint256 context;
        uint256[] statsCommitments;
        address[] payees;
        uint256 validationCommitment;
        uint256 lambda;
        int256[] weights;
        int256 intercept;
        uint256 trainLoss;
        int256[] shapley;
    }

    /// @notice Length of the settlement vector of a shape.
    /// @param k The shape's K.
    /// @param d The shape's D.
    /// @return 6 + 3K + D.
    function settlementLength(uint256 k, uint256 d) internal pure returns (uint256) {
        return 6 + 3 * k + d;
    }

    /// @notice Length of the registration vector of a shape.
    /// @param c The shape's ciphertext length C.
    /// @return 9 + C.
    function registrationLength(uint256 c) internal pure returns (uint256) {
        return 9 + c;
    }

    /// @notice Ciphertext length C of a shape: ROW_BITS = 1 + 35·(D+1), P = floor(253 / ROW_BITS) rows per
    ///         element, R = 3P rows per chunk, NCP = ceil(N_PROVIDER / R) chunks, C = 3·NCP + 1.
    /// @param d The shape's D (must satisfy ROW_BITS ≤ 253, i.e. D ≤ 6).
    /// @param maxProviderRows The shape's N_PROVIDER: the rows one registration holds.
    /// @return C, or 0 when D is too large for one row per field element.
    function ciphertextLength(uint256 d, uint256 maxProviderRows) internal pure returns (uint256) {
        uint256 rowsPerElement = 253 / (1 + 35 * (d + 1));
        if (rowsPerElement == 0) return 0;
        uint256 rowsPerChunk = 3 * rowsPerElement;
        return 3 * ((maxProviderRows + rowsPerChunk - 1) / rowsPerChunk) + 1;
    }

    /// @notice The settlement vector (layout above).
    /// @dev Reverts WrongWeightsLength, WrongShapleyLength, TrainLossOutOfRange, ValueOutOfRange,
    ///      UnusedSlotNotZero. Requires 1 ≤ k ≤ K (checked by the caller).
    /// @param k The shape's K.
    /// @param d The shape's D.
    /// @param v The values.
    /// @return inputs 6 + 3K + D field elements.
    function settlement(uint256 k, uint256 d, Settlement memory v) internal pure returns (bytes32[] memory inputs) {
        if (v.weights.length != d) revert IZKMLIncentives.WrongWeightsLength(d, v.weights.length);
        if (v.shapley.length != k) revert IZKMLIncentives.WrongShapleyLength(k, v.shapley.length);
        if (v.trainLoss >= VALUE_BOUND) revert IZKMLIncentives.TrainLossOutOfRange(v.trainLoss);
        uint256 registered = v.statsCommitments.length;
        inputs = new bytes32[](settlementLength(k, d));
        inputs[0] = bytes32(v.context);
        // Unused slots (≥ registered) stay 0, as the circuit requires. Each statistics commitment binds the
        // address that registered it (its payee) and this round's context, so a commitment copied by
        // another address or from another round cannot be opened.
        for (uint256 i; i < registered; ++i) {
            inputs[1 + i] = bytes32(v.statsCommitments[i]);
            inputs[1 + k + i] = bytes32(uint256(uint160(v.payees[i])));
        }
        uint256 o = 1 + 2 * k;
        inputs[o] = bytes32(v.validationCommitment);
        inputs[o + 1] = bytes32(registered);
        inputs[o + 2] = bytes32(v.lambda);
        o += 3;
        for (uint256 i; i < d; ++i) {
            inputs[o + i] = signed(v.weights[i]);
        }
        o += d;
        inputs[o] = signed(v.intercept);
        inputs[o + 1] = bytes32(v.trainLoss);
        o += 2;
        for (uint256 i; i < k; ++i) {
            int256 phi = v.shapley[i];
            if (i >= registered && phi != 0) revert IZKMLIncentives.UnusedSlotNotZero(i);
            inputs[o + i] = signed(phi);
        }
    }

    /// @notice The registration vector (layout above). No range checks: the caller checks the values.
    /// @param context The round context.
    /// @param payee The registering address.
    /// @param commitment The data commitment.
    /// @param statsCommitment The statistics commitment.
    /// @param numRows The rows.
    /// @param ownerKey The round's owner key (x, y).
    /// @param ephemeralKey The ephemeral key (x, y).
    /// @param ciphertext The C ciphertext elements.
    /// @return inputs 9 + C field elements.
    function registration(
        uint256 context,
        address payee,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256[2] memory ownerKey,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext
    ) internal pure returns (bytes32[] memory inputs) {
        uint256 c = ciphertext.length;
        inputs = new bytes32[](registrationLength(c));
        inputs[0] = bytes32(context);
        inputs[1] = bytes32(uint256(uint160(payee)));
        inputs[2] = bytes32(commitment);
        inputs[3] = bytes32(statsCommitment);
        inputs[4] = bytes32(numRows);
        inputs[5] = bytes32(ownerKey[0]);
        inputs[6] = bytes32(ownerKey[1]);
        inputs[7] = bytes32(ephemeralKey[0]);
        inputs[8] = bytes32(ephemeralKey[1]);
        for (uint256 i; i < c; ++i) {
            inputs[9 + i] = bytes32(ciphertext[i]);
        }
    }

    /// @notice Signed value → field element: v ≥ 0 ↦ v, v < 0 ↦ p − |v|; reverts ValueOutOfRange unless |v| < 2^120.
    /// @param v The signed value.
    /// @return The field element.
    function signed(int256 v) internal pure returns (bytes32) {
        if (v >= _SIGNED_BOUND || v <= -_SIGNED_BOUND) revert IZKMLIncentives.ValueOutOfRange(v);
        // forge-lint: disable-next-line(unsafe-typecast)
        return v >= 0 ? bytes32(uint256(v)) : bytes32(P - uint256(-v));
    }
}
