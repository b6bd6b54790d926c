// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Script, console} from "forge-std/Script.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ZKMLIncentives} from "../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../contracts/interfaces/IZKMLIncentives.sol";

/// @title CreateRound
/// @notice Opens and funds a round from a script, for deployers who script their rounds. The
///         broadcasting account becomes the round owner. For an ERC20 round it approves exactly `AMOUNT`
///         first.
/// @dev Env (required): AMOUNT, VALIDATION_COMMITMENT (the validation set's statistics commitment),
///      VALIDATION_ROWS (m, 1..N_VAL of the shape), VALIDATION_PROOF (0x hex: the validation proof of that
///      commitment and m, `ZkmlProver.proveValidation` of the SDK), LAMBDA (λ·10^4, ≥ 100), OWNER_KEY_X,
///      OWNER_KEY_Y (the owner's Grumpkin key; the SDK derives it from the owner's signature).
///      Env (optional): INCENTIVES (default: `ZKMLIncentives` of deployments/<chainId>.json), SHAPE_ID (0),
///      ASSET (address(0) = ETH), MAX_PROVIDERS (the shape's K), REGISTRATION_PERIOD (seconds, 1 day),
///      DELIVERY_PERIOD (seconds after the registration deadline, 1 day), SUBMISSION_PERIOD (seconds after
///      the delivery deadline, 2 days), DEPOSIT (per registration, in the round's asset; default
///      AMOUNT / (10 · MAX_PROVIDERS), at least 1), MAX_ROWS_PER_PROVIDER (0 = the fair share),
///      ROW_SHARE_BPS (0), RESERVE_PER_ROW (default AMOUNT: no reserve, F2's rule), ALLOWLIST
///      (comma-separated addresses; empty = open round).
///      Usage (keystore account, or `--private-key` as for Deploy.s.sol):
///        npm run -s forge -- script script/CreateRound.s.sol --rpc-url <url> --account owner --sender <address> --broadcast
contract CreateRound is Script {
    /// @notice Reads the round from the environment, opens it with the broadcasting account.
    /// @return roundId The new round.
    function run() external returns (uint256 roundId) {
        address at = vm.envOr("INCENTIVES", address(0));
        ZKMLIncentives inc = ZKMLIncentives(at == address(0) ? _deployed() : at);
        IZKMLIncentives.RoundParams memory p = params(inc);
        bytes memory proof = vm.envBytes("VALIDATION_PROOF");
        vm.startBroadcast();
        roundId = create(inc, p, proof);
        vm.stopBroadcast();
        // solhint-disable-next-line no-console
        console.log("round", roundId);
    }

    /// @notice The round parameters from the environment (see the contract notes).
    /// @param inc The deployment (for the shape's K).
    /// @return p The parameters.
    function params(ZKMLIncentives inc) public view returns (IZKMLIncentives.RoundParams memory p) {
        p.shapeId = vm.envOr("SHAPE_ID", uint256(0));
        p.asset = vm.envOr("ASSET", address(0));
        p.amount = vm.envUint("AMOUNT");
        p.validationCommitment = vm.envUint("VALIDATION_COMMITMENT");
        p.validationRows = vm.envUint("VALIDATION_ROWS");
        p.lambda = vm.envUint("LAMBDA");
        p.maxProviders = vm.envOr("MAX_PROVIDERS", inc.getShape(p.shapeId).k);
        uint256 fairDeposit = p.maxProviders == 0 ? 0 : p.amount / (10 * p.maxProviders);
        p.deposit = vm.envOr("DEPOSIT", fairDeposit == 0 ? 1 : fairDeposit);
        p.maxRowsPerProvider = vm.envOr("MAX_ROWS_PER_PROVIDER", uint256(0));
        p.rowShareBps = vm.envOr("ROW_SHARE_BPS", uint256(0));
        p.reservePerRow = vm.envOr("RESERVE_PER_ROW", p.amount);
        p.registrationDeadline = uint64(block.timestamp + vm.envOr("REGISTRATION_PERIOD", uint256(1 days)));
        p.deliveryDeadline = p.registrationDeadline + uint64(vm.envOr("DELIVERY_PERIOD", uint256(1 days)));
        p.submissionDeadline = p.deliveryDeadline + uint64(vm.envOr("SUBMISSION_PERIOD", uint256(2 days)));
        p.ownerKey = [vm.envUint("OWNER_KEY_X"), vm.envUint("OWNER_KEY_Y")];
        p.allowlist = vm.envOr("ALLOWLIST", ",", new address[](0));
    }

    /// @notice Approves (ERC20) and opens the round from the current caller / broadcaster.
    /// @param inc The deployment.
    /// @param p The parameters.
    /// @param validationProof The validation proof of (p.validationCommitment, p.validationRows).
    /// @return roundId The new round.
    function create(ZKMLIncentives inc, IZKMLIncentives.RoundParams memory p, bytes memory validationProof)
        public
        returns (uint256 roundId)
    {
        if (p.asset == address(0)) return inc.createRound{value: p.amount}(p, validationProof);
        // The return value is checked by createRound itself, which requires the exact amount to arrive.
        // slither-disable-next-line unused-return
        IERC20(p.asset).approve(address(inc), p.amount);
        return inc.createRound(p, validationProof);
    }

    function _deployed() internal view returns (address) {
        string memory path = string.concat("deployments/", vm.toString(block.chainid), ".json");
        return vm.parseJsonAddress(vm.readFile(path), ".ZKMLIncentives");
    }
}
