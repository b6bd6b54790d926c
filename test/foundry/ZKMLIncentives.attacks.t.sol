// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {IncentivesBase, TestShapes} from "./utils/IncentivesBase.sol";
import {PayeeBoundRegistrationVerifier} from "./mocks/MockVerifiers.sol";

/// @notice The attacks of issue 10, on chain, with mock verifiers (the real-verifier versions of the
///         registration attack live in ZKMLIncentives.integration.t.sol). Each test names the attack and
///         the property (F1–F6, contracts/README.md) that stops it.
contract ZKMLIncentivesAttackTest is IncentivesBase {
    // --- Attack 1 / F2: the owner shifts the validation labels so that every φ ≤ 0 ---------------

    function test_attack1_labelShift_providersStillGetThePool() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], _commitment(0), 10);
        _registerAs(id, providers[1], _commitment(1), 20);
        _registerAs(id, providers[2], _commitment(2), 30);
        _registerAs(id, providers[3], _commitment(3), 40);
        _toSubmission(id);
        // Measured in issue 10: φ = [0.037, 0.037, 0.037, 0.036] became [−0.081, −0.086, −0.098, −0.112].
        int256[] memory phi = new int256[](K);
        (phi[0], phi[1], phi[2], phi[3]) = (-8_100_000, -8_600_000, -9_800_000, -11_200_000);
        vm.prank(owner);
        _submit(id, phi);
        _claimAll(id);
        // No φ positive: the pool goes to the providers by rows (10:20:30:40), nothing to the owner.
        assertEq(inc.credits(providers[0], ETH), POOL / 10);
        assertEq(inc.credits(providers[1], ETH), POOL * 2 / 10);
        assertEq(inc.credits(providers[2], ETH), POOL * 3 / 10);
        assertEq(inc.credits(providers[3], ETH), POOL * 4 / 10);
        assertEq(inc.credits(owner, ETH), 0);
        assertEq(inc.getRound(id).paidOut, POOL);
    }

    function test_attack1_partialShift_ownerStillGetsNothing() public {
        uint256 id = _createEth(7, K);
        _register(id, 3);
        _toSubmission(id);
        _submit(id, _phi(-5, 2, 1)); // one provider pushed negative, 7 wei split 2:1
        _claimAll(id);
        assertEq(inc.credits(providers[1], ETH) + inc.credits(providers[2], ETH), 7);
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
        // Equal rows: equal shares; cumulative rounding gives the last one the remaining wei.
        assertEq(token.balanceOf(providers[0]), POOL / 3);
        assertEq(token.balanceOf(providers[1]), POOL * 2 / 3 - POOL / 3);
        assertEq(token.balanceOf(providers[2]), POOL - POOL * 2 / 3);
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
        assertEq(inc.credits(providers[0], ETH) + inc.credits(providers[1], ETH), POOL);
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

    // --- Attack 4 / F4: an outsider copies a pending registration ----------------------------------

    function test_attack4_copiedRegistration_failsAndOriginalRegisters() public {
        // A registration verifier that, like the real circuit, binds the proof to its payee.
        IZKMLIncentives.Shape memory s = _shape();
        s.registrationVerifier = IHonkVerifier(address(new PayeeBoundRegistrationVerifier()));
        inc = new ZKMLIncentives(TestShapes.one(s));
        vm.prank(owner);
        token.approve(address(inc), type(uint256).max);
        uint256 id = _createEth(POOL, K);
        address victim = providers[0];
        address copier = makeAddr("copier");
        bytes memory victimProof = abi.encode(victim);
        uint256[] memory ct = _ciphertext(1);
        // The copier front-runs with the victim's exact calldata: refused at the proof, nothing stored.
        vm.prank(copier);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.register(id, _commitment(0), TestShapes.stats(_commitment(0)), 5, _ephemeral(), ct, victimProof);
        // The original registration still succeeds (no global duplicate-commitment check to trip).
        vm.prank(victim);
        inc.register(id, _commitment(0), TestShapes.stats(_commitment(0)), 5, _ephemeral(), ct, victimProof);
        assertEq(inc.getRound(id).numProviders, 1);
        assertEq(inc.getProviders(id)[0].account, victim);
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
        p.submissionDeadline = p.registrationDeadline + 1;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooShort.selector, 1, 1 days));
        inc.createRound{value: POOL}(p, _validationProof());
        p = _params(ETH, POOL, K);
        p.registrationDeadline = uint64(block.timestamp + 1);
        p.submissionDeadline = p.registrationDeadline + 1 days;
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooShort.selector, 1, 1 hours));
        inc.createRound{value: POOL}(p, _validationProof());
    }

    // --- F4: capacity, a late registration cannot push a round past what the circuit holds -----------

    function test_capacity_lateRegistrationCannotOverfill() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], 1, N_TRAIN - 3); // one provider holds almost every row
        _registerAs(id, providers[1], 2, 3);
        vm.warp(inc.getRound(id).registrationDeadline - 1); // the last second of registration
        vm.prank(providers[2]);
        uint256[] memory ct = _ciphertext(3);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RowCapacityExceeded.selector, id, 1, 0));
        inc.register(id, 3, TestShapes.stats(3), 1, _ephemeral(), ct, _proof());
        assertEq(inc.getRound(id).totalRows, N_TRAIN);
    }

    function test_capacity_onlyAllowlistedRegister_junkHasNoEffect() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, 2);
        p.allowlist = new address[](2);
        (p.allowlist[0], p.allowlist[1]) = (providers[0], providers[1]);
        uint256 id = _create(p);
        address junk = makeAddr("junk");
        vm.prank(junk);
        uint256[] memory ct = _ciphertext(9);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotAllowlisted.selector, id, junk));
        inc.register(id, 9, TestShapes.stats(9), 1, _ephemeral(), ct, _proof());
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
            _registerAs(id, makeAddr(string.concat("sybil", vm.toString(i))), _commitment(i), 1);
        }
        _toExpiry(id);
        uint256 honest = inc.claim(id, 0);
        assertEq(honest, POOL * 16 / 23);
        assertGe(honest, POOL * 16 / N_TRAIN, "guaranteed bound: A * n_i / N_TRAIN");
    }

    /// The guaranteed bound of F1: whatever anyone registers before or after, a provider with n rows
    /// receives at least floor(A * n / N_TRAIN) of an expired round.
    function testFuzz_expiry_providerBound(uint256 pool, uint8[8] memory rows, uint8 honestIndex) public {
        pool = bound(pool, 1, 1e30);
        vm.deal(owner, pool);
        uint256 id = _createEth(pool, K);
        uint256 h = bound(honestIndex, 0, K - 1);
        uint256 total;
        uint256 k;
        for (uint256 i; i < K; ++i) {
            uint256 m = bound(rows[i], 1, 40);
            if (total + m > N_TRAIN) break;
            _registerAs(id, providers[i], _commitment(i), m);
            total += m;
            ++k;
        }
        h = h % k;
        _toExpiry(id);
        uint256 n = inc.getProviders(id)[h].numRows;
        uint256 reward = inc.claimable(id, h);
        assertGe(reward, pool * n / N_TRAIN, "below A * n / N_TRAIN");
        assertGe(reward, pool * n / total, "below floor(A * n / R)");
        uint256 sum;
        for (uint256 i; i < k; ++i) {
            sum += inc.claimable(id, i);
        }
        assertEq(sum, pool, "the providers receive the whole escrow");
    }
}
