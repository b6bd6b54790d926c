// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test, console} from "forge-std/Test.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {AcceptAllVerifier} from "./mocks/MockVerifiers.sol";
import {MockERC20} from "./mocks/MockTokens.sol";
import {IncentivesHandler} from "./handlers/IncentivesHandler.sol";

/// @notice Handler-based invariants of ZKMLIncentives (see contracts/README.md, "Invariants").
/// @dev The handler catches the contract's expected rejections itself, so any revert that reaches
///      the fuzzer is a handler bug: fail on it.
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: ci.invariant.fail-on-revert = true
contract ZKMLIncentivesInvariantTest is Test {
    ZKMLIncentives internal inc;
    MockERC20 internal token;
    IncentivesHandler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        inc = new ZKMLIncentives(IHonkVerifier(address(new AcceptAllVerifier())));
        token = new MockERC20("Token", "TKN");
        handler = new IncentivesHandler(inc, token);
        targetContract(address(handler));
    }

    function _balance(address asset) internal view returns (uint256) {
        return asset == address(0) ? address(inc).balance : token.balanceOf(address(inc));
    }

    /// Σ credits of every account that can hold one (all handler actors).
    function _sumCredits(address asset) internal view returns (uint256 sum) {
        for (uint256 i; i < handler.actorCount(); ++i) {
            sum += inc.credits(handler.actors(i), asset);
        }
    }

    /// Σ escrow of rounds that are neither settled nor reclaimed, from the contract's own storage.
    function _sumOpenEscrow(address asset) internal view returns (uint256 sum) {
        for (uint256 id = 1; id <= inc.roundCount(); ++id) {
            IZKMLIncentives.Round memory r = inc.getRound(id);
            if (r.asset == asset && r.status == IZKMLIncentives.RoundStatus.Open) sum += r.amount;
        }
    }

    /// I1 (solvency, exact): per asset, balance = Σ escrow of open rounds + Σ credited-but-unwithdrawn.
    function invariant_balanceEqualsEscrowPlusCredits() public view {
        for (uint256 a; a < 2; ++a) {
            address asset = handler.assets(a);
            uint256 credits = _sumCredits(asset);
            assertEq(_balance(asset), _sumOpenEscrow(asset) + credits, "balance != open escrow + credits");
            assertEq(_balance(asset), handler.ghostEscrow(asset) + credits, "balance != ghost escrow + credits");
        }
    }

    /// I2: every credit equals what the specification credited minus what was withdrawn, and nobody
    ///     ever withdrew more than was credited to it.
    function invariant_creditsMatchGhostsAndNoOverWithdrawal() public view {
        assertFalse(handler.withdrewMoreThanCredited(), "a withdrawal exceeded the credit");
        assertFalse(handler.wrongCredit(), "settlement credited something else than the payout formula");
        for (uint256 a; a < 2; ++a) {
            address asset = handler.assets(a);
            for (uint256 i; i < handler.actorCount(); ++i) {
                address account = handler.actors(i);
                uint256 credited = handler.ghostCredited(account, asset);
                uint256 withdrawn = handler.ghostWithdrawn(account, asset);
                assertLe(withdrawn, credited, "withdrawn > credited");
                assertEq(inc.credits(account, asset), credited - withdrawn, "credit != credited - withdrawn");
            }
        }
    }

    /// I3: a settled or reclaimed round never changes (status, amounts, providers, everything stored).
    function invariant_finalRoundsNeverChange() public view {
        for (uint256 id = 1; id <= inc.roundCount(); ++id) {
            IZKMLIncentives.Round memory r = inc.getRound(id);
            if (r.status == IZKMLIncentives.RoundStatus.Open) {
                assertEq(handler.finalSnapshot(id), bytes32(0), "a final round reopened");
            } else {
                assertEq(handler.snapshotOf(id), handler.finalSnapshot(id), "a final round changed");
            }
        }
    }

    /// I4: no registration succeeds at or after the registration deadline, or with an invalid
    ///     commitment, a duplicate, a second registration of an address, or beyond maxProviders.
    function invariant_registrationRules() public view {
        assertFalse(handler.lateRegistration(), "registration after the deadline");
        assertFalse(handler.invalidRegistration(), "invalid registration accepted");
        for (uint256 id = 1; id <= inc.roundCount(); ++id) {
            IZKMLIncentives.Round memory r = inc.getRound(id);
            assertLe(r.numProviders, r.maxProviders, "more providers than maxProviders");
        }
    }

    /// I5: settlement and reclaim happen only in their phase, once, and reclaim only by the owner.
    function invariant_phaseRules() public view {
        assertFalse(handler.unexpectedSettlement(), "settlement outside its window or twice");
        assertFalse(handler.unexpectedReclaim(), "reclaim by a non-owner, twice, or before expiry");
    }

    function afterInvariant() external view {
        string[11] memory names = [
            "createRound",
            "register.ok",
            "register.rejected",
            "submit.ok",
            "submit.rejected",
            "reclaim.ok",
            "reclaim.rejected",
            "withdraw.ok",
            "withdraw.rejected",
            "warp",
            ""
        ];
        for (uint256 i; i < 10; ++i) {
            console.log(names[i], handler.calls(bytes32(bytes(names[i]))));
        }
    }
}
