// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {ZkmlLayout} from "../../contracts/generated/ZkmlLayout.sol";
import {IncentivesBase, TestShapes} from "./utils/IncentivesBase.sol";
import {ConfigurableVerifier, StateChangingVerifier} from "./mocks/MockVerifiers.sol";
import {FeeOnTransferToken, FalseReturningToken, MockERC20} from "./mocks/MockTokens.sol";
import {RegistrationForwarder} from "./mocks/RegistrationForwarder.sol";

/// @notice A contract that cannot receive ETH (no receive/fallback).
contract NoReceive {
    function register(ZKMLIncentives inc, uint256 id, uint256 commitment) external payable {
        inc.register{value: msg.value}(id, commitment, TestShapes.stats(commitment), 1);
    }

    function deliver(ZKMLIncentives inc, uint256 id, uint256[] memory ct) external {
        inc.deliver(id, [TestShapes.GX, TestShapes.GY], ct, hex"00");
    }

    function claimAndWithdraw(ZKMLIncentives inc, uint256 id, address asset) external returns (uint256) {
        inc.claim(id, 0);
        return inc.withdraw(asset);
    }
}

/// @notice Unit tests: every function, every custom error, ETH and ERC20 paths.
contract ZKMLIncentivesTest is IncentivesBase {
    // =============================================================================================
    // constructor, shapes and constants
    // =============================================================================================

    function test_constructor_storesShapesAndConstants() public view {
        assertEq(inc.shapeCount(), 1);
        IZKMLIncentives.Shape memory s = inc.getShape(0);
        assertEq(s.k, 8);
        assertEq(s.d, 1);
        assertEq(s.nTrain, 128);
        assertEq(s.maxProviderRows, 128);
        assertEq(s.nVal, 128);
        // k8d1n128: ROW_BITS = 71, 3 rows per element, R = 9, NCP = ceil(128/9) = 15, C = 46.
        assertEq(s.ciphertextLength, 46);
        assertEq(address(s.settlementVerifier), address(verifier));
        assertEq(address(s.registrationVerifier), address(regVerifier));
        assertEq(address(s.validationVerifier), address(valVerifier));
        assertEq(inc.roundCount(), 0);
        assertEq(inc.MIN_LAMBDA(), 100);
        assertEq(inc.LAMBDA_BOUND(), 2 ** 40);
        assertEq(inc.MIN_REGISTRATION_PERIOD(), 1 hours);
        assertEq(inc.MIN_SUBMISSION_PERIOD(), 1 days);
        assertEq(inc.VALUE_BOUND(), 2 ** 120);
    }

    function test_constructor_severalShapes() public {
        IZKMLIncentives.Shape[] memory shapes = new IZKMLIncentives.Shape[](3);
        shapes[0] = _shape();
        shapes[1] = _shape();
        shapes[1].k = 4;
        shapes[1].d = 2; // ROW_BITS 106, 2 rows per element, R = 6, NCP = ceil(64/6) = 11, C = 34
        shapes[1].nTrain = 64;
        shapes[1].maxProviderRows = 64;
        shapes[1].ciphertextLength = 34;
        shapes[2] = _shape();
        shapes[2].k = 32;
        shapes[2].d = 6; // ROW_BITS 246, 1 row per element, R = 3, NCP = 11, C = 34
        shapes[2].nTrain = 32;
        shapes[2].maxProviderRows = 32;
        shapes[2].ciphertextLength = 34;
        ZKMLIncentives multi = new ZKMLIncentives(shapes);
        assertEq(multi.shapeCount(), 3);
        assertEq(multi.getShape(1).ciphertextLength, 34);
        assertEq(multi.getShape(2).k, 32);
    }

    /// A shape whose providers register fewer rows than the round holds (k8d1n4096p512e5's kind):
    /// C follows N_PROVIDER, not N_TRAIN.
    function test_constructor_providerRowsBelowRoundCapacity() public {
        IZKMLIncentives.Shape[] memory shapes = new IZKMLIncentives.Shape[](1);
        shapes[0] = _shape();
        shapes[0].nTrain = 4096;
        shapes[0].maxProviderRows = 512; // R = 9, NCP = ceil(512/9) = 57, C = 172
        shapes[0].ciphertextLength = 172;
        ZKMLIncentives multi = new ZKMLIncentives(shapes);
        IZKMLIncentives.Shape memory s = multi.getShape(0);
        assertEq(s.nTrain, 4096);
        assertEq(s.maxProviderRows, 512);
        assertEq(s.ciphertextLength, 172);
        // C from N_TRAIN is refused.
        shapes[0].ciphertextLength = TestShapes.ciphertextLength(1, 4096);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongCiphertextLength.selector, 172, shapes[0].ciphertextLength));
        new ZKMLIncentives(shapes);
    }

    function test_constructor_revertsNoShapes() public {
        vm.expectRevert(IZKMLIncentives.NoShapes.selector);
        new ZKMLIncentives(new IZKMLIncentives.Shape[](0));
    }

    function test_constructor_revertsTooManyShapes() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.TooManyShapes.selector, 257));
        new ZKMLIncentives(new IZKMLIncentives.Shape[](257));
    }

    function _expectInvalidShape(IZKMLIncentives.Shape memory s) internal {
        IZKMLIncentives.Shape[] memory shapes = new IZKMLIncentives.Shape[](2);
        shapes[0] = _shape();
        shapes[1] = s;
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidShape.selector, 1));
        new ZKMLIncentives(shapes);
    }

    function test_constructor_revertsInvalidShape() public {
        IZKMLIncentives.Shape memory s = _shape();
        s.k = 0;
        _expectInvalidShape(s);
        s = _shape();
        s.k = 33;
        _expectInvalidShape(s);
        s = _shape();
        s.d = 0;
        _expectInvalidShape(s);
        s = _shape();
        s.d = 7;
        _expectInvalidShape(s);
        s = _shape();
        s.nTrain = 7; // < K
        _expectInvalidShape(s);
        s = _shape();
        s.nTrain = uint256(type(uint32).max) + 1;
        _expectInvalidShape(s);
        s = _shape();
        s.maxProviderRows = 0;
        _expectInvalidShape(s);
        s = _shape();
        s.maxProviderRows = s.nTrain + 1; // one provider above the round's capacity
        _expectInvalidShape(s);
        s = _shape();
        s.nVal = 0;
        _expectInvalidShape(s);
        s = _shape();
        s.nVal = uint256(type(uint32).max) + 1;
        _expectInvalidShape(s);
    }

    function test_constructor_revertsWrongCiphertextLength() public {
        IZKMLIncentives.Shape memory s = _shape();
        s.ciphertextLength = 45;
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongCiphertextLength.selector, 46, 45));
        new ZKMLIncentives(TestShapes.one(s));
    }

    function test_constructor_revertsInvalidVerifier() public {
        IZKMLIncentives.Shape memory s = _shape();
        s.settlementVerifier = IHonkVerifier(stranger);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidVerifier.selector, stranger));
        new ZKMLIncentives(TestShapes.one(s));
        s = _shape();
        s.registrationVerifier = IHonkVerifier(address(0));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidVerifier.selector, address(0)));
        new ZKMLIncentives(TestShapes.one(s));
    }

    function test_constructor_revertsInvalidVerifier_validation() public {
        // A shape without a validation verifier (no address, or an address without code) is refused.
        IZKMLIncentives.Shape memory s = _shape();
        s.validationVerifier = IHonkVerifier(address(0));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidVerifier.selector, address(0)));
        new ZKMLIncentives(TestShapes.one(s));
        s.validationVerifier = IHonkVerifier(stranger);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidVerifier.selector, stranger));
        new ZKMLIncentives(TestShapes.one(s));
        // The check is per shape: a second shape without one is refused too.
        IZKMLIncentives.Shape[] memory shapes = new IZKMLIncentives.Shape[](2);
        shapes[0] = _shape();
        shapes[1] = _shape();
        shapes[1].validationVerifier = IHonkVerifier(stranger);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidVerifier.selector, stranger));
        new ZKMLIncentives(shapes);
    }

    function test_getShape_revertsShapeNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ShapeNotFound.selector, 1));
        inc.getShape(1);
    }

    function test_grumpkinGeneratorIsOnCurve() public pure {
        // y² = x³ − 17 for (1, sqrt(−16)).
        assertEq(mulmod(TestShapes.GY, TestShapes.GY, P), P - 16);
    }

    // =============================================================================================
    // createRound
    // =============================================================================================

    function test_createRound_eth() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundCreated(1, owner, 0, p);
        uint256 id = _create(p);
        assertEq(id, 1);
        assertEq(inc.roundCount(), 1);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        assertEq(r.owner, owner);
        assertEq(r.shapeId, 0);
        assertEq(r.asset, ETH);
        assertEq(r.amount, POOL);
        assertEq(r.validationCommitment, VC);
        assertEq(r.validationRows, VAL_ROWS);
        assertEq(r.lambda, LAMBDA);
        assertEq(r.maxProviders, K);
        assertEq(r.numProviders, 0);
        assertEq(r.totalRows, 0);
        assertEq(r.registrationDeadline, p.registrationDeadline);
        assertEq(r.deliveryDeadline, p.deliveryDeadline);
        assertEq(r.submissionDeadline, p.submissionDeadline);
        assertEq(r.deposit, DEPOSIT);
        assertEq(r.rowShareBps, 0);
        assertEq(r.reservePerRow, type(uint256).max);
        assertEq(r.maxRowsPerProvider, N_TRAIN / K, "the fair share by default");
        assertEq(r.numDelivered, 0);
        assertEq(r.deliveredRows, 0);
        assertEq(r.ownerKeyX, TestShapes.GX);
        assertEq(r.ownerKeyY, TestShapes.GY);
        assertFalse(r.restricted);
        assertEq(uint256(r.status), uint256(IZKMLIncentives.RoundStatus.Open));
        assertEq(address(inc).balance, POOL);
        assertTrue(inc.isAllowed(id, stranger));
    }

    function test_createRound_erc20() public {
        uint256 id = _createToken(POOL, 3);
        assertEq(token.balanceOf(address(inc)), POOL);
        assertEq(inc.getRound(id).asset, address(token));
        assertEq(inc.getRound(id).maxProviders, 3);
    }

    function test_createRound_allowlist() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.allowlist = new address[](2);
        p.allowlist[0] = providers[0];
        p.allowlist[1] = providers[1];
        uint256 id = _create(p);
        assertTrue(inc.getRound(id).restricted);
        assertTrue(inc.isAllowed(id, providers[0]));
        assertTrue(inc.isAllowed(id, providers[1]));
        assertFalse(inc.isAllowed(id, providers[2]));
    }

    function test_createRound_boundaryParameters() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, 1, 1);
        p.lambda = 100; // MIN_LAMBDA
        p.validationRows = 1;
        p.deposit = 1; // the smallest deposit of an open round
        p.maxRowsPerProvider = N_TRAIN; // maxProviders = 1: the whole round
        p.rowShareBps = 10_000;
        p.reservePerRow = 0;
        p.registrationDeadline = uint64(block.timestamp + 1 hours);
        p.deliveryDeadline = p.registrationDeadline + 1 hours;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        assertEq(inc.getRound(_create(p)).validationRows, 1);
        p.lambda = 2 ** 40 - 1;
        p.maxProviders = K;
        p.maxRowsPerProvider = N_TRAIN / K;
        p.deposit = 1; // deposit = amount
        p.validationCommitment = P - 1;
        p.validationRows = ZkmlLayout.N_VAL; // the shape's N_VAL is accepted
        p.registrationDeadline = uint64(block.timestamp + 30 days);
        p.deliveryDeadline = p.registrationDeadline + 7 days;
        p.submissionDeadline = p.deliveryDeadline + 30 days;
        assertEq(inc.getRound(_create(p)).validationRows, ZkmlLayout.N_VAL);
    }

    function _expectCreateRevert(IZKMLIncentives.RoundParams memory p, bytes memory err) internal {
        _expectCreateRevert(p, _validationProof(), err);
    }

    function _expectCreateRevert(IZKMLIncentives.RoundParams memory p, bytes memory validationProof, bytes memory err)
        internal
    {
        vm.prank(owner);
        vm.expectRevert(err);
        inc.createRound{value: p.asset == ETH ? p.amount : 0}(p, validationProof);
    }

    function test_createRound_revertsShapeNotFound() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.shapeId = 1;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.ShapeNotFound.selector, 1));
    }

    function test_createRound_revertsZeroAmount() public {
        _expectCreateRevert(_params(ETH, 0, K), abi.encodeWithSelector(IZKMLIncentives.ZeroAmount.selector));
    }

    function test_createRound_revertsInvalidValidationCommitment() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.validationCommitment = 0;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidValidationCommitment.selector, 0));
        p.validationCommitment = P;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidValidationCommitment.selector, P));
    }

    function test_createRound_revertsInvalidValidationRows() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.validationRows = 0; // m = 0: no validation set
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.InvalidValidationRows.selector, 0, ZkmlLayout.N_VAL)
        );
        p.validationRows = ZkmlLayout.N_VAL + 1; // more than the shape's validation circuit holds
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(
                IZKMLIncentives.InvalidValidationRows.selector, ZkmlLayout.N_VAL + 1, ZkmlLayout.N_VAL
            )
        );
        p.validationRows = type(uint256).max; // no truncation to the stored uint32
        _expectCreateRevert(
            p,
            abi.encodeWithSelector(IZKMLIncentives.InvalidValidationRows.selector, type(uint256).max, ZkmlLayout.N_VAL)
        );
        // The bound is the round's shape's N_VAL: a shape with N_VAL = 3 refuses 4 and accepts 3.
        IZKMLIncentives.Shape[] memory shapes = new IZKMLIncentives.Shape[](2);
        shapes[0] = _shape();
        shapes[1] = _shape();
        shapes[1].nVal = 3;
        inc = new ZKMLIncentives(shapes);
        p.shapeId = 1;
        p.validationRows = 4;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidValidationRows.selector, 4, 3));
        p.validationRows = 3;
        assertEq(inc.getRound(_create(p)).validationRows, 3);
    }

    function test_createRound_verifiesTheValidationProof() public {
        // The validation verifier receives exactly (validationCommitment, validationRows) and the proof.
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        valVerifier.expect(_expectedValidationInputs(VC, VAL_ROWS), _validationProof());
        uint256 id = _create(p);
        assertEq(inc.getRound(id).validationCommitment, VC);
        assertEq(inc.getRound(id).validationRows, VAL_ROWS);
    }

    function test_createRound_revertsInvalidProof_otherCommitment() public {
        // A validation proof of another commitment does not open this round's commitment.
        valVerifier.expect(_expectedValidationInputs(VC ^ 1, VAL_ROWS), _validationProof());
        _expectCreateRevert(_params(ETH, POOL, K), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
    }

    function test_createRound_revertsInvalidProof_otherRowCount() public {
        // A proof of m rows does not stand for m + 1 (or m - 1) rows.
        valVerifier.expect(_expectedValidationInputs(VC, VAL_ROWS), _validationProof());
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.validationRows = VAL_ROWS + 1;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        p.validationRows = VAL_ROWS - 1;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
    }

    function test_createRound_revertsInvalidProof_garbageOrEmpty() public {
        valVerifier.expect(_expectedValidationInputs(VC, VAL_ROWS), _validationProof());
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        _expectCreateRevert(p, hex"deadbeef", abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        _expectCreateRevert(p, "", abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        // The settlement proof's bytes are not a validation proof either.
        _expectCreateRevert(p, _proof(), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
    }

    function test_createRound_revertsInvalidProof_verifierFalseOrRevert() public {
        ConfigurableVerifier.Mode[3] memory modes = [
            ConfigurableVerifier.Mode.ReturnFalse,
            ConfigurableVerifier.Mode.Revert,
            ConfigurableVerifier.Mode.RevertEmpty
        ];
        for (uint256 i; i < 3; ++i) {
            valVerifier.setMode(modes[i]);
            _expectCreateRevert(_params(ETH, POOL, K), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        }
        assertEq(inc.roundCount(), 0);
    }

    function test_createRound_validationVerifierIsCalledStatically() public {
        StateChangingVerifier sc = new StateChangingVerifier();
        IZKMLIncentives.Shape memory s = _shape();
        s.validationVerifier = IHonkVerifier(address(sc));
        inc = new ZKMLIncentives(TestShapes.one(s));
        _expectCreateRevert(_params(ETH, POOL, K), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        assertEq(sc.calls(), 0);
    }

    function test_createRound_errorOrder() public {
        // The documented order (IZKMLIncentives.createRound): ..., InvalidValidationCommitment,
        // InvalidValidationRows, LambdaOutOfRange, ..., EthAmountMismatch, then InvalidProof, then
        // TransferAmountMismatch. Here the validation verifier refuses every proof.
        valVerifier.setMode(ConfigurableVerifier.Mode.ReturnFalse);
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.validationCommitment = 0;
        p.validationRows = 0;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidValidationCommitment.selector, 0));
        p.validationCommitment = VC;
        p.lambda = 0;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.InvalidValidationRows.selector, 0, ZkmlLayout.N_VAL)
        );
        p.validationRows = VAL_ROWS;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.LambdaOutOfRange.selector, 0));
        p.lambda = LAMBDA;
        p.maxRowsPerProvider = N_TRAIN;
        p.deposit = 0;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.InvalidMaxRowsPerProvider.selector, N_TRAIN, N_TRAIN / K)
        );
        p.maxRowsPerProvider = 0;
        p.rowShareBps = 10_001;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.DepositOutOfRange.selector, 0, POOL));
        p.deposit = DEPOSIT;
        p.deliveryDeadline = p.registrationDeadline;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.RowShareOutOfRange.selector, 10_001));
        p.rowShareBps = 0;
        p.ownerKey = [uint256(0), 0];
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooShort.selector, 0, 1 hours));
        p.deliveryDeadline = p.registrationDeadline + 1 days;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidOwnerKey.selector, 0, 0));
        p.ownerKey = [TestShapes.GX, TestShapes.GY];
        // A wrong msg.value is named before the proof is verified.
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthAmountMismatch.selector, POOL - 1, POOL));
        inc.createRound{value: POOL - 1}(p, _validationProof());
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        // InvalidProof comes before the token transfer's own errors (here: no allowance).
        vm.prank(owner);
        token.approve(address(inc), 0);
        _expectCreateRevert(
            _params(address(token), POOL, K), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector)
        );
        valVerifier.setMode(ConfigurableVerifier.Mode.Check);
        _expectCreateRevert(
            _params(address(token), POOL, K),
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(inc), 0, POOL)
        );
    }

    function test_createRound_revertsLambdaOutOfRange() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        uint256[3] memory bad = [uint256(0), 99, 2 ** 40];
        for (uint256 i; i < 3; ++i) {
            p.lambda = bad[i];
            _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.LambdaOutOfRange.selector, bad[i]));
        }
    }

    function test_createRound_revertsInvalidMaxProviders() public {
        _expectCreateRevert(
            _params(ETH, POOL, 0), abi.encodeWithSelector(IZKMLIncentives.InvalidMaxProviders.selector, 0)
        );
        _expectCreateRevert(
            _params(ETH, POOL, K + 1), abi.encodeWithSelector(IZKMLIncentives.InvalidMaxProviders.selector, K + 1)
        );
    }

    function test_createRound_revertsRegistrationPeriodTooShort() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.registrationDeadline = uint64(block.timestamp + 1 hours - 1);
        p.deliveryDeadline = p.registrationDeadline + 1 hours;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooShort.selector, 1 hours - 1, 1 hours)
        );
        p.registrationDeadline = uint64(block.timestamp - 1); // in the past
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooShort.selector, 0, 1 hours));
    }

    function test_createRound_revertsRegistrationPeriodTooLong() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.registrationDeadline = uint64(block.timestamp + 30 days + 1);
        p.deliveryDeadline = p.registrationDeadline + 1 hours;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooLong.selector, 30 days + 1, 30 days)
        );
    }

    function test_createRound_revertsDeliveryPeriodTooShortOrTooLong() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.deliveryDeadline = p.registrationDeadline + 1 hours - 1;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooShort.selector, 1 hours - 1, 1 hours)
        );
        p.deliveryDeadline = p.registrationDeadline - 1;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooShort.selector, 0, 1 hours));
        p.deliveryDeadline = p.registrationDeadline + 7 days + 1;
        p.submissionDeadline = p.deliveryDeadline + 1 days;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooLong.selector, 7 days + 1, 7 days)
        );
    }

    function test_createRound_revertsSubmissionPeriodTooShort() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.submissionDeadline = p.deliveryDeadline + 1 days - 1;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooShort.selector, 1 days - 1, 1 days)
        );
        p.submissionDeadline = p.deliveryDeadline - 1;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooShort.selector, 0, 1 days));
    }

    function test_createRound_revertsSubmissionPeriodTooLong() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.submissionDeadline = p.deliveryDeadline + 30 days + 1;
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooLong.selector, 30 days + 1, 30 days)
        );
    }

    function test_createRound_revertsInvalidMaxRowsPerProvider() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, 4);
        p.maxRowsPerProvider = N_TRAIN / 4 + 1; // 4 slots of 33 rows would not fit 128
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.InvalidMaxRowsPerProvider.selector, N_TRAIN / 4 + 1, N_TRAIN / 4)
        );
        p.maxRowsPerProvider = 5;
        assertEq(inc.getRound(_create(p)).maxRowsPerProvider, 5);
    }

    function test_createRound_revertsDepositOutOfRange() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.deposit = 0; // an open round must price its slots
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.DepositOutOfRange.selector, 0, POOL));
        p.deposit = POOL + 1;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.DepositOutOfRange.selector, POOL + 1, POOL));
        // An allowlisted round may ask no deposit.
        p.deposit = 0;
        p.allowlist = new address[](1);
        p.allowlist[0] = providers[0];
        assertEq(inc.getRound(_create(p)).deposit, 0);
    }

    function test_createRound_revertsRowShareOutOfRange() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.rowShareBps = 10_001;
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.RowShareOutOfRange.selector, 10_001));
        p.rowShareBps = 10_000;
        assertEq(inc.getRound(_create(p)).rowShareBps, 10_000);
    }

    function test_createRound_revertsInvalidOwnerKey() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.ownerKey = [uint256(0), 0]; // the point at infinity has no affine coordinates
        _expectCreateRevert(p, abi.encodeWithSelector(IZKMLIncentives.InvalidOwnerKey.selector, 0, 0));
        p.ownerKey = [TestShapes.GX, TestShapes.GY + 1]; // off the curve
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.InvalidOwnerKey.selector, TestShapes.GX, TestShapes.GY + 1)
        );
        p.ownerKey = [TestShapes.GX + P, TestShapes.GY]; // unreduced coordinate
        _expectCreateRevert(
            p, abi.encodeWithSelector(IZKMLIncentives.InvalidOwnerKey.selector, TestShapes.GX + P, TestShapes.GY)
        );
        p.ownerKey = [TestShapes.GX, P - TestShapes.GY]; // −G is on the curve
        _create(p);
    }

    function test_createRound_revertsEthAmountMismatch() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthAmountMismatch.selector, POOL - 1, POOL));
        inc.createRound{value: POOL - 1}(p, _validationProof());
        p.asset = address(token);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthAmountMismatch.selector, 1, 0));
        inc.createRound{value: 1}(p, _validationProof());
    }

    function test_createRound_revertsFeeOnTransferToken() public {
        FeeOnTransferToken fot = new FeeOnTransferToken(100);
        fot.mint(owner, POOL);
        vm.prank(owner);
        fot.approve(address(inc), POOL);
        _expectCreateRevert(
            _params(address(fot), POOL, K),
            abi.encodeWithSelector(IZKMLIncentives.TransferAmountMismatch.selector, POOL, POOL - POOL / 100)
        );
    }

    function test_createRound_revertsFailingToken() public {
        FalseReturningToken bad = new FalseReturningToken();
        bad.mint(owner, POOL);
        vm.prank(owner);
        bad.approve(address(inc), POOL);
        bad.setFail(true);
        _expectCreateRevert(
            _params(address(bad), POOL, K), abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, bad)
        );
    }

    function test_createRound_revertsWithoutAllowance() public {
        vm.prank(owner);
        token.approve(address(inc), 0);
        _expectCreateRevert(
            _params(address(token), POOL, K),
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(inc), 0, POOL)
        );
    }

    function testFuzz_createRound_storesParameters(
        uint256 amount,
        uint256 lambda,
        uint256 maxProviders,
        uint64 regPeriod,
        uint64 subPeriod,
        uint256 validationRows
    ) public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, bound(amount, 1, 1e30), bound(maxProviders, 1, K));
        p.deposit = bound(amount >> 8, 1, p.amount);
        p.rowShareBps = bound(lambda >> 8, 0, 10_000);
        p.reservePerRow = amount >> 4;
        p.lambda = bound(lambda, 100, 2 ** 40 - 1);
        p.validationRows = bound(validationRows, 1, ZkmlLayout.N_VAL);
        p.registrationDeadline = uint64(block.timestamp + bound(regPeriod, 1 hours, 30 days));
        p.deliveryDeadline = p.registrationDeadline + uint64(bound(subPeriod >> 8, 1 hours, 7 days));
        p.submissionDeadline = p.deliveryDeadline + uint64(bound(subPeriod, 1 days, 30 days));
        vm.deal(owner, p.amount);
        uint256 id = _create(p);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        assertEq(r.amount, p.amount);
        assertEq(r.lambda, p.lambda);
        assertEq(r.validationRows, p.validationRows);
        assertEq(r.maxProviders, p.maxProviders);
        assertEq(r.registrationDeadline, p.registrationDeadline);
        assertEq(r.deliveryDeadline, p.deliveryDeadline);
        assertEq(r.submissionDeadline, p.submissionDeadline);
        assertEq(r.deposit, p.deposit);
        assertEq(r.rowShareBps, p.rowShareBps);
        assertEq(r.reservePerRow, p.reservePerRow);
    }

    // =============================================================================================
    // register
    // =============================================================================================

    function test_register_recordsAndLogsTheCommitmentsAndTakesTheDeposit() public {
        uint256 id = _createEth(POOL, K);
        uint256 sc = TestShapes.stats(_commitment(0));
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.ProviderRegistered(id, providers[0], 0, _commitment(0), sc, 5, DEPOSIT);
        vm.prank(providers[0]);
        assertEq(inc.register{value: DEPOSIT}(id, _commitment(0), sc, 5), 0);
        _registerAs(id, providers[1], _commitment(1), 7);
        assertEq(address(inc).balance, POOL + 2 * DEPOSIT, "the deposits are held");

        IZKMLIncentives.Provider[] memory ps = inc.getProviders(id);
        assertEq(ps.length, 2);
        assertEq(ps[0].account, providers[0]);
        assertEq(ps[0].commitment, _commitment(0));
        assertEq(ps[0].statsCommitment, sc);
        assertEq(ps[1].statsCommitment, TestShapes.stats(_commitment(1)));
        assertEq(ps[0].numRows, 5);
        assertEq(ps[1].numRows, 7);
        assertFalse(ps[0].delivered);
        assertFalse(ps[1].claimed);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        assertEq(r.numProviders, 2);
        assertEq(r.totalRows, 12);
        assertEq(r.numDelivered, 0);
        assertEq(inc.getDelivered(id).length, 0);
        (bool registered, uint256 index) = inc.providerIndex(id, providers[1]);
        assertTrue(registered);
        assertEq(index, 1);
        (registered, index) = inc.providerIndex(id, stranger);
        assertFalse(registered);
        assertEq(index, 0);
    }

    function test_register_erc20_takesTheTokenDeposit() public {
        uint256 id = _createToken(POOL, K);
        uint256 before = token.balanceOf(providers[0]);
        _registerAs(id, providers[0], _commitment(0), 5);
        assertEq(before - token.balanceOf(providers[0]), DEPOSIT);
        assertEq(token.balanceOf(address(inc)), POOL + DEPOSIT);
    }

    function test_register_revertsDepositMismatch() public {
        uint256 id = _createEth(POOL, K);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DepositMismatch.selector, DEPOSIT - 1, DEPOSIT));
        inc.register{value: DEPOSIT - 1}(id, 1, TestShapes.stats(1), 1);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DepositMismatch.selector, 0, DEPOSIT));
        inc.register(id, 1, TestShapes.stats(1), 1);
        uint256 t = _createToken(POOL, K);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.DepositMismatch.selector, 1, 0));
        inc.register{value: 1}(t, 1, TestShapes.stats(1), 1);
        // A token round without allowance: the token's own error.
        vm.prank(providers[1]);
        token.approve(address(inc), 0);
        vm.prank(providers[1]);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(inc), 0, DEPOSIT)
        );
        inc.register(t, 1, TestShapes.stats(1), 1);
    }

    /// A token that starts charging a fee on transfer after the round was opened: the deposit is measured
    /// by balance difference and refused (`TransferAmountMismatch`); nothing is stored.
    function test_register_revertsTransferAmountMismatch_feeOnTransferDeposit() public {
        MockERC20 later = new MockERC20("Later fee", "LF");
        later.mint(owner, POOL);
        later.mint(providers[0], DEPOSIT);
        vm.prank(owner);
        later.approve(address(inc), POOL);
        vm.prank(providers[0]);
        later.approve(address(inc), DEPOSIT);
        uint256 id = _create(_params(address(later), POOL, K));
        // The same ERC20 storage layout; the new code charges 1 % on every transfer.
        vm.etch(address(later), address(new FeeOnTransferToken(100)).code);
        vm.prank(providers[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.TransferAmountMismatch.selector, DEPOSIT, DEPOSIT - DEPOSIT / 100)
        );
        inc.register(id, 1, TestShapes.stats(1), 1);
        assertEq(inc.getRound(id).numProviders, 0);
    }

    function test_register_sameCommitmentFromTwoAddresses_noGlobalDuplicateRevert() public {
        // No global duplicate-commitment check remains for a copier to trigger first; the delivery proof binds the payee.
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], _commitment(0), 1);
        _registerAs(id, providers[1], _commitment(0), 1);
        assertEq(inc.getRound(id).numProviders, 2);
    }

    function test_register_fillsExactlyToRowCapacityAndOwnerMayRegister() public {
        uint256 id = _createEth(POOL, 2);
        vm.deal(owner, 1_000 ether);
        _registerAs(id, owner, _commitment(0), N_TRAIN / 2);
        _registerAs(id, providers[0], _commitment(1), N_TRAIN / 2);
        assertEq(inc.getRound(id).totalRows, N_TRAIN);
    }

    function _expectRegisterRevert(uint256 id, address who, uint256 commitment, uint256 rows, bytes memory err)
        internal
    {
        vm.prank(who);
        vm.expectRevert(err);
        inc.register{value: DEPOSIT}(id, commitment, TestShapes.stats(commitment), rows);
    }

    function test_register_revertsRoundNotFound() public {
        _expectRegisterRevert(1, providers[0], 1, 1, abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
    }

    function test_register_revertsRegistrationClosed() public {
        uint256 id = _createEth(POOL, K);
        _toDelivery(id);
        _expectRegisterRevert(
            id, providers[0], 1, 1, abi.encodeWithSelector(IZKMLIncentives.RegistrationClosed.selector, id)
        );
    }

    function test_register_revertsNotAllowlisted() public {
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.allowlist = new address[](1);
        p.allowlist[0] = providers[0];
        uint256 id = _create(p);
        vm.deal(stranger, 1 ether);
        _expectRegisterRevert(
            id, stranger, 1, 1, abi.encodeWithSelector(IZKMLIncentives.NotAllowlisted.selector, id, stranger)
        );
        _registerAs(id, providers[0], 1, 1);
    }

    function test_register_revertsAlreadyRegistered() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], 1, 1);
        _expectRegisterRevert(
            id, providers[0], 2, 1, abi.encodeWithSelector(IZKMLIncentives.AlreadyRegistered.selector, id, providers[0])
        );
    }

    function test_register_revertsInvalidNumRows() public {
        uint256 id = _createEth(POOL, K);
        _expectRegisterRevert(
            id, providers[0], 1, 0, abi.encodeWithSelector(IZKMLIncentives.InvalidNumRows.selector, 0)
        );
    }

    function test_register_revertsRoundFull() public {
        uint256 id = _createEth(POOL, 2);
        _register(id, 2);
        _expectRegisterRevert(id, providers[2], 1, 1, abi.encodeWithSelector(IZKMLIncentives.RoundFull.selector, id));
    }

    /// More rows than the round's per-provider cap (the fair share N_TRAIN / maxProviders by default) are refused.
    function test_register_revertsTooManyProviderRows() public {
        uint256 id = _createEth(POOL, K);
        uint256 cap = N_TRAIN / K;
        _expectRegisterRevert(
            id, providers[0], 1, cap + 1, abi.encodeWithSelector(IZKMLIncentives.TooManyProviderRows.selector, cap + 1, cap)
        );
        _expectRegisterRevert(
            id,
            providers[0],
            1,
            type(uint256).max,
            abi.encodeWithSelector(IZKMLIncentives.TooManyProviderRows.selector, type(uint256).max, cap)
        );
        _registerAs(id, providers[0], 1, cap);
    }

    /// With N_PROVIDER < N_TRAIN / maxProviders the cap is N_PROVIDER: one row more is refused.
    function test_register_revertsTooManyProviderRows_belowRoundCapacity() public {
        IZKMLIncentives.Shape[] memory shapes = new IZKMLIncentives.Shape[](1);
        shapes[0] = _shape();
        shapes[0].maxProviderRows = 64; // NCP = ceil(64/9) = 8, C = 25
        shapes[0].ciphertextLength = 25;
        inc = new ZKMLIncentives(shapes);
        uint256 id = _createEth(POOL, 1); // fair share 128, capped at N_PROVIDER = 64
        assertEq(inc.getRound(id).maxRowsPerProvider, 64);
        _expectRegisterRevert(
            id, providers[0], 1, 65, abi.encodeWithSelector(IZKMLIncentives.TooManyProviderRows.selector, 65, 64)
        );
        _registerAs(id, providers[0], 1, 64);
    }

    function test_register_revertsInvalidCommitment() public {
        uint256 id = _createEth(POOL, K);
        _expectRegisterRevert(
            id, providers[0], 0, 1, abi.encodeWithSelector(IZKMLIncentives.InvalidCommitment.selector, 0)
        );
        _expectRegisterRevert(
            id, providers[0], P, 1, abi.encodeWithSelector(IZKMLIncentives.InvalidCommitment.selector, P)
        );
    }

    function test_register_revertsInvalidStatsCommitment() public {
        uint256 id = _createEth(POOL, K);
        uint256[3] memory bad = [uint256(0), P, type(uint256).max];
        for (uint256 i; i < bad.length; ++i) {
            vm.prank(providers[0]);
            vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidStatsCommitment.selector, bad[i]));
            inc.register{value: DEPOSIT}(id, 1, bad[i], 1);
        }
        // Checked after the data commitment and before the deposit.
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidCommitment.selector, 0));
        inc.register{value: DEPOSIT}(id, 0, 0, 1);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidStatsCommitment.selector, 0));
        inc.register(id, 1, 0, 1);
        assertEq(inc.getRound(id).numProviders, 0);
        // The largest field element is accepted.
        vm.prank(providers[0]);
        inc.register{value: DEPOSIT}(id, 1, P - 1, 1);
        assertEq(inc.getProviders(id)[0].statsCommitment, P - 1);
    }

    /// Capacity can never be exceeded, whatever the order and sizes of registrations: every slot's cap
    /// fits (maxProviders · cap ≤ N_TRAIN), so a squatter cannot shut later providers out of rows.
    function testFuzz_register_neverExceedsCapacity(uint256[12] memory rows, uint8 maxProviders) public {
        uint256 id = _createEth(POOL, bound(maxProviders, 1, K));
        uint256 maxP = inc.getRound(id).maxProviders;
        uint256 cap = inc.getRound(id).maxRowsPerProvider;
        assertLe(maxP * cap, N_TRAIN);
        for (uint256 i; i < 12; ++i) {
            address who = makeAddr(string.concat("p", vm.toString(i)));
            vm.deal(who, 1 ether);
            uint256 n = bound(rows[i], 0, N_TRAIN + 5);
            IZKMLIncentives.Round memory r = inc.getRound(id);
            vm.prank(who);
            if (n == 0) {
                vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.InvalidNumRows.selector, 0));
            } else if (r.numProviders >= maxP) {
                vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundFull.selector, id));
            } else if (n > cap) {
                vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.TooManyProviderRows.selector, n, cap));
            }
            inc.register{value: DEPOSIT}(id, i + 1, TestShapes.stats(i + 1), n);
            r = inc.getRound(id);
            assertLe(r.numProviders, maxP);
            assertLe(r.totalRows, N_TRAIN);
        }
    }

    // =============================================================================================
    // deliver
    // =============================================================================================

    /// A delivery through a contract (a smart-contract wallet): the payee is the contract that calls
    /// `register` and `deliver`, the proof is checked with that payee, and the log carries the hash of the
    /// ciphertext that is only in the internal call's input (the SDK reads it from a call trace).
    function test_deliver_throughAContract_payeeIsTheCallerContract_logsTheCiphertextHash() public {
        uint256 id = _createEth(POOL, K);
        RegistrationForwarder fwd = new RegistrationForwarder(inc);
        uint256[] memory ct = _ciphertext(9);
        uint256 sc = TestShapes.stats(_commitment(2));
        vm.prank(providers[0]);
        assertEq(fwd.forwardRegister{value: DEPOSIT}(id, _commitment(2), sc, 4), 0);
        _toDelivery(id);
        regVerifier.expect(
            _expectedRegistrationInputs(id, address(fwd), _commitment(2), sc, 4, _ephemeral(), ct), _proof()
        );
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.DataDelivered(id, address(fwd), 0, 0, _ephemeral(), keccak256(abi.encodePacked(ct)));
        vm.prank(providers[0]);
        assertEq(fwd.forwardDeliver(id, _ephemeral(), ct, _proof()), 0);
        assertEq(inc.getProviders(id)[0].account, address(fwd));
        (bool registered,) = inc.providerIndex(id, providers[0]);
        assertFalse(registered, "the caller of the forwarder is not the payee");
    }

    function test_deliver_verifiesExactlyWhatWasRegisteredAndLogsTheCiphertextHash() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], _commitment(0), 5);
        _registerAs(id, providers[1], _commitment(1), 7);
        _toDelivery(id);
        uint256[] memory ct = _ciphertext(7);
        uint256 sc = TestShapes.stats(_commitment(0));
        bytes32[] memory expected =
            _expectedRegistrationInputs(id, providers[0], _commitment(0), sc, 5, _ephemeral(), ct);
        assertEq(expected.length, 9 + C, "registration vector: 9 + C");
        assertEq(expected[3], bytes32(sc), "stats_commitment at offset 3");
        assertEq(inc.registrationPublicInputs(id, providers[0], _commitment(0), sc, 5, _ephemeral(), ct), expected);
        // The registration verifier accepts only the exact vector with payee = msg.sender and the stored values.
        regVerifier.expect(expected, _proof());
        // Delivered in another order than registered: provider 1 first.
        regVerifier.clear();
        assertEq(_deliverAs(id, providers[1]), 0);
        regVerifier.expect(expected, _proof());
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.DataDelivered(id, providers[0], 0, 1, _ephemeral(), keccak256(abi.encodePacked(ct)));
        vm.prank(providers[0]);
        assertEq(inc.deliver(id, _ephemeral(), ct, _proof()), 1);

        IZKMLIncentives.Provider[] memory ps = inc.getProviders(id);
        assertTrue(ps[0].delivered && ps[1].delivered);
        assertEq(ps[1].settlementIndex, 0);
        assertEq(ps[1].rowsBefore, 0);
        assertEq(ps[0].settlementIndex, 1);
        assertEq(ps[0].rowsBefore, 7, "the delivered rows before it");
        uint256[] memory order = inc.getDelivered(id);
        assertEq(order.length, 2);
        assertEq(order[0], 1);
        assertEq(order[1], 0);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        assertEq(r.numDelivered, 2);
        assertEq(r.deliveredRows, 12);
        // Everyone delivered: submission is open before the delivery deadline.
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Submission));
    }

    function _expectDeliverRevert(uint256 id, address who, uint256[] memory ct, uint256[2] memory ek, bytes memory err)
        internal
    {
        vm.prank(who);
        vm.expectRevert(err);
        inc.deliver(id, ek, ct, _proof());
    }

    function test_deliver_revertsRoundNotFound() public {
        _expectDeliverRevert(
            1, providers[0], _ciphertext(1), _ephemeral(), abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1)
        );
    }

    function test_deliver_revertsDeliveryNotOpenAndDeliveryClosed() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        vm.warp(r.registrationDeadline - 1);
        _expectDeliverRevert(
            id,
            providers[0],
            _ciphertext(_commitment(0)),
            _ephemeral(),
            abi.encodeWithSelector(IZKMLIncentives.DeliveryNotOpen.selector, id, r.registrationDeadline)
        );
        vm.warp(r.registrationDeadline); // the first second of delivery
        _deliverAs(id, providers[0]);
        vm.warp(r.deliveryDeadline - 1); // the last second of delivery
        vm.warp(r.deliveryDeadline);
        _expectDeliverRevert(
            id,
            providers[1],
            _ciphertext(_commitment(1)),
            _ephemeral(),
            abi.encodeWithSelector(IZKMLIncentives.DeliveryClosed.selector, id)
        );
    }

    function test_deliver_lastSecondOfTheWindow() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        vm.warp(inc.getRound(id).deliveryDeadline - 1);
        _deliverAs(id, providers[0]);
        assertEq(inc.getRound(id).numDelivered, 1);
    }

    function test_deliver_revertsNotRegisteredAndAlreadyDelivered() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        _toDelivery(id);
        _expectDeliverRevert(
            id,
            stranger,
            _ciphertext(1),
            _ephemeral(),
            abi.encodeWithSelector(IZKMLIncentives.NotRegistered.selector, id, stranger)
        );
        _deliverAs(id, providers[0]);
        _expectDeliverRevert(
            id,
            providers[0],
            _ciphertext(1),
            _ephemeral(),
            abi.encodeWithSelector(IZKMLIncentives.AlreadyDelivered.selector, id, 0)
        );
    }

    function test_deliver_revertsWrongCiphertextLengthAndInvalidCiphertext() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toDelivery(id);
        _expectDeliverRevert(
            id,
            providers[0],
            new uint256[](C - 1),
            _ephemeral(),
            abi.encodeWithSelector(IZKMLIncentives.WrongCiphertextLength.selector, C, C - 1)
        );
        uint256[] memory ct = _ciphertext(1);
        ct[C - 1] = P;
        _expectDeliverRevert(
            id, providers[0], ct, _ephemeral(), abi.encodeWithSelector(IZKMLIncentives.InvalidCiphertext.selector, C - 1, P)
        );
    }

    function test_deliver_revertsInvalidEphemeralKey() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toDelivery(id);
        _expectDeliverRevert(
            id,
            providers[0],
            _ciphertext(1),
            [uint256(1), 2],
            abi.encodeWithSelector(IZKMLIncentives.InvalidEphemeralKey.selector, 1, 2)
        );
    }

    function test_deliver_revertsInvalidProof() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toDelivery(id);
        ConfigurableVerifier.Mode[3] memory modes = [
            ConfigurableVerifier.Mode.ReturnFalse,
            ConfigurableVerifier.Mode.Revert,
            ConfigurableVerifier.Mode.RevertEmpty
        ];
        for (uint256 i; i < 3; ++i) {
            regVerifier.setMode(modes[i]);
            _expectDeliverRevert(
                id, providers[0], _ciphertext(1), _ephemeral(), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector)
            );
        }
        assertEq(inc.getRound(id).numDelivered, 0);
    }

    /// The payee and the statistics commitment are public inputs: a proof for one is refused with another.
    function test_deliver_revertsInvalidProof_otherPayeeOrStatsCommitment() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], 1, 1);
        _registerAs(id, providers[1], 1, 1); // the same commitment, from another address
        _toDelivery(id);
        uint256[] memory ct = _ciphertext(1);
        regVerifier.expect(
            _expectedRegistrationInputs(id, providers[0], 1, TestShapes.stats(1), 1, _ephemeral(), ct), _proof()
        );
        _expectDeliverRevert(id, providers[1], ct, _ephemeral(), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        regVerifier.expect(
            _expectedRegistrationInputs(id, providers[0], 1, TestShapes.stats(2), 1, _ephemeral(), ct), _proof()
        );
        _expectDeliverRevert(id, providers[0], ct, _ephemeral(), abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector));
        regVerifier.expect(
            _expectedRegistrationInputs(id, providers[0], 1, TestShapes.stats(1), 1, _ephemeral(), ct), _proof()
        );
        vm.prank(providers[0]);
        inc.deliver(id, _ephemeral(), ct, _proof());
        assertTrue(inc.getProviders(id)[0].delivered);
    }

    // =============================================================================================
    // submit
    // =============================================================================================

    function test_submit_settlesAndStoresShares() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toSubmission(id);
        int256[] memory phi = _phi(3, -2, 1);
        verifier.expect(_expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi), _proof());
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundSettled(id, stranger, _weights(), _intercept(), _trainLoss(), phi, false, 0);
        vm.prank(stranger);
        _submit(id, phi);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        assertEq(uint256(r.status), uint256(IZKMLIncentives.RoundStatus.Settled));
        assertEq(r.positiveTotal, 4);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Settled));
        assertEq(inc.claimable(id, 0), POOL * 3 / 4 + DEPOSIT);
        assertEq(inc.claimable(id, 1), DEPOSIT, "a negative value: the deposit back only");
        assertEq(inc.claimable(id, 2), POOL / 4 + DEPOSIT);
        // Nothing is credited by submit itself (lazy crediting), not even to the owner.
        assertEq(inc.credits(owner, ETH), 0);
        assertEq(inc.credits(providers[0], ETH), 0);
    }

    function test_submit_buildsExactPublicInputs() public {
        uint256 id = _createEth(POOL, K);
        _register(id, K);
        _toSubmission(id);
        int256[] memory phi = new int256[](K);
        for (uint256 i; i < K; ++i) {
            phi[i] = int256(i) * 1e7 - 3e7;
        }
        bytes32[] memory expected = _expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi);
        assertEq(inc.publicInputs(id, _weights(), _intercept(), _trainLoss(), phi), expected);
        verifier.expect(expected, _proof());
        _submit(id, phi);
    }

    function test_submit_atWindowEdges() public {
        uint256 a = _createEth(POOL, K);
        uint256 b = _createEth(POOL, K);
        _register(a, 1);
        _register(b, 1);
        _toSubmission(a); // first second of the window
        _deliverAll(b);
        _submit(a, _phi(1, 0, 0));
        vm.warp(inc.getRound(b).submissionDeadline); // last second (inclusive)
        _submit(b, _phi(1, 0, 0));
    }

    function test_submit_noPositiveValue_byRows() public {
        uint256 id = _createEth(POOL, 2);
        _registerAs(id, providers[0], 1, 10);
        _registerAs(id, providers[1], 2, 30);
        _toSubmission(id);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundSettled(
            id, address(this), _weights(), _intercept(), _trainLoss(), _phi(-5, 0, 0), true, 0
        );
        _submit(id, _phi(-5, 0, 0));
        assertEq(inc.getRound(id).positiveTotal, 0);
        assertEq(inc.claimable(id, 0), POOL / 4 + DEPOSIT);
        assertEq(inc.claimable(id, 1), POOL * 3 / 4 + DEPOSIT);
    }

    function test_roundContext_matchesFormula() public {
        assertEq(bytes32(inc.roundContext(5)), _context(5));
        vm.chainId(10);
        assertEq(bytes32(inc.roundContext(5)), _context(5));
    }

    function testFuzz_publicInputs_signedEncoding(int256 w, int256 b, uint256 loss, int256 s0, int256 s1) public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        _deliverAll(id);
        int256 max = int256(2 ** 120) - 1;
        int256[] memory weights = new int256[](D);
        weights[0] = bound(w, -max, max);
        b = bound(b, -max, max);
        loss = bound(loss, 0, 2 ** 120 - 1);
        int256[] memory phi = _phi(bound(s0, -max, max), bound(s1, -max, max), 0);
        assertEq(inc.publicInputs(id, weights, b, loss, phi), _expectedInputs(id, weights, b, loss, phi));
    }

    function test_submit_revertsInvalidProof_tamperedInputs() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        _toSubmission(id);
        int256[] memory phi = _phi(5, 3, 0);
        verifier.expect(_expectedInputs(id, _weights(), _intercept(), _trainLoss(), phi), _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(id, _phi(5, 4, 0));
        int256[] memory w = _weights();
        w[0] += 1;
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, w, _intercept(), _trainLoss(), phi, _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, _weights(), _intercept() + 1, _trainLoss(), phi, _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, _weights(), _intercept(), _trainLoss() + 1, phi, _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        inc.submit(id, _weights(), _intercept(), _trainLoss(), phi, hex"c0ffef");
        _submit(id, phi);
    }

    function test_submit_revertsInvalidProof_replayOnOtherRoundChainOrDeployment() public {
        uint256 a = _createEth(POOL, K);
        uint256 b = _createEth(POOL, K);
        _register(a, 2);
        _register(b, 2);
        _toSubmission(a);
        _toSubmission(b);
        int256[] memory phi = _phi(5, 3, 0);
        verifier.expect(_expectedInputs(a, _weights(), _intercept(), _trainLoss(), phi), _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(b, phi);
        uint256 chain = block.chainid;
        vm.chainId(chain + 1);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(a, phi);
        vm.chainId(chain);
        _submit(a, phi);
    }

    function test_submit_revertsInvalidProof_changedCommitmentOrParameter() public {
        uint256 a = _createEth(POOL, K);
        // Round b: same everything but λ + 1.
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.lambda = LAMBDA + 1;
        uint256 b = _create(p);
        _register(a, 2);
        _register(b, 2);
        _toSubmission(a);
        _toSubmission(b);
        int256[] memory phi = _phi(5, 3, 0);
        bytes32[] memory x = _expectedInputs(a, _weights(), _intercept(), _trainLoss(), phi);
        x[0] = _context(b);
        verifier.expect(x, _proof());
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(b, phi);
    }

    function test_submit_revertsInvalidProof_verifierFalseOrRevert() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toSubmission(id);
        ConfigurableVerifier.Mode[3] memory modes = [
            ConfigurableVerifier.Mode.ReturnFalse,
            ConfigurableVerifier.Mode.Revert,
            ConfigurableVerifier.Mode.RevertEmpty
        ];
        for (uint256 i; i < 3; ++i) {
            verifier.setMode(modes[i]);
            vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
            _submit(id, _phi(1, 0, 0));
        }
        assertEq(uint256(inc.getRound(id).status), uint256(IZKMLIncentives.RoundStatus.Open));
    }

    function test_submit_verifierIsCalledStatically() public {
        StateChangingVerifier bad = new StateChangingVerifier();
        IZKMLIncentives.Shape memory s = _shape();
        s.settlementVerifier = IHonkVerifier(address(bad));
        inc = new ZKMLIncentives(TestShapes.one(s));
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toSubmission(id);
        vm.expectRevert(IZKMLIncentives.InvalidProof.selector);
        _submit(id, _phi(1, 0, 0));
        assertEq(bad.calls(), 0);
    }

    function test_submit_revertsRoundNotOpen() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toSubmission(id);
        _submit(id, _phi(1, 0, 0));
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, IZKMLIncentives.RoundStatus.Settled)
        );
        _submit(id, _phi(1, 0, 0));
        uint256 empty = _createEth(POOL, K);
        _toSubmission(empty);
        vm.prank(owner);
        inc.reclaim(empty);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, empty, IZKMLIncentives.RoundStatus.Reclaimed)
        );
        _submit(empty, _phi(1, 0, 0));
    }

    function test_submit_revertsRoundNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 1));
        _submit(1, _phi(1, 0, 0));
    }

    function test_submit_revertsSubmissionNotOpen() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        IZKMLIncentives.Round memory r = inc.getRound(id);
        vm.warp(r.registrationDeadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionNotOpen.selector, id, r.deliveryDeadline));
        _submit(id, _phi(1, 0, 0));
        // In the delivery window with a slot still to deliver: not yet.
        vm.warp(r.registrationDeadline);
        _deliverAs(id, providers[0]);
        vm.warp(r.deliveryDeadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionNotOpen.selector, id, r.deliveryDeadline));
        _submit(id, _phi(1, 0, 0));
        // At the delivery deadline it opens, without the slot that did not deliver.
        vm.warp(r.deliveryDeadline);
        _submit(id, _phi(1, 0, 0));
    }

    function test_submit_revertsSubmissionClosed() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toExpiry(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.SubmissionClosed.selector, id));
        _submit(id, _phi(1, 0, 0));
    }

    function test_submit_revertsNoProviders() public {
        uint256 id = _createEth(POOL, K);
        _toSubmission(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NoProviders.selector, id));
        _submit(id, _phi(0, 0, 0));
        // Registered but nobody delivered: the same once delivery is over.
        uint256 undelivered = _createEth(POOL, K);
        _register(undelivered, 2);
        _toDeliveryEnd(undelivered);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NoProviders.selector, undelivered));
        _submit(undelivered, _phi(0, 0, 0));
    }

    function test_submit_revertsWrongLengths() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toSubmission(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongWeightsLength.selector, D, D + 1));
        inc.submit(id, new int256[](D + 1), 0, 0, _phi(1, 0, 0), _proof());
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.WrongShapleyLength.selector, K, K - 1));
        inc.submit(id, _weights(), 0, 0, new int256[](K - 1), _proof());
    }

    function test_submit_revertsValueOutOfRange() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toSubmission(id);
        int256 big = int256(2 ** 120);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ValueOutOfRange.selector, big));
        _submit(id, _phi(big, 0, 0));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ValueOutOfRange.selector, -big));
        inc.submit(id, _weights(), -big, 0, _phi(1, 0, 0), _proof());
        int256[] memory w = new int256[](D);
        w[0] = type(int256).min;
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ValueOutOfRange.selector, type(int256).min));
        inc.submit(id, w, 0, 0, _phi(1, 0, 0), _proof());
    }

    function test_submit_revertsTrainLossOutOfRange() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toSubmission(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.TrainLossOutOfRange.selector, 2 ** 120));
        inc.submit(id, _weights(), 0, 2 ** 120, _phi(1, 0, 0), _proof());
    }

    function test_submit_revertsUnusedSlotNotZero() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        _toSubmission(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.UnusedSlotNotZero.selector, 2));
        _submit(id, _phi(1, 1, -1));
    }

    // =============================================================================================
    // claim
    // =============================================================================================

    function test_claim_byShapley_sumsToPoolExactly() public {
        IZKMLIncentives.RoundParams memory p = _params(address(token), 10, K);
        p.deposit = 2;
        uint256 id = _create(p);
        _register(id, 3);
        _toSubmission(id);
        _submit(id, _phi(1, 1, 1)); // 10/3 each: cumulative rounding gives 3, 3, 4; plus the deposit of 2
        uint256[3] memory expected = [uint256(5), 5, 6];
        for (uint256 i; i < 3; ++i) {
            vm.expectEmit(address(inc));
            emit IZKMLIncentives.RewardClaimed(id, i, providers[i], address(token), expected[i]);
            vm.prank(stranger); // anyone may claim; the reward goes to the provider
            assertEq(inc.claim(id, i), expected[i]);
            assertEq(inc.credits(providers[i], address(token)), expected[i]);
            assertEq(inc.claimable(id, i), 0);
        }
        assertEq(inc.getRound(id).paidOut, 10 + 3 * 2);
        assertEq(inc.credits(owner, address(token)), 0, "the owner gets nothing, not even dust");
        assertTrue(inc.getProviders(id)[1].claimed);
    }

    function test_claim_expired_byRows() public {
        uint256 id = _createEth(POOL, K);
        _registerAs(id, providers[0], 1, 1);
        _registerAs(id, providers[1], 2, 3);
        _toExpiry(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Expired));
        assertEq(inc.claim(id, 1), POOL * 3 / 4 + DEPOSIT);
        assertEq(inc.claim(id, 0), POOL / 4 + DEPOSIT);
        assertEq(inc.getRound(id).paidOut, POOL + 2 * DEPOSIT);
        assertEq(uint256(inc.getRound(id).status), uint256(IZKMLIncentives.RoundStatus.Open));
    }

    function test_claim_revertsRoundNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 3));
        inc.claim(3, 0);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 3));
        inc.claimable(3, 0);
    }

    function test_claim_revertsProviderNotFound() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toExpiry(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ProviderNotFound.selector, id, 1));
        inc.claim(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.ProviderNotFound.selector, id, 1));
        inc.claimable(id, 1);
    }

    function test_claim_revertsNotClaimable() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotClaimable.selector, id));
        inc.claim(id, 0); // registration
        _deliverAll(id);
        vm.warp(inc.getRound(id).submissionDeadline); // submission, last second
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotClaimable.selector, id));
        inc.claim(id, 0);
        assertEq(inc.claimable(id, 0), 0);
        vm.warp(block.timestamp + 1);
        assertEq(inc.claimable(id, 0), POOL + DEPOSIT);
    }

    function test_claim_revertsAlreadyClaimed() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 1);
        _toExpiry(id);
        inc.claim(id, 0);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.AlreadyClaimed.selector, id, 0));
        inc.claim(id, 0);
    }

    function test_claim_revertsNothingToClaim() public {
        // Only an allowlisted round without a deposit can leave a delivered provider with nothing.
        IZKMLIncentives.RoundParams memory p = _params(ETH, POOL, K);
        p.deposit = 0;
        p.allowlist = new address[](2);
        (p.allowlist[0], p.allowlist[1]) = (providers[0], providers[1]);
        uint256 id = _create(p);
        _register(id, 2);
        _toSubmission(id);
        _submit(id, _phi(0, 7, 0));
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NothingToClaim.selector, id, 0));
        inc.claim(id, 0);
        assertEq(inc.claim(id, 1), POOL);
    }

    function test_claim_revertsNotDelivered() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        _toDelivery(id);
        _deliverAs(id, providers[1]);
        _toExpiryOnly(id);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotDelivered.selector, id, 0));
        inc.claim(id, 0);
        assertEq(inc.claimable(id, 0), 0);
        assertEq(inc.claim(id, 1), POOL + 2 * DEPOSIT, "the forfeited deposit is in the pool");
    }

    /// Any φ vector and pool: rewards sum to the pool exactly, each within 1 wei of the exact share.
    function testFuzz_claim_byShapley_exactAndWithinOneWei(uint256 pool, int256[8] memory raw, uint8 k) public {
        pool = bound(pool, DEPOSIT, 1e36);
        k = uint8(bound(k, 1, K));
        vm.deal(owner, pool);
        uint256 id = _createEth(pool, K);
        _register(id, k);
        _toSubmission(id);
        int256[] memory phi = new int256[](K);
        uint256 total;
        for (uint256 i; i < k; ++i) {
            phi[i] = bound(raw[i], -(int256(2 ** 120) - 1), int256(2 ** 120) - 1);
            if (phi[i] > 0) total += uint256(phi[i]);
        }
        _submit(id, phi);
        uint256 sum;
        for (uint256 i; i < k; ++i) {
            uint256 reward = inc.claimable(id, i) - DEPOSIT;
            sum += reward;
            if (total == 0) continue;
            uint256 exactFloor = phi[i] > 0 ? _mulDivFloor(pool, uint256(phi[i]), total) : 0;
            assertGe(reward, exactFloor, "at least the floor of the exact share");
            assertLe(reward, exactFloor + (phi[i] > 0 ? 1 : 0), "at most 1 wei above the floor; 0 for phi <= 0");
        }
        assertEq(sum, pool, "the providers receive the whole pool");
    }

    function _mulDivFloor(uint256 a, uint256 b, uint256 c) internal pure returns (uint256) {
        // a ≤ 1e36 < 2^120 and b < 2^120 so a·b < 2^240 does not overflow.
        return a * b / c;
    }

    // =============================================================================================
    // reclaim
    // =============================================================================================

    function test_reclaim_emptyRound_thenWithdraw() public {
        uint256 id = _createEth(POOL, K);
        _toSubmission(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Empty));
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundReclaimed(id, owner, POOL);
        vm.prank(owner);
        inc.reclaim(id);
        assertEq(inc.credits(owner, ETH), POOL);
        assertEq(inc.getRound(id).paidOut, POOL);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Reclaimed));
        uint256 before = owner.balance;
        vm.prank(owner);
        inc.withdraw(ETH);
        assertEq(owner.balance - before, POOL);
    }

    function test_reclaim_erc20() public {
        uint256 id = _createToken(POOL, K);
        _toExpiry(id);
        vm.prank(owner);
        inc.reclaim(id);
        assertEq(inc.credits(owner, address(token)), POOL);
    }

    /// Registrations that never deliver: the owner reclaims the escrow and every forfeited deposit once
    /// delivery closes (not before: a registrant may still deliver).
    function test_reclaim_nobodyDelivered_poolAndDeposits() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 3);
        _toDelivery(id);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
        vm.warp(inc.getRound(id).deliveryDeadline - 1);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
        vm.warp(inc.getRound(id).deliveryDeadline);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.RoundReclaimed(id, owner, POOL + 3 * DEPOSIT);
        vm.prank(owner);
        inc.reclaim(id);
        assertEq(inc.getRound(id).paidOut, POOL + 3 * DEPOSIT);
    }

    function test_reclaim_revertsNotRoundOwner() public {
        uint256 id = _createEth(POOL, K);
        _toSubmission(id);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NotRoundOwner.selector, id, stranger));
        inc.reclaim(id);
    }

    function test_reclaim_revertsRoundNotOpen() public {
        uint256 id = _createEth(POOL, K);
        _toSubmission(id);
        vm.startPrank(owner);
        inc.reclaim(id);
        vm.expectRevert(
            abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, IZKMLIncentives.RoundStatus.Reclaimed)
        );
        inc.reclaim(id);
        vm.stopPrank();
    }

    function test_reclaim_revertsRoundNotExpired() public {
        uint256 id = _createEth(POOL, K);
        vm.warp(inc.getRound(id).registrationDeadline - 1);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id));
        inc.reclaim(id);
    }

    function test_reclaim_revertsRoundHasProviders() public {
        uint256 id = _createEth(POOL, K);
        _register(id, 2);
        _toDelivery(id);
        _deliverAs(id, providers[1]); // one delivery is enough
        _toExpiry(id);
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundHasProviders.selector, id));
        inc.reclaim(id);
    }

    function test_reclaim_revertsRoundNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 9));
        inc.reclaim(9);
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
        _register(c, 1);
        _toSubmission(a);
        _toSubmission(b);
        _toSubmission(c);
        _submit(a, _phi(1, 1, 0));
        _submit(b, _phi(1, 3, 0));
        _submit(c, _phi(1, 0, 0));
        _claimAll(a);
        _claimAll(b);
        _claimAll(c);
        uint256 ethStart = providers[0].balance;
        uint256 tokenStart = token.balanceOf(providers[0]);
        assertEq(inc.credits(providers[0], ETH), POOL / 2 + POOL + 2 * DEPOSIT);
        vm.startPrank(providers[0]);
        vm.expectEmit(address(inc));
        emit IZKMLIncentives.Withdrawn(providers[0], ETH, POOL * 3 / 2 + 2 * DEPOSIT);
        assertEq(inc.withdraw(ETH), POOL * 3 / 2 + 2 * DEPOSIT);
        assertEq(inc.withdraw(address(token)), POOL / 4 + DEPOSIT);
        vm.stopPrank();
        assertEq(providers[0].balance - ethStart, POOL * 3 / 2 + 2 * DEPOSIT);
        assertEq(token.balanceOf(providers[0]) - tokenStart, POOL / 4 + DEPOSIT);
        assertEq(address(inc).balance, POOL / 2 + DEPOSIT);
        assertEq(token.balanceOf(address(inc)), POOL * 3 / 4 + DEPOSIT);
    }

    function test_withdraw_revertsNothingToWithdraw() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.NothingToWithdraw.selector, ETH));
        inc.withdraw(ETH);
    }

    function test_withdraw_revertsEthTransferFailed_onlyHurtsReceiver() public {
        NoReceive nr = new NoReceive();
        uint256 id = _createEth(POOL, K);
        nr.register{value: DEPOSIT}(inc, id, 1);
        _register(id, 1);
        _toDelivery(id);
        nr.deliver(inc, id, _ciphertext(1));
        _toExpiry(id); // expired: shares by rows, 1 and 16 of 17
        uint256 share = POOL / 17 + DEPOSIT;
        vm.expectRevert(abi.encodeWithSelector(IZKMLIncentives.EthTransferFailed.selector, address(nr), share));
        nr.claimAndWithdraw(inc, id, ETH);
        _claimAll(id);
        assertEq(inc.credits(address(nr), ETH), share, "credit kept");
        uint256 before = providers[0].balance;
        vm.prank(providers[0]);
        inc.withdraw(ETH);
        assertEq(providers[0].balance - before, POOL - POOL / 17 + DEPOSIT);
    }

    function test_withdraw_revertsFailingToken() public {
        FalseReturningToken bad = new FalseReturningToken();
        bad.mint(owner, POOL);
        vm.prank(owner);
        bad.approve(address(inc), POOL);
        bad.mint(providers[0], DEPOSIT);
        vm.prank(providers[0]);
        bad.approve(address(inc), DEPOSIT);
        bad.setFail(false);
        uint256 id = _create(_params(address(bad), POOL, K));
        _register(id, 1);
        _toExpiry(id);
        inc.claim(id, 0);
        bad.setFail(true);
        vm.prank(providers[0]);
        vm.expectRevert(abi.encodeWithSelector(SafeERC20.SafeERC20FailedOperation.selector, bad));
        inc.withdraw(address(bad));
        assertEq(inc.credits(providers[0], address(bad)), POOL + DEPOSIT);
    }

    // =============================================================================================
    // views
    // =============================================================================================

    function test_views_revertRoundNotFound() public {
        bytes memory err = abi.encodeWithSelector(IZKMLIncentives.RoundNotFound.selector, 0);
        vm.expectRevert(err);
        inc.getRound(0);
        vm.expectRevert(err);
        inc.getProviders(0);
        vm.expectRevert(err);
        inc.getDelivered(0);
        vm.expectRevert(err);
        inc.phase(0);
        vm.expectRevert(err);
        inc.providerIndex(0, stranger);
        vm.expectRevert(err);
        inc.isAllowed(0, stranger);
        vm.expectRevert(err);
        inc.publicInputs(0, _weights(), 0, 0, _phi(0, 0, 0));
        uint256[] memory ct = _ciphertext(0);
        vm.expectRevert(err);
        inc.registrationPublicInputs(0, stranger, 1, TestShapes.stats(1), 1, _ephemeral(), ct);
    }

    function test_phase_transitions() public {
        uint256 id = _createEth(POOL, K);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Registration));
        _register(id, 2);
        _toDelivery(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Delivery));
        _deliverAs(id, providers[0]);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Delivery), "one slot still to deliver");
        _toDeliveryEnd(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Submission));
        _toExpiry(id);
        assertEq(uint256(inc.phase(id)), uint256(IZKMLIncentives.Phase.Expired));
        // Nobody delivered: Empty once delivery is over.
        uint256 e = _createEth(POOL, K);
        _register(e, 1);
        _toDeliveryEnd(e);
        assertEq(uint256(inc.phase(e)), uint256(IZKMLIncentives.Phase.Empty));
    }

    function test_getProviders_empty() public {
        uint256 id = _createEth(POOL, K);
        assertEq(inc.getProviders(id).length, 0);
    }
}
