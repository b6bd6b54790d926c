// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test, console} from "forge-std/Test.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {ZkmlLayout} from "../../contracts/generated/ZkmlLayout.sol";
import {AcceptAllVerifier, RefuseK3Verifier, ValidationBoundVerifier} from "./mocks/MockVerifiers.sol";
import {MockERC20} from "./mocks/MockTokens.sol";
import {IncentivesHandler} from "./handlers/IncentivesHandler.sol";
import {TestShapes} from "./utils/IncentivesBase.sol";

/// @notice Handler-based invariants of ZKMLIncentives (contracts/README.md, "Invariants").
/// @dev The handler predicts the exact outcome of every call and catches the contract's expected
///      rejections itself; an unpredicted revert, an unpredicted success or a different error is a
///      violation (I0). Any revert that reaches the fuzzer is a handler bug: fail on it.
///
///      MUTATION CHECK (how the invariants were shown to catch a contract that refuses valid settlements):
///      `submit` was mutated to `if (round.numProviders >= 3) revert InvalidProof();` right after
///      `_submittable`, and `npx forge test --match-contract ZKMLIncentivesInvariantTest` was run:
///      `invariant_callsBehaveAsPredicted` failed ("submit: refused a valid call, error 0x09bde339"), where
///      the previous handler (which counted every revert of `submit` as "rejected") passed all invariants.
///      The mutation was then reverted. The same mutation is kept as an executable test that needs no
///      source edit: {ZKMLIncentivesMutationTest} deploys a settlement verifier that refuses k ≥ 3
///      (`RefuseK3Verifier`) and shows that the handler flags the refusal.
/// forge-config: default.invariant.fail-on-revert = true
/// forge-config: ci.invariant.fail-on-revert = true
contract ZKMLIncentivesInvariantTest is Test {
    ZKMLIncentives internal inc;
    MockERC20 internal token;
    IncentivesHandler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        IHonkVerifier accept = IHonkVerifier(address(new AcceptAllVerifier()));
        IHonkVerifier validation = IHonkVerifier(address(new ValidationBoundVerifier()));
        inc = new ZKMLIncentives(TestShapes.one(TestShapes.k8d1n128(accept, accept, validation)));
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

    /// Σ (escrow + deposits − paid out) over all rounds, from the contract's own storage.
    function _sumOutstanding(address asset) internal view returns (uint256 sum) {
        for (uint256 id = 1; id <= inc.roundCount(); ++id) {
            IZKMLIncentives.Round memory r = inc.getRound(id);
            if (r.asset == asset) sum += r.amount + r.deposit * r.numProviders - r.paidOut;
        }
    }

    /// I0: every call behaved exactly as the specification predicts: no valid call refused, no invalid
    ///     call accepted, every rejection with the predicted error, every amount as specified.
    function invariant_callsBehaveAsPredicted() public view {
        string memory v = handler.violation();
        assertFalse(handler.unexpectedRevert(), v);
        assertFalse(handler.unexpectedSuccess(), v);
        assertFalse(handler.wrongError(), v);
        assertFalse(handler.wrongAmount(), v);
    }

    /// I1 (solvency and conservation of deposits and rewards, exact): per asset, balance = Σ (escrow +
    ///     deposits − paid out) of all rounds + Σ credits = everything paid in − everything withdrawn.
    function invariant_balanceEqualsOutstandingPlusCredits() public view {
        for (uint256 a; a < 2; ++a) {
            address asset = handler.assets(a);
            assertEq(_balance(asset), _sumOutstanding(asset) + _sumCredits(asset), "balance != outstanding + credits");
            uint256 withdrawn;
            for (uint256 i; i < handler.actorCount(); ++i) {
                withdrawn += handler.ghostWithdrawn(handler.actors(i), asset);
            }
            assertEq(_balance(asset), handler.ghostPaidIn(asset) - withdrawn, "balance != paid in - withdrawn");
        }
    }

    /// I2: every credit equals what the specification credited minus what was withdrawn.
    function invariant_creditsMatchModel() public view {
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

    /// I3/I4: every round matches the model: creation parameters never change, status, paid-out sum,
    ///     providers (account, rows, claimed, delivered, settlement index, delivered prefix rows) in order,
    ///     the delivery order, and capacity (k ≤ maxProviders, rows ≤ N_TRAIN, each ≤ the row cap).
    function invariant_roundsMatchModel() public view {
        assertEq(inc.roundCount(), handler.modelRoundCount(), "round count");
        for (uint256 id = 1; id <= inc.roundCount(); ++id) {
            IZKMLIncentives.Round memory r = inc.getRound(id);
            (IZKMLIncentives.RoundStatus status,, uint256 paidOut, uint256 totalRows, bytes32 h) =
                handler.modelRound(id);
            assertEq(handler.immutableHashOf(r), h, "creation parameters changed");
            assertEq(uint256(r.status), uint256(status), "status");
            assertEq(r.paidOut, paidOut, "paid out");
            assertEq(r.totalRows, totalRows, "total rows");
            assertLe(r.numProviders, r.maxProviders, "more providers than maxProviders");
            assertLe(r.totalRows, ZkmlLayout.N_TRAIN, "more rows than N_TRAIN");
            (uint256 numDelivered, uint256 deliveredRows) = handler.modelDeliveries(id);
            assertEq(r.numDelivered, numDelivered, "deliveries");
            assertEq(r.deliveredRows, deliveredRows, "delivered rows");
            _providersMatchModel(id, r.maxRowsPerProvider, numDelivered);
        }
    }

    function _providersMatchModel(uint256 id, uint256 cap, uint256 numDelivered) internal view {
        IZKMLIncentives.Provider[] memory ps = inc.getProviders(id);
        assertEq(ps.length, handler.modelProviderCount(id), "providers");
        uint256[] memory order = inc.getDelivered(id);
        assertEq(order.length, numDelivered, "delivery order length");
        for (uint256 i; i < ps.length; ++i) {
            (address account, uint256 n, bool claimed, uint256 stats, bool delivered, uint256 si, uint256 before) =
                handler.modelProvider(id, i);
            assertEq(ps[i].account, account, "provider account");
            assertEq(ps[i].numRows, n, "provider rows");
            assertLe(n, cap, "provider above the row cap");
            assertEq(ps[i].claimed, claimed, "provider claimed");
            assertEq(ps[i].statsCommitment, stats, "provider statistics commitment");
            assertEq(ps[i].delivered, delivered, "provider delivered");
            if (delivered) {
                assertEq(ps[i].settlementIndex, si, "settlement index");
                assertEq(ps[i].rowsBefore, before, "delivered prefix rows");
                assertEq(order[si], i, "delivery order");
            }
        }
    }

    /// I5 (F1, F2, F9): once a round with deliveries is settled or expired, the escrow and every deposit
    ///     can always be paid out: paid out (claims, and the owner's refund above the reserve) + Σ still
    ///     claimable = escrow + deposits; the owner can never reclaim it.
    function invariant_providersGetThePool() public view {
        for (uint256 id = 1; id <= inc.roundCount(); ++id) {
            IZKMLIncentives.Round memory r = inc.getRound(id);
            if (r.numDelivered == 0 || !handler.modelClaimable(id)) continue;
            uint256 claimable;
            for (uint256 i; i < r.numProviders; ++i) {
                claimable += inc.claimable(id, i);
            }
            assertEq(r.paidOut + claimable, r.amount + r.deposit * r.numProviders, "the pool is not paid out whole");
            assertTrue(r.status != IZKMLIncentives.RoundStatus.Reclaimed, "owner reclaimed a round with deliveries");
        }
    }

    /// I6 (nothing locked, F9): after a round's last deadline everything it holds can be taken out: by
    ///     the claims of its deliverers, or, when nobody delivered, by the owner's reclaim (also when
    ///     registrants never delivered: their deposits go back with the escrow).
    function invariant_nothingLockedAfterTheLastDeadline() public view {
        for (uint256 id = 1; id <= inc.roundCount(); ++id) {
            IZKMLIncentives.Round memory r = inc.getRound(id);
            if (block.timestamp <= r.submissionDeadline) continue;
            uint256 held = r.amount + r.deposit * r.numProviders - r.paidOut;
            if (r.status == IZKMLIncentives.RoundStatus.Reclaimed) {
                assertEq(held, 0, "a reclaimed round still holds funds");
            } else if (r.numDelivered == 0) {
                assertTrue(handler.modelReclaimable(id), "no delivery and not reclaimable");
                assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Empty), "phase of an undelivered round");
            } else {
                uint256 claimable;
                for (uint256 i; i < r.numProviders; ++i) {
                    claimable += inc.claimable(id, i);
                }
                assertEq(claimable, held, "funds locked after the last deadline");
            }
        }
    }

    /// I7 (after every run): past the last deadline every delivered slot's claim, every empty round's
    ///     reclaim and every withdrawal succeed exactly as the model predicts, and the contract is left
    ///     holding nothing: every deposit and reward of the run was paid out.
    function afterInvariant() external {
        handler.drain();
        string memory v = handler.violation();
        assertFalse(handler.unexpectedRevert(), v);
        assertFalse(handler.unexpectedSuccess(), v);
        assertFalse(handler.wrongError(), v);
        assertFalse(handler.wrongAmount(), v);
        assertEq(address(inc).balance, 0, "ETH left after every claim, reclaim and withdrawal");
        assertEq(token.balanceOf(address(inc)), 0, "tokens left after every claim, reclaim and withdrawal");
        string[7] memory names = ["createRound", "register", "deliver", "submit", "claim", "reclaim", "withdraw"];
        for (uint256 i; i < names.length; ++i) {
            console.log(names[i], handler.callCount(names[i], true), handler.callCount(names[i], false));
        }
    }
}

