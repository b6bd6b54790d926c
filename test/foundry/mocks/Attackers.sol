// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ZKMLIncentives} from "../../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../../contracts/interfaces/IZKMLIncentives.sol";
import {TestShapes} from "../utils/IncentivesBase.sol";
import {CallbackToken, ITokenHook} from "./MockTokens.sol";

/// @notice Base of the re-entry attackers: registers as a provider, delivers, withdraws, and on every
///         callback tries `withdraw` again (for the same and the other asset) plus the other entry points.
abstract contract ReentryAttacker {
    ZKMLIncentives public immutable inc;
    /// When set, a failed re-entry makes the callback revert (so the outer transfer fails too);
    /// otherwise the failure is swallowed and the outer withdrawal completes.
    bool public propagate;
    uint256 public attempts;
    uint256 public successes;
    /// Re-entries rejected by the reentrancy guard (ReentrancyGuardReentrantCall).
    uint256 public guardRejections;
    bytes public lastError;

    constructor(ZKMLIncentives inc_) {
        inc = inc_;
    }

    function setPropagate(bool p) external {
        propagate = p;
    }

    /// Registers with one row, paying `msg.value` as the deposit (ETH rounds; approve first for tokens).
    function register(uint256 roundId, uint256 commitment) external payable {
        inc.register{value: msg.value}(roundId, commitment, TestShapes.stats(commitment), 1);
    }

    function deliver(uint256 roundId, uint256[] calldata ciphertext) external {
        inc.deliver(roundId, [TestShapes.GX, TestShapes.GY], ciphertext, hex"00");
    }

    function claim(uint256 roundId, uint256 index) external {
        inc.claim(roundId, index);
    }

    function withdraw(address asset) external returns (uint256) {
        return inc.withdraw(asset);
    }

    function _reenter(bytes memory call) internal {
        ++attempts;
        (bool ok, bytes memory err) = address(inc).call(call);
        if (ok) {
            ++successes;
        } else {
            lastError = err;
            if (bytes4(err) == ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector) ++guardRejections;
            if (propagate) {
                // solhint-disable-next-line no-inline-assembly
                assembly {
                    revert(add(err, 32), mload(err))
                }
            }
        }
    }

    function _reenterAll(address asset, address otherAsset) internal {
        _reenter(abi.encodeCall(ZKMLIncentives.withdraw, (asset)));
        _reenter(abi.encodeCall(ZKMLIncentives.withdraw, (otherAsset)));
        _reenter(abi.encodeCall(ZKMLIncentives.reclaim, (1)));
        _reenter(abi.encodeCall(ZKMLIncentives.claim, (1, 0)));
        _reenter(abi.encodeCall(ZKMLIncentives.register, (1, 1, TestShapes.stats(1), 1)));
    }
}

/// @notice ETH receiver that re-enters on `receive`.
contract ReentrantEthReceiver is ReentryAttacker {
    address public immutable otherAsset;

    constructor(ZKMLIncentives inc_, address otherAsset_) ReentryAttacker(inc_) {
        otherAsset = otherAsset_;
    }

    receive() external payable {
        _reenterAll(address(0), otherAsset);
    }
}

/// @notice Hook target of {CallbackToken}: re-enters when the token calls it back mid-transfer.
contract ReentrantTokenReceiver is ReentryAttacker, ITokenHook {
    address public immutable tokenAsset;

    constructor(ZKMLIncentives inc_, address token_) ReentryAttacker(inc_) {
        tokenAsset = token_;
    }

    function onTokenTransfer(address, address, uint256) external {
        _reenterAll(tokenAsset, address(0));
    }
}

/// @notice Round owner that, while its deposit is being pulled (`transferFrom` callback), opens a
///         second round with the same tokens, hoping the balance-difference measurement counts the
///         same tokens twice.
contract ReentrantDepositor is ITokenHook {
    ZKMLIncentives public immutable inc;
    CallbackToken public immutable token;
    bool private _inside;
    bool public nestedSucceeded;
    bytes public lastError;

    constructor(ZKMLIncentives inc_, CallbackToken token_) {
        inc = inc_;
        token = token_;
        token_.approve(address(inc_), type(uint256).max);
    }

    function _params(uint256 amount) internal view returns (IZKMLIncentives.RoundParams memory p) {
        p.asset = address(token);
        p.amount = amount;
        p.validationCommitment = 1;
        p.validationRows = 1;
        p.lambda = 100;
        p.maxProviders = 1;
        p.deposit = 1;
        p.registrationDeadline = uint64(block.timestamp + 1 hours);
        p.deliveryDeadline = uint64(block.timestamp + 2 hours);
        p.submissionDeadline = uint64(block.timestamp + 2 hours + 1 days);
        p.ownerKey = [TestShapes.GX, TestShapes.GY];
    }

    function create(uint256 amount) external returns (uint256) {
        return inc.createRound(_params(amount), hex"00");
    }

    function onTokenTransfer(address, address, uint256 amount) external {
        if (_inside) return;
        _inside = true;
        try inc.createRound(_params(amount), hex"00") {
            nestedSucceeded = true;
        } catch (bytes memory err) {
            lastError = err;
        }
        _inside = false;
    }
}
