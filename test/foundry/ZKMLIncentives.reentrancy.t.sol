// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IncentivesBase} from "./utils/IncentivesBase.sol";
import {CallbackToken} from "./mocks/MockTokens.sol";
import {ReentrantEthReceiver, ReentrantTokenReceiver, ReentrantDepositor} from "./mocks/Attackers.sol";

/// @notice Re-entry from a malicious ETH receiver and from a malicious ERC20 (callback on transfer)
///         fails: the attacker gets exactly its credit, once.
contract ZKMLIncentivesReentrancyTest is IncentivesBase {
    bytes internal reentrantError =
        abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);

    CallbackToken internal cb;

    function setUp() public override {
        super.setUp();
        cb = new CallbackToken();
        cb.mint(owner, 1_000_000 ether);
        vm.prank(owner);
        cb.approve(address(inc), type(uint256).max);
    }

    /// An allowlisted round of `asset` for the attacker and providers[0] that asks no deposit, so that the
    /// figures below are the pool's shares alone.
    function _consortium(address asset, address attacker) internal returns (uint256) {
        IZKMLIncentives.RoundParams memory p = _params(asset, POOL, K);
        p.deposit = 0;
        p.allowlist = new address[](2);
        (p.allowlist[0], p.allowlist[1]) = (attacker, providers[0]);
        return _create(p);
    }

    /// The attacker is one of two providers of an ETH round (half the pool), and also holds a token credit.
    function _ethVictimRound(ReentrantEthReceiver attacker) internal {
        uint256 id = _consortium(ETH, address(attacker));
        attacker.register(id, _commitment(100));
        _register(id, 1);
        uint256 t = _consortium(address(token), address(attacker));
        attacker.register(t, _commitment(101));
        _toSubmission(id);
        _toSubmission(t);
        _submit(id, _phi(1, 1, 0));
        _submit(t, _phi(1, 0, 0));
        _claimAll(id);
        _claimAll(t);
    }

    function test_reentrancy_ethReceiver_swallowed() public {
        ReentrantEthReceiver attacker = new ReentrantEthReceiver(inc, address(token));
        _ethVictimRound(attacker);
        uint256 credit = inc.credits(address(attacker), ETH);
        assertEq(credit, POOL / 2);

        attacker.withdraw(ETH);
        assertEq(attacker.attempts(), 5);
        assertEq(attacker.successes(), 0, "no re-entry succeeded");
        assertEq(attacker.guardRejections(), 5, "every re-entry stopped by the guard");
        assertEq(attacker.lastError(), reentrantError);
        assertEq(address(attacker).balance, credit, "paid exactly once");
        assertEq(inc.credits(address(attacker), ETH), 0);
        assertEq(inc.credits(address(attacker), address(token)), POOL, "token credit untouched");
        assertEq(address(inc).balance, POOL / 2, "the other provider's share is still there");
        uint256 before = providers[0].balance;
        vm.prank(providers[0]);
        inc.withdraw(ETH);
        assertEq(providers[0].balance - before, POOL / 2);
    }

    function test_reentrancy_ethReceiver_propagated() public {
        ReentrantEthReceiver attacker = new ReentrantEthReceiver(inc, address(token));
        _ethVictimRound(attacker);
        attacker.setPropagate(true);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthTransferFailed.selector, address(attacker), POOL / 2));
        attacker.withdraw(ETH);
        assertEq(inc.credits(address(attacker), ETH), POOL / 2, "credit kept after the failed withdrawal");
        assertEq(address(inc).balance, POOL);
    }

    function _tokenVictimRound(ReentrantTokenReceiver attacker) internal {
        uint256 id = _consortium(address(cb), address(attacker));
        attacker.register(id, _commitment(100));
        _register(id, 1);
        uint256 e = _consortium(ETH, address(attacker));
        attacker.register(e, _commitment(101));
        _toSubmission(id);
        _toSubmission(e);
        _submit(id, _phi(3, 1, 0));
        _submit(e, _phi(1, 0, 0));
        _claimAll(id);
        _claimAll(e);
    }

    function _tokenAttack(bool beforeUpdate) internal {
        ReentrantTokenReceiver attacker = new ReentrantTokenReceiver(inc, address(cb));
        _tokenVictimRound(attacker);
        cb.setHook(address(attacker), beforeUpdate);
        uint256 credit = inc.credits(address(attacker), address(cb));
        assertEq(credit, POOL * 3 / 4);

        attacker.withdraw(address(cb));
        assertEq(attacker.attempts(), 5);
        assertEq(attacker.successes(), 0, "no re-entry succeeded");
        assertEq(attacker.guardRejections(), 5, "every re-entry stopped by the guard");
        assertEq(attacker.lastError(), reentrantError);
        assertEq(cb.balanceOf(address(attacker)), credit, "paid exactly once");
        assertEq(inc.credits(address(attacker), address(cb)), 0);
        assertEq(inc.credits(address(attacker), ETH), POOL, "ETH credit untouched");
        assertEq(cb.balanceOf(address(inc)), POOL / 4);
    }

    function test_reentrancy_erc20Callback_beforeBalanceUpdate() public {
        _tokenAttack(true);
    }

    function test_reentrancy_erc20Callback_afterBalanceUpdate() public {
        _tokenAttack(false);
    }

    function test_reentrancy_erc20Callback_propagated() public {
        ReentrantTokenReceiver attacker = new ReentrantTokenReceiver(inc, address(cb));
        _tokenVictimRound(attacker);
        cb.setHook(address(attacker), true);
        attacker.setPropagate(true);
        vm.expectRevert(reentrantError);
        attacker.withdraw(address(cb));
        assertEq(inc.credits(address(attacker), address(cb)), POOL * 3 / 4, "credit kept");
    }

    function test_reentrancy_createRoundDuringDeposit() public {
        ReentrantDepositor depositor = new ReentrantDepositor(inc, cb);
        cb.mint(address(depositor), 2 * POOL);
        cb.setHook(address(depositor), false);
        uint256 id = depositor.create(POOL);
        assertFalse(depositor.nestedSucceeded(), "nested createRound must fail");
        assertEq(depositor.lastError(), reentrantError);
        assertEq(inc.roundCount(), 1);
        assertEq(inc.getRound(id).amount, POOL);
        assertEq(cb.balanceOf(address(inc)), POOL, "escrow counted once");
    }
}