/// @notice The mutation of issue 10 as an executable check: a deployment whose settlement verifier
///         refuses every settlement with k ≥ 3 (`RefuseK3Verifier`, standing in for a contract that
///         refuses valid settlements). The handler predicts success for a valid settlement and flags
///         the refusal, so `invariant_callsBehaveAsPredicted` would fail. With the honest verifier the
///         same sequence raises no flag.
contract ZKMLIncentivesMutationTest is Test {
    function _run(IHonkVerifier settlement) internal returns (IncentivesHandler handler) {
        vm.warp(1_700_000_000);
        IHonkVerifier accept = IHonkVerifier(address(new AcceptAllVerifier()));
        IHonkVerifier validation = IHonkVerifier(address(new ValidationBoundVerifier()));
        ZKMLIncentives inc = new ZKMLIncentives(TestShapes.one(TestShapes.k8d1n128(settlement, accept, validation)));
        handler = new IncentivesHandler(inc, new MockERC20("Token", "TKN"));
        // A valid open round (mode 20: no invalid parameter, no allowlist) ...
        handler.createRound(IncentivesHandler.CreateSeeds(0, false, 1 ether, 8, 1 days, 1 days, 20, 1));
        // ... three providers with valid registrations ...
        for (uint256 i; i < 3; ++i) {
            uint256 seed = _validRowSeed(i);
            handler.register(0, i, seed, 0);
        }
        assertEq(inc.getRound(1).numProviders, 3);
        // ... that all deliver (mode 3: one attempt per call, by the slot the actor seed names) ...
        for (uint256 i; i < 3; ++i) {
            handler.deliver(0, i, 3, true);
        }
        assertEq(inc.getRound(1).numDelivered, 3);
        // ... and a valid settlement with positive values.
        int256[8] memory phi = [int256(5), 3, 2, 0, 0, 0, 0, 0];
        handler.submit(0, 0, phi, 3, true);
    }

    function test_mutation_refusingSettlementWithThreeProviders_isCaught() public {
        IncentivesHandler handler = _run(IHonkVerifier(address(new RefuseK3Verifier(ZkmlLayout.K))));
        assertTrue(handler.unexpectedRevert(), "the handler must flag a refused valid settlement");
        assertEq(
            handler.violation(),
            string.concat(
                "submit: refused a valid call, error ",
                vm.toString(abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector))
            )
        );
    }

    /// A validation verifier that accepts any proof (standing in for a contract that skips the validation
    /// proof): a creation with a proof of another commitment (mode 6) is predicted InvalidProof and its
    /// acceptance is flagged; with the binding verifier it is the expected rejection.
    function _createWithOtherCommitment(IHonkVerifier validation) internal returns (IncentivesHandler handler) {
        vm.warp(1_700_000_000);
        IHonkVerifier accept = IHonkVerifier(address(new AcceptAllVerifier()));
        ZKMLIncentives inc = new ZKMLIncentives(TestShapes.one(TestShapes.k8d1n128(accept, accept, validation)));
        handler = new IncentivesHandler(inc, new MockERC20("Token", "TKN"));
        handler.createRound(IncentivesHandler.CreateSeeds(0, false, 1 ether, 8, 1 days, 1 days, 6, 1));
    }

    /// A row seed whose first registration attempt is valid (mode = keccak(seed, 0) % 16 ≥ 7).
    function _validRowSeed(uint256 from) internal pure returns (uint256 seed) {
        seed = from * 1000;
        while (uint256(keccak256(abi.encode(seed, uint256(0)))) % 16 < 7) {
            ++seed;
        }
    }

    function test_mutation_acceptingAnyValidationProof_isCaught() public {
        IncentivesHandler handler = _createWithOtherCommitment(IHonkVerifier(address(new AcceptAllVerifier())));
        assertTrue(handler.unexpectedSuccess(), "the handler must flag an accepted foreign validation proof");
        assertEq(handler.violation(), "createRound: accepted a call the spec refuses");
    }

    function test_mutation_bindingValidationVerifier_expectedRejection() public {
        IncentivesHandler handler = _createWithOtherCommitment(IHonkVerifier(address(new ValidationBoundVerifier())));
        assertFalse(handler.unexpectedRevert());
        assertFalse(handler.unexpectedSuccess());
        assertFalse(handler.wrongError());
        assertEq(handler.callCount("createRound", false), 1);
        assertEq(handler.callCount("createRound", true), 0);
    }

    function test_mutation_honestVerifier_noFlag() public {
        IncentivesHandler handler = _run(IHonkVerifier(address(new AcceptAllVerifier())));
        assertFalse(handler.unexpectedRevert());
        assertFalse(handler.unexpectedSuccess());
        assertFalse(handler.wrongError());
        assertEq(handler.callCount("submit", true), 1);
    }
}
