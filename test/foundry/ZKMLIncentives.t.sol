// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {ZkmlLayout} from "../../contracts/generated/ZkmlLayout.sol";
import {IncentivesBase} from "./utils/IncentivesBase.sol";
import {ConfigurableVerifier, StateChangingVerifier} from "./mocks/MockVerifiers.sol";
import {FeeOnTransferToken, FalseReturningToken} from "./mocks/MockTokens.sol";

/// @notice A contract that cannot receive ETH (no receive/fallback).
contract NoReceive {
    function register(ZKMLIncentives inc, uint256 id, uint256 commitment) external {
        inc.register(id, commitment);
    }

    function withdraw(ZKMLIncentives inc, address asset) external returns (uint256) {
        return inc.withdraw(asset);
    }
}

/// @notice Unit tests: every function, every custom error, ETH and ERC20 paths.
contract ZKMLIncentivesTest is IncentivesBase {
    // =============================================================================================
    // constructor and constants
    // =============================================================================================

    function test_constructor_setsVerifierAndConstants() public view {
        assertEq(address(inc.VERIFIER()), address(verifier));
        assertEq(inc.roundCount(), 0);
        assertEq(inc.MAX_PROVIDERS(), ZkmlLayout.K);
        assertEq(inc.NUM_FEATURES(), ZkmlLayout.D);
        assertEq(inc.VALUE_BOUND(), 2 ** 120);
        assertEq(inc.LAMBDA_BOUND(), 2 ** 40);
    }

    function test_constructor_revertsInvalidVerifier() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidVerifier.selector, address(0)));
        new ZKMLIncentives(IHonkVerifier(address(0)));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidVerifier.selector, stranger));
        new ZKMLIncentives(IHonkVerifier(stranger));
    }

    function test_constructor_deployCodeToFixedAddress() public {
        address at = 0x7a6b6D6C00000000000000000000000000000001;
        deployCodeTo("ZKMLIncentives.sol:ZKMLIncentives", abi.encode(address(verifier)), at);
        assertEq(address(ZKMLIncentives(at).VERIFIER()), address(verifier));
        assertEq(ZKMLIncentives(at).roundCount(), 0);
    }

    // =============================================================================================
    // createRound
    // =============================================================================================

    function test_createRound_eth() public {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundCreated(1, owner, ETH, POOL, VC, LAMBDA, 5, reg, sub);
        vm.prank(owner);
        uint256 id = inc.createRound{value: POOL}(ETH, POOL, VC, LAMBDA, 5, reg, sub);
        assertEq(id, 1, "ids start at 1");
        assertEq(inc.roundCount(), 1);
        assertEq(address(inc).balance, POOL);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        assertEq(r.owner, owner);
        assertEq(r.asset, ETH);
        assertEq(r.amount, POOL);
        assertEq(r.validationCommitment, VC);
        assertEq(r.lambda, LAMBDA);
        assertEq(r.maxProviders, 5);
        assertEq(r.numProviders, 0);
        assertEq(r.registrationDeadline, reg);
        assertEq(r.submissionDeadline, sub);
        assertEq(uint8(r.status), uint8(IZKMLIncentives.RoundStatus.Open));
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Registration));
        assertEq(_createEth(1, 1), 2, "ids increase");
    }

    function test_createRound_erc20() public {
        uint256 before = token.balanceOf(owner);
        uint256 id = _createToken(POOL, K);
        assertEq(token.balanceOf(address(inc)), POOL);
        assertEq(token.balanceOf(owner), before - POOL);
        assertEq(inc.getRound(id).asset, address(token));
        assertEq(address(inc).balance, 0);
    }

    function test_createRound_boundaryParameters() public {
        // λ = 2^40 − 1, maxProviders = K and 1, commitment p − 1, deadlines now+1 / now+2.
        uint64 t = uint64(block.timestamp);
        vm.startPrank(owner);
        inc.createRound{value: 1}(ETH, 1, P - 1, 2 ** 40 - 1, K, t + 1, t + 2);
        inc.createRound{value: 1}(ETH, 1, 1, 0, 1, t + 1, type(uint64).max);
        vm.stopPrank();
        assertEq(inc.roundCount(), 2);
    }

    function test_createRound_revertsZeroAmount() public {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.prank(owner);
        vm.expectRevert(IZKMLIncentives.ZeroAmount.selector);
        inc.createRound(ETH, 0, VC, LAMBDA, 1, reg, sub);
    }

    function test_createRound_revertsEthAmountMismatch() public {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthAmountMismatch.selector, POOL - 1, POOL));
        inc.createRound{value: POOL - 1}(ETH, POOL, VC, LAMBDA, 1, reg, sub);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthAmountMismatch.selector, POOL + 1, POOL));
        inc.createRound{value: POOL + 1}(ETH, POOL, VC, LAMBDA, 1, reg, sub);
        // ETH sent along with an ERC20 round
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthAmountMismatch.selector, 1, 0));
        inc.createRound{value: 1}(address(token), POOL, VC, LAMBDA, 1, reg, sub);
        vm.stopPrank();
    }

    function test_createRound_revertsFeeOnTransferToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(100); // 1 %
        fot.mint(owner, POOL);
        (uint64 reg, uint64 sub) = _deadlines();
        vm.startPrank(owner);
        fot.approve(address(inc), POOL);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.TransferAmountMismatch.selector, POOL, POOL - POOL / 100)
        );
        inc.createRound(address(fot), POOL, VC, LAMBDA, 1, reg, sub);
        vm.stopPrank();
        assertEq(inc.roundCount(), 0);
    }

    function test_createRound_revertsFailingToken() public {
        FalseReturningToken bad = new FalseReturningToken();
        bad.mint(owner, POOL);
        bad.setFail(true);
        (uint64 reg, uint64 sub) = _deadlines();
        vm.startPrank(owner);
        bad.approve(address(inc), POOL);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(bad)));
        inc.createRound(address(bad), POOL, VC, LAMBDA, 1, reg, sub);
        vm.stopPrank();
    }

    function test_createRound_revertsWithoutAllowance() public {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(inc), 0, POOL));
        vm.prank(stranger);
        inc.createRound(address(token), POOL, VC, LAMBDA, 1, reg, sub);
    }

    function test_createRound_revertsTokenWithoutCode() public {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.prank(owner);
        vm.expectRevert();
        inc.createRound(stranger, POOL, VC, LAMBDA, 1, reg, sub);
    }

    function test_createRound_revertsInvalidValidationCommitment() public {
        (uint64 reg, uint64 sub) = _deadlines();
        uint256[3] memory bad = [uint256(0), P, type(uint256).max];
        for (uint256 i; i < bad.length; ++i) {
            vm.prank(owner);
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidValidationCommitment.selector, bad[i]));
            inc.createRound{value: 1}(ETH, 1, bad[i], LAMBDA, 1, reg, sub);
        }
    }

    function test_createRound_revertsLambdaOutOfRange() public {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.LambdaOutOfRange.selector, 2 ** 40));
        inc.createRound{value: 1}(ETH, 1, VC, 2 ** 40, 1, reg, sub);
    }

    function test_createRound_revertsInvalidMaxProviders() public {
        (uint64 reg, uint64 sub) = _deadlines();
        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidMaxProviders.selector, 0));
        inc.createRound{value: 1}(ETH, 1, VC, LAMBDA, 0, reg, sub);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidMaxProviders.selector, K + 1));
        inc.createRound{value: 1}(ETH, 1, VC, LAMBDA, K + 1, reg, sub);
        vm.stopPrank();
    }

    function test_createRound_revertsInvalidDeadlines() public {
        uint64 t = uint64(block.timestamp);
        uint64[2][4] memory bad = [[t, t + 10], [t - 1, t + 10], [t + 10, t + 10], [t + 10, t + 9]];
        for (uint256 i; i < bad.length; ++i) {
            vm.prank(owner);
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidDeadlines.selector, bad[i][0], bad[i][1]));
            inc.createRound{value: 1}(ETH, 1, VC, LAMBDA, 1, bad[i][0], bad[i][1]);
        }
    }

    function testFuzz_createRound_storesParameters(
        uint256 amount,
        uint256 vc,
        uint256 lambda,
        uint256 maxProviders,
        uint64 regDelay,
        uint64 subDelay
    ) public {
        amount = bound(amount, 1, 1_000_000 ether);
        vc = bound(vc, 1, P - 1);
        lambda = bound(lambda, 0, 2 ** 40 - 1);
        maxProviders = bound(maxProviders, 1, K);
        uint64 reg = uint64(block.timestamp) + uint64(bound(regDelay, 1, 1e10));
        uint64 sub = reg + uint64(bound(subDelay, 1, 1e10));
        vm.prank(owner);
        uint256 id = inc.createRound(address(token), amount, vc, lambda, maxProviders, reg, sub);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        assertEq(r.amount, amount);
        assertEq(r.validationCommitment, vc);
        assertEq(r.lambda, lambda);
        assertEq(r.maxProviders, maxProviders);
        assertEq(r.registrationDeadline, reg);
        assertEq(r.submissionDeadline, sub);
        assertEq(token.balanceOf(address(inc)), amount);
    }

    // =============================================================================================
    // register
    // =============================================================================================

    function test_register_recordsInOrder() public {
        uint256 id = _createEth(POOL, K);
        for (uint256 i; i < 3; ++i) {
            vm.expectEmit(address(inc));
            emit IZKMLIncentives.ProviderRegistered(id, providers[i], i, _commitment(i));
            vm.prank(providers[i]);
            assertEq(inc.register(id, _commitment(i)), i);
        }
        (address[] memory accounts, uint256[] memory commitments) = inc.getProviders(id);
        assertEq(accounts.length, 3);
        for (uint256 i; i < 3; ++i) {
            assertEq(accounts[i], providers[i]);
            assertEq(commitments[i], _commitment(i));
        }
        assertEq(inc.getRound(id).numProviders, 3);
    }

    function test_register_fillsToMaxAndOwnerMayRegister() public {
        uint256 id = _createEth(POOL, K);
        _register(id, K - 1);
        vm.prank(owner);
        assertEq(inc.register(id, P - 1), K - 1);
        assertEq(inc.getRound(id).numProviders, K);
    }

    function test_register_revertsRoundNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 0));
        inc.register(0, 1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
        inc.register(1, 1);
    }

    function test_register_revertsRegistrationClosed() public {
        uint256 id = _createEth(POOL, K);
        uint64 reg = inc.getRound(id).registrationDeadline;
        vm.warp(reg - 1);
        vm.prank(providers[0]);
        inc.register(id, _commitment(0)); // last second: still open
        vm.warp(reg);
        vm.prank(providers[1]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RegistrationClosed.selector, id));
        inc.register(id, _commitment(1));
        vm.warp(uint256(reg) + 365 days);
        vm.prank(providers[1]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RegistrationClosed.selector, id));
        inc.register(id, _commitment(1));
    }

    function test_register_revertsInvalidCommitment() public {
        uint256 id = _createEth(POOL, K);
        uint256[4] memory bad = [uint256(0), P, P + 1, type(uint256).max];
        for (uint256 i; i < bad.length; ++i) {
            vm.prank(providers[0]);
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidCommitment.selector, bad[i]));
            inc.register(id, bad[i]);
        }
    }

    function test_register_revertsDuplicateCommitment() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        vm.prank(providers[2]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DuplicateCommitment.selector, id, _commitment(1)));
        inc.register(id, _commitment(1));
        // The same commitment is fine in another round.
        uint256 id2 = _createEth(POOL, K);
        vm.prank(providers[2]);
        inc.register(id2, _commitment(1));
    }

    function test_register_revertsAlreadyRegistered() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        vm.prank(providers[1]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.AlreadyRegistered.selector, id, providers[1]));
        inc.register(id, _commitment(5));
    }

    function test_register_revertsRoundFull() public {
        uint256 id = _createEth(POOL, 2);
        _register(id, 2);
        vm.prank(providers[2]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundFull.selector, id));
        inc.register(id, _commitment(2));
    }

    function testFuzz_register_rejectsOutOfField(uint256 commitment) public {
        commitment = bound(commitment, P, type(uint256).max);
        uint256 id = _createEth(POOL, K);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidCommitment.selector, commitment));
        inc.register(id, commitment);
    }

    // =============================================================================================
    // submit: success paths
    // =============================================================================================

    function test_submit_eth_creditsProportionally() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toSubmission(id);
        // φ = (1, 3, −5): Σ⁺ = 4 → rewards 2.5 and 7.5 ether, remainder 0.
        int256[] memory phi = _phi(1, 3, -5);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.Credited(id, providers[0], ETH, 2.5 ether);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.Credited(id, providers[1], ETH, 7.5 ether);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundSettled(id, stranger, _weights(), _intercept(), _trainLoss(), phi, 0);
        vm.prank(stranger); // anyone may submit
        _submit(id, phi);
        assertEq(inc.credits(providers[0], ETH), 2.5 ether);
        assertEq(inc.credits(providers[1], ETH), 7.5 ether);
        assertEq(inc.credits(providers[2], ETH), 0);
        assertEq(inc.credits(owner, ETH), 0);
        assertEq(inc.credits(stranger, ETH), 0);
        assertEq(uint8(inc.getRound(id).status), uint8(IZKMLIncentives.RoundStatus.Settled));
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Settled));
    }

    function test_submit_erc20_remainderToOwner() public {
        uint256 id = _createToken(100, K);
        _register(id, 3);
        _toSubmission(id);
        // φ = (1, 1, 1): 33 each, remainder 1 to the owner.
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.Credited(id, owner, address(token), 1);
        vm.prank(owner);
        _submit(id, _phi(1, 1, 1));
        for (uint256 i; i < 3; ++i) {
            assertEq(inc.credits(providers[i], address(token)), 33);
        }
        assertEq(inc.credits(owner, address(token)), 1);
        assertEq(inc.credits(providers[0], ETH), 0);
    }

    function test_submit_noPositiveValue_wholePoolToOwner() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toSubmission(id);
        _submit(id, _phi(0, -1, -(2 ** 120 - 1)));
        assertEq(inc.credits(owner, ETH), POOL);
        for (uint256 i; i < 3; ++i) {
            assertEq(inc.credits(providers[i], ETH), 0);
        }
    }

    function test_submit_buildsExactPublicInputs() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toSubmission(id);
        int256[] memory phi = _phi(80_393_396, 319_514_724, -444_141_237);
        bytes32[] memory expected = _expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi);
        // The view returns exactly the independent construction ...
        assertEq(inc.publicInputs(id, _weights(), _intercept(), _trainLoss(), phi), expected);
        assertEq(uint256(expected[0]), inc.roundContext(id));
        // ... negative values are p − |v| ...
        assertEq(uint256(expected[ZkmlLayout.OFFSET_INTERCEPT]), P - 66_724_787);
        assertEq(uint256(expected[ZkmlLayout.OFFSET_SHAPLEY + 2]), P - 444_141_237);
        assertEq(uint256(expected[ZkmlLayout.OFFSET_NUM_PROVIDERS]), 3);
        assertEq(uint256(expected[ZkmlLayout.OFFSET_COMMITMENTS + 3]), 0);
        assertEq(uint256(expected[ZkmlLayout.OFFSET_PAYEES]), uint256(uint160(providers[0])));
        assertEq(uint256(expected[ZkmlLayout.OFFSET_PAYEES + 3]), 0);
        // ... and submit passes that vector and the proof to the verifier.
        verifier.expect(expected, _proof());
        _submit(id, phi);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Settled));
    }

    function test_submit_atWindowEdges() public {
        uint256 a = _createEth(POOL, K);
        uint256 b = _createEth(POOL, K);
        _register(a, 1);
        _register(b, 1);
        vm.warp(inc.getRound(a).registrationDeadline); // first second of submission
        _submit(a, _phi(1, 0, 0));
        vm.warp(inc.getRound(b).submissionDeadline); // last second of submission
        _submit(b, _phi(1, 0, 0));
        assertEq(inc.credits(providers[0], ETH), 2 * POOL);
    }

    function test_roundContext_matchesFormula() public {
        assertEq(inc.roundContext(7), uint256(keccak256(abi.encode(block.chainid, address(inc), uint256(7)))) % P);
        uint256 c = inc.roundContext(7);
        vm.chainId(1);
        assertTrue(inc.roundContext(7) != c, "chain id enters the context");
    }

    function testFuzz_publicInputs_signedEncoding(int256 w, int256 b, uint256 loss, int256 s0, int256 s1) public {
        int256 lim = int256(2 ** 120) - 1;
        w = bound(w, -lim, lim);
        b = bound(b, -lim, lim);
        s0 = bound(s0, -lim, lim);
        s1 = bound(s1, -lim, lim);
        loss = bound(loss, 0, 2 ** 120 - 1);
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        int256[] memory weights = new int256[](D);
        weights[0] = w;
        int256[] memory phi = _phi(s0, s1, 0);
        bytes32[] memory x = inc.publicInputs(id, weights, b, loss, phi);
        assertEq(x, _expectedInputs(id, weights, b, loss, phi));
        // Decoding (values above p/2 are negative) gives back the numbers.
        assertEq(_decode(x[ZkmlLayout.OFFSET_WEIGHTS]), w);
        assertEq(_decode(x[ZkmlLayout.OFFSET_INTERCEPT]), b);
        assertEq(_decode(x[ZkmlLayout.OFFSET_SHAPLEY]), s0);
        assertEq(_decode(x[ZkmlLayout.OFFSET_SHAPLEY + 1]), s1);
        assertEq(uint256(x[ZkmlLayout.OFFSET_TRAIN_LOSS]), loss);
        for (uint256 i; i < x.length; ++i) {
            assertLt(uint256(x[i]), P, "every input is a field element");
        }
    }

    function _decode(bytes32 f) internal pure returns (int256) {
        uint256 v = uint256(f);
        return v > P / 2 ? -int256(P - v) : int256(v);
    }

    // =============================================================================================
    // submit: rejections
    // =============================================================================================

    function _settleable() internal returns (uint256 id) {
        id = _createEth(POOL, K);
        _register(id, 3);
        _toSubmission(id);
    }

    function _expectNoSettlement(uint256 id) internal view {
        assertEq(uint8(inc.getRound(id).status), uint8(IZKMLIncentives.RoundStatus.Open));
        for (uint256 i; i < 3; ++i) {
            assertEq(inc.credits(providers[i], ETH), 0);
        }
        assertEq(inc.credits(owner, ETH), 0);
    }

    function test_submit_revertsInvalidProof_tamperedInputs() public {
        uint256 id = _settleable();
        int256[] memory phi = _phi(5, 7, -3);
        verifier.expect(_expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi), _proof());

        // each single change of a submitted number is rejected
        int256[] memory w = _weights();
        w[0] += 1;
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, w, _intercept(), _trainLoss(), phi, _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, _weights(), _intercept() + 1, _trainLoss(), phi, _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, _weights(), _intercept(), _trainLoss() - 1, phi, _proof());
        for (uint256 i; i < 3; ++i) {
            int256[] memory p2 = _phi(5, 7, -3);
            p2[i] = -p2[i];
            vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
            inc.submit(id, _weights(), _intercept(), _trainLoss(), p2, _proof());
        }
        // a changed proof byte is rejected
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, _weights(), _intercept(), _trainLoss(), phi, hex"c0ffef");
        _expectNoSettlement(id);
        // the honest submission still goes through afterwards
        _submit(id, phi);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Settled));
    }

    function test_submit_revertsInvalidProof_replayOnOtherRound() public {
        uint256 id = _settleable();
        int256[] memory phi = _phi(5, 7, -3);
        verifier.expect(_expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi), _proof());
        // A second round with identical parameters and commitments: only the context differs.
        (uint64 reg, uint64 sub) = (uint64(block.timestamp) + 1, uint64(block.timestamp) + 1 + SUB_PERIOD);
        vm.prank(owner);
        uint256 id2 = inc.createRound{value: POOL}(ETH, POOL, VC, LAMBDA, K, reg, sub);
        _register(id2, 3);
        vm.warp(reg);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(id2, phi);
        _submit(id, phi);
    }

    function test_submit_revertsInvalidProof_otherChainOrDeployment() public {
        uint256 id = _settleable();
        int256[] memory phi = _phi(5, 7, -3);
        verifier.expect(_expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi), _proof());
        uint256 chain = block.chainid;
        vm.chainId(chain + 1);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(id, phi);
        vm.chainId(chain);

        // Same verifier, same round id and commitments, another deployment: rejected.
        ZKMLIncentives other = new ZKMLIncentives(IHonkVerifier(address(verifier)));
        (uint64 reg, uint64 sub) = _deadlines();
        vm.prank(owner);
        other.createRound{value: POOL}(ETH, POOL, VC, LAMBDA, K, reg, sub);
        for (uint256 i; i < 3; ++i) {
            vm.prank(providers[i]);
            other.register(id, _commitment(i));
        }
        vm.warp(reg);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        other.submit(id, _weights(), _intercept(), _trainLoss(), phi, _proof());
        _submit(id, phi);
    }

    function test_submit_revertsInvalidProof_changedCommitmentOrParameter() public {
        // Same numbers, but a different provider commitment / λ / validation commitment: rejected.
        uint256 id = _settleable();
        int256[] memory phi = _phi(5, 7, -3);
        bytes32[] memory x = _expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi);
        uint256[3] memory offsets =
            [ZkmlLayout.OFFSET_COMMITMENTS + 1, ZkmlLayout.OFFSET_LAMBDA, ZkmlLayout.OFFSET_VALIDATION_COMMITMENT];
        for (uint256 i; i < offsets.length; ++i) {
            bytes32[] memory y = new bytes32[](x.length);
            for (uint256 j; j < x.length; ++j) {
                y[j] = x[j];
            }
            y[offsets[i]] = bytes32(uint256(y[offsets[i]]) + 1);
            verifier.expect(y, _proof());
            vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
            _submit(id, phi);
        }
        verifier.expect(x, _proof());
        _submit(id, phi);
    }

    function test_submit_revertsInvalidProof_verifierFalseOrRevert() public {
        uint256 id = _settleable();
        ConfigurableVerifier.Mode[3] memory modes = [
            ConfigurableVerifier.Mode.ReturnFalse,
            ConfigurableVerifier.Mode.Revert,
            ConfigurableVerifier.Mode.RevertEmpty
        ];
        for (uint256 i; i < modes.length; ++i) {
            verifier.setMode(modes[i]);
            vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
            _submit(id, _phi(1, 1, 1));
        }
        _expectNoSettlement(id);
    }

    function test_submit_verifierIsCalledStatically() public {
        StateChangingVerifier sv = new StateChangingVerifier();
        ZKMLIncentives other = new ZKMLIncentives(IHonkVerifier(address(sv)));
        (uint64 reg, uint64 sub) = _deadlines();
        vm.prank(owner);
        uint256 id = other.createRound{value: POOL}(ETH, POOL, VC, LAMBDA, K, reg, sub);
        vm.prank(providers[0]);
        other.register(id, 1);
        vm.warp(reg);
        // A state write under STATICCALL consumes the gas forwarded: bound it to keep the report readable.
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        other.submit{gas: 1_000_000}(id, _weights(), _intercept(), _trainLoss(), _phi(1, 0, 0), _proof());
        assertEq(sv.calls(), 0);
    }

    function test_submit_revertsRoundNotOpen_doubleSettle() public {
        uint256 id = _settleable();
        _submit(id, _phi(1, 2, 3));
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, IZKMLIncentives.RoundStatus.Settled)
        );
        _submit(id, _phi(1, 2, 3));
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, IZKMLIncentives.RoundStatus.Settled)
        );
        _submit(id, _phi(3, 2, 1));
        assertEq(inc.credits(providers[0], ETH), POOL / 6, "credited once");
    }

    function test_submit_revertsRoundNotOpen_afterReclaim() public {
        uint256 id = _createEth(POOL, K);
        vm.warp(inc.getRound(id).registrationDeadline); // no providers: reclaimable at once
        vm.prank(owner);
        inc.reclaim(id);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, IZKMLIncentives.RoundStatus.Reclaimed)
        );
        _submit(id, _phi(1, 0, 0));
    }

    function test_submit_revertsRoundNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
        _submit(1, _phi(1, 0, 0));
    }

    function test_submit_revertsSubmissionNotOpen() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        vm.warp(inc.getRound(id).registrationDeadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionNotOpen.selector, id));
        _submit(id, _phi(1, 1, 1));
    }

    function test_submit_revertsSubmissionClosed() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toExpiry(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionClosed.selector, id));
        _submit(id, _phi(1, 1, 1));
    }

    function test_submit_revertsNoProviders() public {
        uint256 id = _createEth(POOL, K);
        _toSubmission(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NoProviders.selector, id));
        _submit(id, _phi(0, 0, 0));
    }

    function test_submit_revertsWrongLengths() public {
        uint256 id = _settleable();
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongWeightsLength.selector, D, D + 1));
        inc.submit(id, new int256[](D + 1), 0, 0, _phi(1, 1, 1), _proof());
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongWeightsLength.selector, D, 0));
        inc.submit(id, new int256[](0), 0, 0, _phi(1, 1, 1), _proof());
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongShapleyLength.selector, K, K - 1));
        inc.submit(id, _weights(), 0, 0, new int256[](K - 1), _proof());
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongShapleyLength.selector, K, 3));
        inc.submit(id, _weights(), 0, 0, new int256[](3), _proof());
    }

    function test_submit_revertsValueOutOfRange() public {
        uint256 id = _settleable();
        int256 big = int256(2 ** 120);
        int256[4] memory bad = [big, -big, type(int256).max, type(int256).min];
        for (uint256 i; i < bad.length; ++i) {
            int256[] memory w = _weights();
            w[0] = bad[i];
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ValueOutOfRange.selector, bad[i]));
            inc.submit(id, w, 0, 0, _phi(1, 1, 1), _proof());
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ValueOutOfRange.selector, bad[i]));
            inc.submit(id, _weights(), bad[i], 0, _phi(1, 1, 1), _proof());
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ValueOutOfRange.selector, bad[i]));
            inc.submit(id, _weights(), 0, 0, _phi(1, bad[i], 1), _proof());
        }
        // ±(2^120 − 1) is accepted
        _submit(id, _phi(big - 1, -(big - 1), 1));
    }

    function test_submit_revertsTrainLossOutOfRange() public {
        uint256 id = _settleable();
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.TrainLossOutOfRange.selector, 2 ** 120));
        inc.submit(id, _weights(), 0, 2 ** 120, _phi(1, 1, 1), _proof());
        inc.submit(id, _weights(), 0, 2 ** 120 - 1, _phi(1, 1, 1), _proof());
    }

    function test_submit_revertsUnusedSlotNotZero() public {
        uint256 id = _settleable(); // k = 3
        for (uint256 i = 3; i < K; ++i) {
            int256[] memory phi = _phi(1, 1, 1);
            phi[i] = (i % 2 == 0) ? int256(1) : -1;
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.UnusedSlotNotZero.selector, i));
            _submit(id, phi);
        }
    }

    // =============================================================================================
    // reclaim
    // =============================================================================================

    function test_reclaim_afterExpiry_thenWithdraw() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        vm.warp(inc.getRound(id).submissionDeadline);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Submission));
        _toExpiry(id);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Expired));
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundReclaimed(id, owner, POOL);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.Credited(id, owner, ETH, POOL);
        vm.prank(owner);
        inc.reclaim(id);
        assertEq(inc.credits(owner, ETH), POOL);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Reclaimed));
        uint256 before = owner.balance;
        vm.prank(owner);
        assertEq(inc.withdraw(ETH), POOL);
        assertEq(owner.balance, before + POOL);
        assertEq(address(inc).balance, 0);
    }

    function test_reclaim_erc20() public {
        uint256 id = _createToken(POOL, K);
        _register(id, 1);
        _toExpiry(id);
        vm.prank(owner);
        inc.reclaim(id);
        uint256 before = token.balanceOf(owner);
        vm.prank(owner);
        inc.withdraw(address(token));
        assertEq(token.balanceOf(owner), before + POOL);
        assertEq(token.balanceOf(address(inc)), 0);
    }

    function test_reclaim_earlyWhenNobodyRegistered() public {
        uint256 id = _createEth(POOL, K);
        vm.warp(inc.getRound(id).registrationDeadline - 1);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
        vm.warp(inc.getRound(id).registrationDeadline);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Expired));
        vm.prank(owner);
        inc.reclaim(id);
        assertEq(inc.credits(owner, ETH), POOL);
    }

    function test_reclaim_revertsRoundNotExpired() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
        vm.warp(inc.getRound(id).submissionDeadline); // last second of submission
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
    }

    function test_reclaim_revertsNotRoundOwner() public {
        uint256 id = _createEth(POOL, K);
        _toExpiry(id);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotRoundOwner.selector, id, stranger));
        inc.reclaim(id);
    }

    function test_reclaim_revertsRoundNotOpen() public {
        uint256 id = _settleable();
        _submit(id, _phi(1, 1, 1));
        _toExpiry(id);
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, IZKMLIncentives.RoundStatus.Settled)
        );
        inc.reclaim(id);

        uint256 id2 = _createEth(POOL, K);
        _toExpiry(id2);
        vm.startPrank(owner);
        inc.reclaim(id2);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id2, IZKMLIncentives.RoundStatus.Reclaimed)
        );
        inc.reclaim(id2);
        vm.stopPrank();
        // 1 wei of rounding remainder from the first round (10 ether / 3), plus the escrow once.
        assertEq(inc.credits(owner, ETH), POOL + 1, "reclaimed once");
    }

    function test_reclaim_revertsRoundNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 3));
        inc.reclaim(3);
    }

    // =============================================================================================
    // withdraw
    // =============================================================================================

    function test_withdraw_ethAndErc20AcrossRounds() public {
        uint256 a = _createEth(POOL, K);
        uint256 b = _createToken(POOL, K);
        uint256 c = _createEth(POOL, K);
        _register(a, 2);
        _register(b, 2);
        _register(c, 2);
        _toSubmission(a);
        _submit(a, _phi(1, 1, 0));
        _submit(b, _phi(1, 3, 0));
        _submit(c, _phi(1, 0, 0));

        assertEq(inc.credits(providers[0], ETH), POOL / 2 + POOL);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.Withdrawn(providers[0], ETH, POOL / 2 + POOL);
        vm.prank(providers[0]);
        assertEq(inc.withdraw(ETH), POOL / 2 + POOL);
        assertEq(providers[0].balance, POOL / 2 + POOL);
        assertEq(inc.credits(providers[0], ETH), 0);

        vm.expectEmit(address(inc));
        emit IZKMLIncentives.Withdrawn(providers[1], address(token), POOL * 3 / 4);
        vm.prank(providers[1]);
        inc.withdraw(address(token));
        assertEq(token.balanceOf(providers[1]), POOL * 3 / 4);
        assertEq(inc.credits(providers[1], address(token)), 0);
        assertEq(address(inc).balance, POOL / 2, "provider 1's ETH still held");
        assertEq(token.balanceOf(address(inc)), POOL / 4, "provider 0's tokens still held");
    }

    function test_withdraw_revertsNothingToWithdraw() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NothingToWithdraw.selector, ETH));
        inc.withdraw(ETH);
        uint256 id = _settleable();
        _submit(id, _phi(1, 0, 0));
        vm.startPrank(providers[0]);
        inc.withdraw(ETH);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NothingToWithdraw.selector, ETH));
        inc.withdraw(ETH);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NothingToWithdraw.selector, address(token)));
        inc.withdraw(address(token));
        vm.stopPrank();
    }

    function test_withdraw_revertsEthTransferFailed_onlyHurtsReceiver() public {
        NoReceive bad = new NoReceive();
        uint256 id = _createEth(POOL, K);
        bad.register(inc, id, _commitment(100));
        _register(id, 1);
        _toSubmission(id);
        _submit(id, _phi(1, 1, 0));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthTransferFailed.selector, address(bad), POOL / 2));
        bad.withdraw(inc, ETH);
        assertEq(inc.credits(address(bad), ETH), POOL / 2, "credit kept");
        // The other provider is unaffected.
        vm.prank(providers[0]);
        inc.withdraw(ETH);
        assertEq(providers[0].balance, POOL / 2);
    }

    function test_withdraw_revertsFailingToken() public {
        FalseReturningToken bad = new FalseReturningToken();
        bad.mint(owner, POOL);
        (uint64 reg, uint64 sub) = _deadlines();
        vm.startPrank(owner);
        bad.approve(address(inc), POOL);
        uint256 id = inc.createRound(address(bad), POOL, VC, LAMBDA, 1, reg, sub);
        vm.stopPrank();
        _register(id, 1);
        _toSubmission(id);
        _submit(id, _phi(1, 0, 0));
        bad.setFail(true);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, address(bad)));
        inc.withdraw(address(bad));
        assertEq(inc.credits(providers[0], address(bad)), POOL, "credit kept");
    }

    // =============================================================================================
    // views
    // =============================================================================================

    function test_views_revertRoundNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
        inc.getRound(1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
        inc.getProviders(1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
        inc.phase(1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
        inc.publicInputs(1, _weights(), 0, 0, _phi(0, 0, 0));
    }

    function test_phase_transitions() public {
        uint256 id = _createEth(POOL, K);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Registration));
        _register(id, 1);
        _toSubmission(id);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Submission));
        _toExpiry(id);
        assertEq(uint8(inc.phase(id)), uint8(IZKMLIncentives.Phase.Expired));
    }

    function test_getProviders_empty() public {
        uint256 id = _createEth(POOL, K);
        (address[] memory a, uint256[] memory c) = inc.getProviders(id);
        assertEq(a.length, 0);
        assertEq(c.length, 0);
    }
}
