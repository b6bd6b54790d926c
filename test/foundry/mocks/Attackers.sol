// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ZKMLIncentives} from "../../../contracts/ZKMLIncentives.sol";
import {CallbackToken, ITokenHook} from "./MockTokens.sol";

/// @notice Base of the re-entry attackers: registers as a provider, withdraws, and on every callback
///         tries `withdraw` again (for the same and the other asset) plus the other entry points.
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

    function register(uint256 roundId, uint256 commitment) external {
        inc.register(roundId, commitment);
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
        _reenter(abi.encodeCall(ZKMLIncentives.register, (1, 12345)));
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

    function create(uint256 amount) external returns (uint256) {
        return
            inc.createRound(address(token), amount, 1, 0, 1, uint64(block.timestamp + 10), uint64(block.timestamp + 20));
    }

    function onTokenTransfer(address, address, uint256 amount) external {
        if (_inside) return;
        _inside = true;
        try inc.createRound(
            address(token), amount, 1, 0, 1, uint64(block.timestamp + 10), uint64(block.timestamp + 20)
        ) {
            nestedSucceeded = true;
        } catch (bytes memory err) {
            lastError = err;
        }
        _inside = false;
    }
}
