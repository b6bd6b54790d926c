// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {IncentivesBase, TestShapes} from "./utils/IncentivesBase.sol";
import {PayeeBoundRegistrationVerifier} from "./mocks/MockVerifiers.sol";

/// @notice The attacks of issues 10 and 16, on chain, with mock verifiers (the real-verifier versions of the
///         delivery attacks live in ZKMLIncentives.integration.t.sol). Each test names the attack and the
///         property (F1–F10, contracts/README.md) that stops it. Rounds are sealed: `_registerAs` commits
///         and pays the deposit, `_toSubmission` / `_toExpiry` deliver every slot first.
contract ZKMLIncentivesAttackTest is IncentivesBase {
    // --- Attack 1 / F2: the owner shifts the validation labels so that every φ ≤ 0 ---------------

    function test_attack1_labelShift_providersStillGetThePool() public {
        uint256 id = _createEth(POOL, 4); // the fair share: 32 rows each
        _registerAs(id, providers[0], _commitment(0), 8);
        _registerAs(id, providers[1], _commitment(1), 16);
        _registerAs(id, providers[2], _commitment(2), 24);
        _registerAs(id, providers[3], _commitment(3), 32);
        _toSubmission(id);
        // Measured in issue 10: φ = [0.037, 0.037, 0.037, 0.036] became [−0.081, −0.086, −0.098, −0.112].
        int256[] memory phi = new int256[](K);
        (phi[0], phi[1], phi[2], phi[3]) = (-8_100_000, -8_600_000, -9_800_000, -11_200_000);
        vm.prank(owner);
        _submit(id, phi);
        _claimAll(id);
        // No φ positive: the pool goes to the providers by rows (8:16:24:32 = 1:2:3:4), nothing to the
        // owner (the default reserve is the whole pool); each provider also gets its deposit back.
        assertEq(inc.credits(providers[0], ETH), POOL / 10 + DEPOSIT);
        assertEq(inc.credits(providers[1], ETH), POOL * 2 / 10 + DEPOSIT);
        assertEq(inc.credits(providers[2], ETH), POOL * 3 / 10 + DEPOSIT);
        assertEq(inc.credits(providers[3], ETH), POOL * 4 / 10 + DEPOSIT);
        assertEq(inc.credits(owner, ETH), 0);
        assertEq(inc.getRound(id).paidOut, POOL + 4 * DEPOSIT);
    }

    function test_attack1_partialShift_ownerStillGetsNothing() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, 7, K);
        p.deposit = 1;
        uint256 id = _create(p);
        _register(id, 3);
        _toSubmission(id);
        _submit(id, _phi(-5, 2, 1)); // one provider pushed negative, 7 wei split 2:1
        _claimAll(id);
        assertEq(inc.credits(providers[1], ETH) + inc.credits(providers[2], ETH), 7 + 2);
        assertEq(inc.credits(providers[0], ETH), 1, "the negative provider gets its deposit back only");
        assertEq(inc.credits(owner, ETH), 0, "no rounding dust to the owner either");
    }

    // --- Attacks 2 and 3 / F1: unprovable validation commitment, or the owner walks away ---------

    function test_attack3_ownerWalksAway_providersClaimAfterDeadline() public {
        uint256 id = _createToken(POOL, K);
        _register(id, 3);
        _toExpiry(id);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundHasProviders.selector, id));
        inc.reclaim(id);
        for (uint256 i; i < 3; ++i) {
            vm.prank(providers[i]);
            inc.claim(id, i);
            vm.prank(providers[i]);
            inc.withdraw(address(token));
        }
        // Equal rows: equal shares; cumulative rounding gives the last one the remaining wei. Each
        // provider also gets its token deposit back (it started with 1,000 tokens).
        uint256 start = 1_000 ether;
        assertEq(token.balanceOf(providers[0]), start + POOL / 3);
        assertEq(token.balanceOf(providers[1]), start + POOL * 2 / 3 - POOL / 3);
        assertEq(token.balanceOf(providers[2]), start + POOL - POOL * 2 / 3);
        assertEq(token.balanceOf(address(inc)), 0);
    }

    function test_attack2_unprovableValidationCommitment_sameAsWalkAway() public {
        // The owner commits to a validation set it never opens: nobody can settle, the round expires,
        // and the escrow still goes to the providers.
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.validationCommitment = 1; // no known opening
        uint256 id = _create(p);
        _register(id, 2);
        _toExpiry(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Expired));
        _claimAll(id);
        assertEq(inc.credits(providers[0], ETH) + inc.credits(providers[1], ETH), POOL + 2 * DEPOSIT);
    }

    function test_ownerReclaimsOnlyAnEmptyRound() public {
        uint256 id = _createEth(POOL, K);
        vm.warp(inc.getRound(id).registrationDeadline - 1);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
        _toSubmission(id);
        vm.prank(owner);
        inc.reclaim(id);
        assertEq(inc.credits(owner, ETH), POOL);
    }

    // --- Attack 4 / F4, F8: an outsider copies a pending delivery -------------------------------------

    /// A registration verifier that, like the real circuit, binds the proof to its payee.
    function _payeeBound() internal returns (uint256 id) {
        IZKMLIncentives.Shape memory s = _shape();
        s.registrationVerifier = IHonkVerifier(address(new PayeeBoundRegistrationVerifier()));
        inc = new ZKMLIncentives(TestShapes.one(s));
        vm.prank(owner);
        token.approve(address(inc), type(uint256).max);
        id = _createEth(POOL, K);
    }

    function test_attack4_copiedDelivery_failsAndOriginalDelivers() public {
        uint256 id = _payeeBound();
        address victim = providers[0];
        address copier = makeAddr("copier");
        vm.deal(copier, 1 ether);
        bytes memory victimProof = abi.encode(victim);
        uint256[] memory ct = _ciphertext(1);
        // Both register the victim's commitments (the copier can: commitments reveal nothing).
        _registerAs(id, victim, _commitment(0), 5);
        _registerAs(id, copier, _commitment(0), 5);
        _toDelivery(id);
        // The copier front-runs with the victim's exact delivery: refused at the proof, nothing stored.
        vm.prank(copier);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.deliver(id, _ephemeral(), ct, victimProof);
        // The original delivery still succeeds.
        vm.prank(victim);
        assertEq(inc.deliver(id, _ephemeral(), ct, victimProof), 0);
        assertEq(inc.getRound(id).numDelivered, 1);
        assertEq(inc.getProviders(id)[inc.getDelivered(id)[0]].account, victim);
    }

    // --- Attacks 5 and 6 / F4, F5: λ = 0 and a 1-second window are refused --------------------------

    function test_attack5_lambdaZero_refused() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.lambda = 0;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.LambdaOutOfRange.selector, 0));
        inc.createRound{value: POOL}(p, _validationProof());
    }

    function test_attack6_oneSecondWindows_refused() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.submissionDeadline = p.deliveryDeadline + 1;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooShort.selector, 1, 1 days));
        inc.createRound{value: POOL}(p, _validationProof());
        p = _params(ETH, POOL, K);
        p.deliveryDeadline = p.registrationDeadline + 1;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooShort.selector, 1, 1 hours));
        inc.createRound{value: POOL}(p, _validationProof());
        p = _params(ETH, POOL, K);
        p.registrationDeadline = uint64(block.timestamp + 1);
        p.deliveryDeadline = p.registrationDeadline + 1 hours;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooShort.selector, 1, 1 hours));
        inc.createRound{value: POOL}(p, _validationProof());
    }

    // --- F4: capacity, a late registration cannot push a round past what the circuit holds -----------

    function test_capacity_lateRegistrationCannotOverfill() public {
        // The fair-share cap: maxProviders × cap ≤ N_TRAIN, so every slot always has room for its cap.
        uint256 id = _createEth(POOL, K);
        uint256 cap = inc.getRound(id).maxRowsPerProvider;
        assertEq(cap, N_TRAIN / K);
        for (uint256 i; i < K - 1; ++i) {
            _registerAs(id, providers[i], _commitment(i), cap);
        }
        vm.warp(inc.getRound(id).registrationDeadline - 1); // the last second of registration
        _registerAs(id, providers[K - 1], _commitment(K - 1), cap);
        assertEq(inc.getRound(id).totalRows, N_TRAIN);
    }

    function test_capacity_onlyAllowlistedRegister_junkHasNoEffect() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, 2);
        p.allowlist = new address[](2);
        (p.allowlist[0], p.allowlist[1]) = (providers[0], providers[1]);
        uint256 id = _create(p);
        address junk = makeAddr("junk");
        vm.deal(junk, 1 ether);
        vm.prank(junk);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotAllowlisted.selector, id, junk));
        inc.register{value: DEPOSIT}(id, 9, TestShapes.stats(9), 1);
        _register(id, 2);
        assertEq(inc.getRound(id).numProviders, 2);
    }

    // --- Sybil bounds on expiry (README, "Sybil splitting") ------------------------------------------

    /// Owner case B: the owner fills seven slots with one-row Sybils, an honest provider brings 16 rows,
    /// the owner walks away. By rows the honest provider gets 16/23 (69.6 %); an equal split would have
    /// returned 7/8 (87.5 %) of the escrow to the owner.
    function test_sybil_ownerFillsSlotsAndWalksAway_byRowsBound() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], _commitment(0), 16); // honest
        for (uint256 i = 1; i < K; ++i) {
            address sybil = makeAddr(string.concat("sybil", vm.toString(i)));
            _fund(sybil);
            _registerAs(id, sybil, _commitment(i), 1);
        }
        _toExpiry(id);
        uint256 honest = inc.claim(id, 0) - DEPOSIT;
        assertEq(honest, POOL * 16 / 23);
        assertGe(honest, POOL * 16 / N_TRAIN, "guaranteed bound: A * n_i / N_TRAIN");
    }

    /// The guaranteed bound of F1: whatever anyone registers before or after, a provider with n rows
    /// receives at least floor(A * n / N_TRAIN) of an expired round.
    function testFuzz_expiry_providerBound(uint256 pool, uint8[8] memory rows, uint8 honestIndex) public {
        pool = bound(pool, DEPOSIT, 1e30);
        vm.deal(owner, pool);
        uint256 id = _createEth(pool, K);
        uint256 h = bound(honestIndex, 0, K - 1);
        uint256 total;
        uint256 k;
        for (uint256 i; i < K; ++i) {
            uint256 m = bound(rows[i], 1, N_TRAIN / K);
            if (total + m > N_TRAIN) break;
            _registerAs(id, providers[i], _commitment(i), m);
            total += m;
            ++k;
        }
        h = h % k;
        _toExpiry(id);
        uint256 n = inc.getProviders(id)[h].numRows;
        uint256 reward = inc.claimable(id, h) - DEPOSIT;
        assertGe(reward, pool * n / N_TRAIN, "below A * n / N_TRAIN");
        assertGe(reward, pool * n / total, "below floor(A * n / R)");
        uint256 sum;
        for (uint256 i; i < k; ++i) {
            sum += inc.claimable(id, i);
        }
        assertEq(sum, pool + k * DEPOSIT, "the providers receive the whole escrow and their deposits");
    }

    // --- Issue 16: sealed rounds ---------------------------------------------------------------------

    /// Attack 7 / F8, F9: squat by rows. The review's squatter sent 128 rows of (0, 0) and every honest
    /// provider was refused. Now one registrant holds at most the fair share (N_TRAIN / maxProviders), so
    /// the honest providers register in full, and the junk (φ ≤ 0, no share by rows) earns only its deposit.
    function test_attack7_squatByRows_cappedAndJunkEarnsOnlyItsDeposit() public {
        uint256 id = _createEth(POOL, 4);
        address squatter = makeAddr("squatter");
        _fund(squatter);
        uint256 cap = N_TRAIN / 4;
        vm.prank(squatter);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.TooManyProviderRows.selector, N_TRAIN, cap));
        inc.register{value: DEPOSIT}(id, 1, TestShapes.stats(1), N_TRAIN);
        _registerAs(id, squatter, _commitment(9), cap);
        _registerAs(id, providers[0], _commitment(0), cap); // the honest ones still get their full rows
        _registerAs(id, providers[1], _commitment(1), cap);
        _toSubmission(id);
        _submit(id, _phi(-3, 5, 7)); // settlement order = delivery order = slot order here
        _claimAll(id);
        assertEq(inc.credits(squatter, ETH), DEPOSIT, "junk gets its deposit back, nothing more");
        assertEq(inc.credits(providers[0], ETH), POOL * 5 / 12 + DEPOSIT);
        assertEq(inc.credits(providers[1], ETH), POOL - POOL * 5 / 12 + DEPOSIT);
        assertEq(inc.credits(owner, ETH), 0);
    }

    /// Attack 8 / F9: squat by slots. Filling every slot costs maxProviders deposits; a squatter that does
    /// not deliver is excluded and its deposits go into the pool of those who deliver.
    function test_attack8_squatBySlots_costsDepositsAndForfeitsThem() public {
        uint256 id = _createEth(POOL, 4);
        address[3] memory sybils = [makeAddr("s1"), makeAddr("s2"), makeAddr("s3")];
        for (uint256 i; i < 3; ++i) {
            _fund(sybils[i]);
            _registerAs(id, sybils[i], _commitment(10 + i), 1);
        }
        _registerAs(id, providers[0], _commitment(0), ROWS);
        vm.prank(makeAddr("late"));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundFull.selector, id));
        inc.register(id, 5, TestShapes.stats(5), 1);
        assertEq(address(inc).balance, POOL + 4 * DEPOSIT, "every slot paid its deposit");
        _toDelivery(id);
        _deliverAs(id, providers[0]);
        // Not everyone delivered: submission waits for the delivery deadline.
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionNotOpen.selector, id, inc.getRound(id).deliveryDeadline));
        _submit(id, _phi(1, 0, 0));
        _toDeliveryEnd(id);
        _submit(id, _phi(1, 0, 0));
        for (uint256 i; i < 3; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotDelivered.selector, id, i));
            inc.claim(id, i);
        }
        assertEq(inc.claim(id, 3), POOL + 4 * DEPOSIT, "the pool, its deposit and the three forfeited ones");
    }

    /// Attack 9 / F8: the owner copies providers' data. Registration carries no ciphertext, so there is
    /// nothing to decrypt before the deadline; a copy of an honest commitment from the owner's address
    /// cannot be delivered (the proof binds the payee) and forfeits its deposit to the honest provider.
    function test_attack9_ownerCopies_nothingToCopyBeforeTheDeadline() public {
        uint256 id = _payeeBound();
        address victim = providers[0];
        address[3] memory copies = [makeAddr("c1"), makeAddr("c2"), makeAddr("c3")];
        for (uint256 i; i < 3; ++i) {
            _fund(copies[i]);
        }
        vm.recordLogs();
        _registerAs(id, victim, _commitment(0), ROWS);
        for (uint256 i; i < 3; ++i) {
            _registerAs(id, copies[i], _commitment(0), ROWS); // the same commitments, from the owner's addresses
        }
        // Everything on chain before the deadline: the commitments and row counts. No ciphertext.
        assertEq(vm.getRecordedLogs().length, 4);
        _toDelivery(id);
        uint256[] memory ct = _ciphertext(1);
        vm.prank(victim);
        inc.deliver(id, _ephemeral(), ct, abi.encode(victim));
        for (uint256 i; i < 3; ++i) {
            vm.prank(copies[i]);
            vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
            inc.deliver(id, _ephemeral(), ct, abi.encode(victim));
        }
        _toDeliveryEnd(id);
        _submit(id, _phi(1, 0, 0));
        assertEq(inc.claim(id, 0), POOL + 4 * DEPOSIT, "the victim keeps the whole pool, and the copies' deposits");
    }

    /// Attack 10 / F10: the owner's fitted providers. Three owner providers with 2 rows each take every
    /// positive φ; the honest provider with 30 rows still gets deposit + floor(rowPool · 30 / 36).
    function test_attack10_fittedProviders_shareByRowsGuaranteed() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, 4);
        p.rowShareBps = 2000;
        uint256 id = _create(p);
        _registerAs(id, providers[0], _commitment(0), 30); // honest
        for (uint256 i = 1; i < 4; ++i) {
            _registerAs(id, providers[i], _commitment(i), 2); // fitted
        }
        _toSubmission(id);
        int256[] memory phi = new int256[](K);
        (phi[0], phi[1], phi[2], phi[3]) = (0, 1e8, 1e8, 1e8);
        _submit(id, phi);
        uint256 rowPool = POOL * 2000 / 10_000;
        uint256 honest = inc.claim(id, 0);
        assertEq(honest, DEPOSIT + rowPool * 30 / 36);
        // Without the share by rows (the review's round) the honest provider got 0 wei.
        uint256 id2 = _createEth(POOL, 4);
        _registerAs(id2, providers[0], _commitment(0), 30);
        for (uint256 i = 1; i < 4; ++i) {
            _registerAs(id2, providers[i], _commitment(i), 2);
        }
        _toSubmission(id2);
        _submit(id2, phi);
        assertEq(inc.claim(id2, 0), DEPOSIT);
    }

    /// F10 at its boundary: for any φ and any rows, a delivered provider gets at least
    /// deposit + floor(rowPool · r / R) (and the rows part sums to rowPool exactly).
    function testFuzz_attack10_shareByRowsBound(uint16 bps, uint8[4] memory rows, int64[4] memory values, uint8 who)
        public
    {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, 4);
        p.rowShareBps = bound(bps, 0, 10_000);
        uint256 id = _create(p);
        uint256 total;
        for (uint256 i; i < 4; ++i) {
            uint256 m = bound(rows[i], 1, N_TRAIN / 4);
            _registerAs(id, providers[i], _commitment(i), m);
            total += m;
        }
        _toSubmission(id);
        int256[] memory phi = new int256[](K);
        for (uint256 i; i < 4; ++i) {
            phi[i] = values[i];
        }
        _submit(id, phi);
        uint256 h = bound(who, 0, 3);
        uint256 rowPool = POOL * p.rowShareBps / 10_000;
        uint256 r = inc.getProviders(id)[h].numRows;
        assertGe(inc.claimable(id, h), DEPOSIT + rowPool * r / total, "below the guaranteed share by rows");
        uint256 sum;
        for (uint256 i; i < 4; ++i) {
            sum += inc.claimable(id, i);
        }
        uint256 refund = inc.credits(owner, ETH);
        assertEq(sum + refund, POOL + 4 * DEPOSIT, "pool and deposits conserved");
    }

    /// Attack 11 / F5: endless windows. The review's submission deadline of 2^64 − 1 is refused; each
    /// window is accepted at its maximum and refused one second above.
    function test_attack11_endlessWindows_refused() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.submissionDeadline = type(uint64).max;
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(
                IZKMLIncentives.SubmissionPeriodTooLong.selector, type(uint64).max - p.deliveryDeadline, 30 days
            )
        );
        inc.createRound{value: POOL}(p, _validationProof());

        p = _params(ETH, POOL, K);
        p.submissionDeadline = p.deliveryDeadline + 30 days + 1;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooLong.selector, 30 days + 1, 30 days));
        inc.createRound{value: POOL}(p, _validationProof());
        p.submissionDeadline = p.deliveryDeadline + 30 days;
        _create(p);

        p = _params(ETH, POOL, K);
        p.deliveryDeadline = p.registrationDeadline + 7 days + 1;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooLong.selector, 7 days + 1, 7 days));
        inc.createRound{value: POOL}(p, _validationProof());
        p.deliveryDeadline = p.registrationDeadline + 7 days;
        _create(p);

        p = _params(ETH, POOL, K);
        p.registrationDeadline = uint64(block.timestamp + 30 days + 1);
        p.deliveryDeadline = p.registrationDeadline + 1 days;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooLong.selector, 30 days + 1, 30 days)
        );
        inc.createRound{value: POOL}(p, _validationProof());
        p.registrationDeadline = uint64(block.timestamp + 30 days);
        _create(p);
    }

    /// Attack 12 / F9, F4: a registrant never delivers. It is excluded; the settlement's providers are
    /// the deliverers in delivery order, and claims follow them.
    function test_attack12_neverDelivers_excludedAndClaimsFollowDeliveryOrder() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toDelivery(id);
        _deliverAs(id, providers[2]); // settlement index 0
        _deliverAs(id, providers[0]); // settlement index 1; providers[1] never delivers
        _toDeliveryEnd(id);
        uint256[] memory slots = inc.getDelivered(id);
        assertEq(slots.length, 2);
        assertEq(slots[0], 2);
        assertEq(slots[1], 0);
        // The contract assembles the settlement's inputs from the delivered slots only.
        verifier.expect(_expectedInputs(id, _weights(), _intercept(), _trainLoss(), _phi(3, 1, 0)), _proof());
        _submit(id, _phi(3, 1, 0)); // φ of providers[2], then of providers[0]
        uint256 pool = POOL + DEPOSIT; // the forfeited deposit joins the pool
        assertEq(inc.claim(id, 2), pool * 3 / 4 + DEPOSIT);
        assertEq(inc.claim(id, 0), pool - pool * 3 / 4 + DEPOSIT);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotDelivered.selector, id, 1));
        inc.claim(id, 1);
        assertEq(inc.claimable(id, 1), 0);
        assertEq(inc.getRound(id).paidOut, POOL + 3 * DEPOSIT, "pool and every deposit paid out");
    }

    /// F1 under sealing: the owner walks away after deliveries; the deliverers share the pool by rows.
    function test_attack12_neverDelivers_walkAwayPaysTheDeliverersByRows() public {
        uint256 id = _createEth(POOL, 2);
        _registerAs(id, providers[0], _commitment(0), 10);
        _registerAs(id, providers[1], _commitment(1), 30);
        _toDelivery(id);
        _deliverAs(id, providers[1]);
        _toExpiryOnly(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Expired));
        assertEq(inc.claim(id, 1), POOL + 2 * DEPOSIT);
    }

    /// Nobody delivers: nothing stays locked, the owner reclaims the pool and every forfeited deposit.
    function test_attack12_nobodyDelivers_ownerReclaimsPoolAndDeposits() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toDelivery(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Delivery));
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
        _toDeliveryEnd(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Empty));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NoProviders.selector, id));
        _submit(id, _phi(1, 1, 1));
        vm.prank(owner);
        inc.reclaim(id);
        assertEq(inc.credits(owner, ETH), POOL + 3 * DEPOSIT);
        vm.prank(owner);
        inc.withdraw(ETH);
        assertEq(address(inc).balance, 0, "nothing locked");
    }

    /// Attack 13 / F8: delivery outside its window: before the registration deadline (nothing to decrypt
    /// while the set can still change) and after the delivery deadline.
    function test_attack13_deliveryOutsideItsWindow_refused() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        uint64 opens = inc.getRound(id).registrationDeadline;
        vm.prank(providers[0]);
        uint256[] memory ct = _ciphertext(_commitment(0));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DeliveryNotOpen.selector, id, opens));
        inc.deliver(id, _ephemeral(), ct, _proof());
        vm.warp(inc.getRound(id).deliveryDeadline);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DeliveryClosed.selector, id));
        inc.deliver(id, _ephemeral(), ct, _proof());
    }

    /// Attack 14 / F3, F8: delivery against another commitment. The contract verifies the proof with
    /// exactly what the slot registered (commitment, statistics commitment, rows, payee): a proof of other
    /// values is refused.
    function test_attack14_deliveryAgainstAnotherCommitment_refused() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], _commitment(0), ROWS);
        _toDelivery(id);
        uint256[] memory ct = _ciphertext(7);
        // The verifier accepts only the inputs of a proof for commitment 1 (another dataset).
        regVerifier.expect(
            _expectedRegistrationInputs(
                id, providers[0], _commitment(1), TestShapes.stats(_commitment(1)), ROWS, _ephemeral(), ct
            ),
            _proof()
        );
        vm.prank(providers[0]);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.deliver(id, _ephemeral(), ct, _proof());
        // Nor another row count.
        regVerifier.expect(
            _expectedRegistrationInputs(id, providers[0], _commitment(0), TestShapes.stats(_commitment(0)), ROWS + 1, _ephemeral(), ct),
            _proof()
        );
        vm.prank(providers[0]);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.deliver(id, _ephemeral(), ct, _proof());
        // Against exactly what it registered, it is accepted.
        regVerifier.expect(
            _expectedRegistrationInputs(id, providers[0], _commitment(0), TestShapes.stats(_commitment(0)), ROWS, _ephemeral(), ct),
            _proof()
        );
        vm.prank(providers[0]);
        inc.deliver(id, _ephemeral(), ct, _proof());
    }

    /// The reserve price with no positive φ (F2 trade-off): junk only and a label shift look the same
    /// on chain. At a reserve r per row the providers get min(valuePool, r · rows) by rows and the rest
    /// goes back to the owner; at the default (≥ the pool) F2's rule holds: everything by rows.
    function test_reserve_noPositiveValue_paysTheReserveAndRefundsTheRest() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.reservePerRow = 0.01 ether;
        uint256 id = _create(p);
        _register(id, 2); // 32 rows
        _toSubmission(id);
        _submit(id, _phi(-1, -2, 0));
        assertEq(inc.credits(owner, ETH), POOL - 32 * 0.01 ether, "the rest of the value pool goes back");
        assertEq(inc.claim(id, 0), 16 * 0.01 ether + DEPOSIT);
        assertEq(inc.claim(id, 1), 16 * 0.01 ether + DEPOSIT);
        assertEq(inc.getRound(id).paidOut, POOL + 2 * DEPOSIT);

        // At the default the whole pool goes by rows: a label shift earns the owner nothing (F2).
        uint256 id2 = _createEth(POOL, K);
        _register(id2, 2);
        _toSubmission(id2);
        uint256 before = inc.credits(owner, ETH);
        _submit(id2, _phi(-1, -2, 0));
        assertEq(inc.credits(owner, ETH), before);
        assertEq(inc.claim(id2, 0), POOL / 2 + DEPOSIT);
    }

    /// An ERC20 round with deposits, junk data and a label shift in the same round: the deposits are in
    /// the token, the junk gets its deposit back, the label shift pays the pool by rows (default reserve).
    function test_erc20_depositsJunkAndLabelShift() public {
        uint256 id = _createToken(POOL, 3);
        address junk = makeAddr("junk");
        _fund(junk);
        _registerAs(id, junk, _commitment(9), 1);
        _registerAs(id, providers[0], _commitment(0), 20);
        _registerAs(id, providers[1], _commitment(1), 21);
        assertEq(token.balanceOf(address(inc)), POOL + 3 * DEPOSIT);
        _toSubmission(id);
        _submit(id, _phi(-4, -1, -2)); // the shifted labels: no φ positive
        _claimAll(id);
        assertEq(inc.credits(junk, address(token)), POOL * 1 / 42 + DEPOSIT);
        assertEq(inc.credits(providers[0], address(token)), POOL * 21 / 42 - POOL * 1 / 42 + DEPOSIT);
        assertEq(inc.credits(providers[1], address(token)), POOL - POOL * 21 / 42 + DEPOSIT);
        assertEq(inc.credits(owner, address(token)), 0);
        for (uint256 i; i < 2; ++i) {
            vm.prank(providers[i]);
            inc.withdraw(address(token));
        }
        vm.prank(junk);
        inc.withdraw(address(token));
        assertEq(token.balanceOf(address(inc)), 0);
    }

    /// Withholding (F9, F10): the owner pre-commits `o` providers, sees the honest deliveries, then
    /// withholds any subset W (w = |W|). For every W and any φ (mock verifier accepting any values):
    ///   honest total ≥ (rowPool + w·d) · R_h / (R_h + R_o') − h     (h honest providers, rounding)
    ///   owner net gain ≤ valuePool + w·d + rowPool · R_o' / R − w·d
    /// where d is the deposit, R_o' the owner's delivered rows and R = R_h + R_o'; the withheld deposits
    /// join the pool, so withholding costs the owner w·d and returns at most w·d · R_o' / R of it.
    function testFuzz_withholding_boundedByDepositsAndShare(uint8 mask, uint16 bps, int64[8] memory values) public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.rowShareBps = bound(bps, 0, 10_000);
        uint256 id = _create(p);
        // Slots 0..2 honest (16 rows each), slots 3..7 the owner's (4 rows each).
        for (uint256 i; i < 3; ++i) {
            _registerAs(id, providers[i], _commitment(i), 16);
        }
        for (uint256 i = 3; i < K; ++i) {
            _registerAs(id, providers[i], _commitment(i), 4);
        }
        _toDelivery(id);
        for (uint256 i; i < 3; ++i) {
            _deliverAs(id, providers[i]);
        }
        uint256 w;
        uint256 ownerRows;
        for (uint256 i = 3; i < K; ++i) {
            if (mask & (1 << (i - 3)) != 0) {
                ++w; // withheld
            } else {
                _deliverAs(id, providers[i]);
                ownerRows += 4;
            }
        }
        _toDeliveryEnd(id);
        uint256 k = K - w;
        int256[] memory phi = new int256[](K);
        for (uint256 i; i < k; ++i) {
            phi[i] = values[i];
        }
        _submit(id, phi);
        uint256 pool = POOL + w * DEPOSIT;
        uint256 rowPool = pool * p.rowShareBps / 10_000;
        uint256 rows = 48 + ownerRows;
        uint256 honest;
        for (uint256 i; i < 3; ++i) {
            honest += inc.claimable(id, i) - DEPOSIT;
        }
        assertGe(honest + 3, rowPool * 48 / rows, "honest providers below their guaranteed share");
        uint256 ownerTake = inc.credits(owner, ETH);
        for (uint256 i = 3; i < K; ++i) {
            uint256 c = inc.claimable(id, i);
            if (c != 0) ownerTake += c - DEPOSIT;
        }
        assertLe(ownerTake, (pool - rowPool) + rowPool * ownerRows / rows + 5, "owner above its bound");
        assertEq(honest + ownerTake + k * DEPOSIT, pool + k * DEPOSIT, "conserved");
    }
}
