// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Plain mintable ERC20.
contract MockERC20 is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @notice ERC20 that burns `feeBps` of every transfer (fee-on-transfer).
contract FeeOnTransferToken is ERC20 {
    uint256 public immutable feeBps;

    constructor(uint256 feeBps_) ERC20("Fee", "FEE") {
        feeBps = feeBps_;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value * feeBps / 10_000;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// @notice ERC20 whose transfers return false instead of reverting (non-standard tokens exist).
contract FalseReturningToken is ERC20 {
    bool public fail;

    constructor() ERC20("False", "FALSE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setFail(bool f) external {
        fail = f;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (fail) return false;
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (fail) return false;
        return super.transferFrom(from, to, value);
    }
}

/// @notice Hook of {CallbackToken} (an ERC-777-like callback).
interface ITokenHook {
    function onTokenTransfer(address from, address to, uint256 amount) external;
}

/// @notice Malicious ERC20 that calls `hookTarget` back in the middle of every transfer it takes
///         part in (as sender or recipient), before balances move (`hookBeforeUpdate`) or after.
///         Used to attempt re-entry into ZKMLIncentives from `withdraw` and `createRound`.
contract CallbackToken is ERC20 {
    address public hookTarget;
    bool public hookBeforeUpdate;

    constructor() ERC20("Callback", "CB") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setHook(address target, bool beforeUpdate) external {
        hookTarget = target;
        hookBeforeUpdate = beforeUpdate;
    }

    function _update(address from, address to, uint256 value) internal override {
        bool hooked = hookTarget != address(0) && from != address(0) && (from == hookTarget || to == hookTarget);
        if (hooked && hookBeforeUpdate) ITokenHook(hookTarget).onTokenTransfer(from, to, value);
        super._update(from, to, value);
        if (hooked && !hookBeforeUpdate) ITokenHook(hookTarget).onTokenTransfer(from, to, value);
    }
}
