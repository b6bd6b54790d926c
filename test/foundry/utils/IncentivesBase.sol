// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {ZKMLIncentives} from "../../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../../contracts/interfaces/IHonkVerifier.sol";
import {ZkmlLayout} from "../../../contracts/generated/ZkmlLayout.sol";
import {ConfigurableVerifier} from "../mocks/MockVerifiers.sol";
import {MockERC20} from "../mocks/MockTokens.sol";

/// @notice Grumpkin test points and shape helpers shared by every Foundry test.
library TestShapes {
    uint256 internal constant P = ZkmlLayout.FIELD_MODULUS;
    /// Grumpkin generator (1, sqrt(−16)), as Noir's `EmbeddedCurvePoint::generator()`.
    uint256 internal constant GX = 1;
    uint256 internal constant GY = 17631683881184975370165255887551781615748388533673675138860;

    /// Shape k8d1n128 (the generated `ZkmlLayout`) with the given verifiers.
    function k8d1n128(IHonkVerifier settlement, IHonkVerifier registration, IHonkVerifier validation)
        internal
        pure
        returns (IZKMLIncentives.Shape memory)
    {
        return IZKMLIncentives.Shape({
            k: ZkmlLayout.K,
            d: ZkmlLayout.D,
            nTrain: ZkmlLayout.N_TRAIN,
            maxProviderRows: ZkmlLayout.N_TRAIN,
            nVal: ZkmlLayout.N_VAL,
            ciphertextLength: ciphertextLength(ZkmlLayout.D, ZkmlLayout.N_TRAIN),
            settlementVerifier: settlement,
            registrationVerifier: registration,
            validationVerifier: validation
        });
    }

    /// C = 3·ceil(N_PROVIDER / R) + 1, R = 3·floor(253 / (1 + 35·(D+1))) (noir/README.md), computed independently.
    function ciphertextLength(uint256 d, uint256 maxProviderRows) internal pure returns (uint256) {
        uint256 r = 3 * (253 / (1 + 35 * (d + 1)));
        uint256 chunks = maxProviderRows / r;
        if (chunks * r < maxProviderRows) ++chunks;
        return 3 * chunks + 1;
    }

    /// A statistics commitment for tests: a non-zero field element derived from the data commitment
    /// (distinct from it), so that every registration carries a valid-looking pair.
    function stats(uint256 commitment) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("stats", commitment))) % (P - 1) + 1;
    }

    function one(IZKMLIncentives.Shape memory s) internal pure returns (IZKMLIncentives.Shape[] memory shapes) {
        shapes = new IZKMLIncentives.Shape[](1);
        shapes[0] = s;
    }
}

/// @notice Shared set-up and helpers of the ZKMLIncentives unit, attack, reentrancy and gas tests:
///         one shape (k8d1n128) with named mock verifiers.
abstract contract IncentivesBase is Test {
    uint256 internal constant P = ZkmlLayout.FIELD_MODULUS;
    uint256 internal constant K = ZkmlLayout.K;
    uint256 internal constant D = ZkmlLayout.D;
    uint256 internal constant N_TRAIN = ZkmlLayout.N_TRAIN;
    uint256 internal constant VC = 0x0abe3ead8180f7c3db36087a813f6844932d5b362caa70ba4a7541955b1d7dd1;
    /// m, the validation rows of the test rounds (1..N_VAL).
    uint256 internal constant VAL_ROWS = 6;
    uint256 internal constant LAMBDA = 100;
    uint64 internal constant REG_PERIOD = 1 days;
    uint64 internal constant DEL_PERIOD = 1 days;
    uint64 internal constant SUB_PERIOD = 2 days;
    /// The registration deposit of the test rounds.
    uint256 internal constant DEPOSIT = 0.1 ether;
    uint256 internal constant POOL = 10 ether;
    uint256 internal constant ROWS = 16;
    address internal constant ETH = address(0);

    ZKMLIncentives internal inc;
    ConfigurableVerifier internal verifier;
    ConfigurableVerifier internal regVerifier;
    ConfigurableVerifier internal valVerifier;
    MockERC20 internal token;
    uint256 internal C;

    address internal owner = makeAddr("owner");
    address internal stranger = makeAddr("stranger");
    address[] internal providers;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        verifier = new ConfigurableVerifier();
        regVerifier = new ConfigurableVerifier();
        valVerifier = new ConfigurableVerifier();
        inc = new ZKMLIncentives(TestShapes.one(_shape()));
        C = TestShapes.ciphertextLength(D, N_TRAIN);
        token = new MockERC20("Token", "TKN");
        for (uint256 i; i < K + 2; ++i) {
            providers.push(makeAddr(string.concat("provider", vm.toString(i))));
        }
        vm.deal(owner, 1_000_000 ether);
        token.mint(owner, 1_000_000 ether);
        vm.prank(owner);
        token.approve(address(inc), type(uint256).max);
        for (uint256 i; i < providers.length; ++i) {
            _fund(providers[i]);
        }
    }

    function _shape() internal view virtual returns (IZKMLIncentives.Shape memory) {
        return TestShapes.k8d1n128(verifier, regVerifier, valVerifier);
    }

    // --- rounds ----------------------------------------------------------------------------------

    /// Gives `who` ETH and tokens for deposits, and approves the contract.
    function _fund(address who) internal {
        vm.deal(who, 1_000 ether);
        token.mint(who, 1_000 ether);
        vm.prank(who);
        token.approve(address(inc), type(uint256).max);
    }

    function _deadlines() internal view returns (uint64 reg, uint64 del, uint64 sub) {
        reg = uint64(block.timestamp) + REG_PERIOD;
        del = reg + DEL_PERIOD;
        sub = del + SUB_PERIOD;
    }

    function _params(address asset, uint256 amount, uint256 maxProviders)
        internal
        view
        returns (IZKMLIncentives.RoundParams memory p)
    {
        (uint64 reg, uint64 del, uint64 sub) = _deadlines();
        p.shapeId = 0;
        p.asset = asset;
        p.amount = amount;
        p.validationCommitment = VC;
        p.validationRows = VAL_ROWS;
        p.lambda = LAMBDA;
        p.maxProviders = maxProviders;
        p.maxRowsPerProvider = 0;
        p.deposit = DEPOSIT;
        p.rowShareBps = 0;
        p.reservePerRow = type(uint256).max;
        p.registrationDeadline = reg;
        p.deliveryDeadline = del;
        p.submissionDeadline = sub;
        p.ownerKey = [TestShapes.GX, TestShapes.GY];
    }

    function _create(IZKMLIncentives.RoundParams memory p) internal returns (uint256 id) {
        vm.prank(owner);
        id = inc.createRound{value: p.asset == ETH ? p.amount : 0}(p, _validationProof());
    }

    function _createEth(uint256 amount, uint256 maxProviders) internal returns (uint256) {
        return _create(_params(ETH, amount, maxProviders));
    }

    function _createToken(uint256 amount, uint256 maxProviders) internal returns (uint256) {
        return _create(_params(address(token), amount, maxProviders));
    }

    function _commitment(uint256 i) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("commitment", i))) % (P - 1) + 1;
    }

    /// A ciphertext of C field elements derived from a seed.
    function _ciphertext(uint256 seed) internal view returns (uint256[] memory ct) {
        ct = new uint256[](C);
        for (uint256 i; i < C; ++i) {
            ct[i] = uint256(keccak256(abi.encode("ct", seed, i))) % P;
        }
    }

    function _ephemeral() internal pure returns (uint256[2] memory) {
        return [TestShapes.GX, TestShapes.GY];
    }

    /// The ETH a registration of round `id` sends (its deposit in an ETH round, else 0).
    function _depositValue(uint256 id) internal view returns (uint256) {
        IZKMLIncentives.Round memory r = inc.getRound(id);
        return r.asset == ETH ? r.deposit : 0;
    }

    /// Registers `who` (commitment and deposit; the data follow with `_deliverAs`).
    function _registerAs(uint256 id, address who, uint256 commitment, uint256 rows) internal returns (uint256 index) {
        uint256 value = _depositValue(id);
        vm.prank(who);
        index = inc.register{value: value}(id, commitment, TestShapes.stats(commitment), rows);
    }

    /// Registers providers[0..n) with ROWS rows each.
    function _register(uint256 id, uint256 n) internal {
        for (uint256 i; i < n; ++i) {
            _registerAs(id, providers[i], _commitment(i), ROWS);
        }
    }

    /// Delivers `who`'s registered data (mock ciphertext seeded by its commitment) now.
    function _deliverAs(uint256 id, address who) internal returns (uint256 settlementIndex) {
        (, uint256 slot) = inc.providerIndex(id, who);
        uint256 commitment = inc.getProviders(id)[slot].commitment;
        vm.prank(who);
        settlementIndex = inc.deliver(id, _ephemeral(), _ciphertext(commitment), _proof());
    }

    /// Moves to the delivery window (the registration deadline).
    function _toDelivery(uint256 id) internal {
        uint256 reg = inc.getRound(id).registrationDeadline;
        if (block.timestamp < reg) vm.warp(reg);
    }

    /// Delivers every registered slot that has not delivered, in slot order (moving to the delivery window
    /// first), so submission opens at once.
    function _deliverAll(uint256 id) internal {
        _toDelivery(id);
        IZKMLIncentives.Provider[] memory ps = inc.getProviders(id);
        for (uint256 i; i < ps.length; ++i) {
            if (!ps[i].delivered) _deliverAs(id, ps[i].account);
        }
    }

    /// Delivers every registered slot, then submission is open (delivery over: everyone delivered).
    function _toSubmission(uint256 id) internal {
        _deliverAll(id);
    }

    /// Moves past the delivery deadline without delivering anything more.
    function _toDeliveryEnd(uint256 id) internal {
        vm.warp(inc.getRound(id).deliveryDeadline);
    }

    /// Moves past the submission deadline without delivering anything more.
    function _toExpiryOnly(uint256 id) internal {
        vm.warp(uint256(inc.getRound(id).submissionDeadline) + 1);
    }

    /// Delivers every registered slot if delivery is still open, then moves past the submission deadline.
    function _toExpiry(uint256 id) internal {
        if (block.timestamp < inc.getRound(id).deliveryDeadline) _deliverAll(id);
        vm.warp(uint256(inc.getRound(id).submissionDeadline) + 1);
    }

    function _claimAll(uint256 id) internal {
        uint256 k = inc.getRound(id).numProviders;
        for (uint256 i; i < k; ++i) {
            if (inc.claimable(id, i) != 0) inc.claim(id, i);
        }
    }

    // --- submissions -----------------------------------------------------------------------------

    function _weights() internal pure returns (int256[] memory w) {
        w = new int256[](D);
        for (uint256 i; i < D; ++i) {
            w[i] = 64_264_885 - int256(i);
        }
    }

    function _intercept() internal pure returns (int256) {
        return -66_724_787;
    }

    function _trainLoss() internal pure returns (uint256) {
        return 165_014_446;
    }

    /// A K-entry Shapley vector from the first entries given (the rest 0).
    function _phi(int256 a, int256 b, int256 c) internal pure returns (int256[] memory s) {
        s = new int256[](K);
        s[0] = a;
        s[1] = b;
        s[2] = c;
    }

    function _proof() internal pure returns (bytes memory) {
        return hex"c0ffee";
    }

    /// The (mock) validation proof `createRound` passes to the validation verifier.
    function _validationProof() internal pure returns (bytes memory) {
        return hex"0a11da7e";
    }

    /// The validation proof's public inputs: (validationCommitment, validationRows).
    function _expectedValidationInputs(uint256 commitment, uint256 rows) internal pure returns (bytes32[] memory x) {
        x = new bytes32[](2);
        x[0] = bytes32(commitment);
        x[1] = bytes32(rows);
    }

    function _submit(uint256 id, int256[] memory shapley) internal {
        inc.submit(id, _weights(), _intercept(), _trainLoss(), shapley, _proof());
    }

    // --- independent re-implementation of the public-input encodings ----------------------------

    function _field(int256 v) internal pure returns (bytes32) {
        if (v >= 0) return bytes32(uint256(v));
        return bytes32(P - uint256(-v));
    }

    function _context(uint256 id) internal view returns (bytes32) {
        return bytes32(uint256(keccak256(abi.encode(block.chainid, address(inc), id))) % P);
    }

    function _expectedInputs(
        uint256 id,
        int256[] memory weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] memory shapley
    ) internal view returns (bytes32[] memory x) {
        IZKMLIncentives.Provider[] memory all = inc.getProviders(id);
        uint256[] memory slots = inc.getDelivered(id);
        IZKMLIncentives.Provider[] memory ps = new IZKMLIncentives.Provider[](slots.length);
        for (uint256 i; i < slots.length; ++i) {
            ps[i] = all[slots[i]];
        }
        IZKMLIncentives.Round memory r = inc.getRound(id);
        x = new bytes32[](1 + K + K + 1 + 1 + 1 + D + 1 + 1 + K);
        uint256 o;
        x[o++] = _context(id);
        for (uint256 i; i < K; ++i) {
            x[o++] = i < ps.length ? bytes32(ps[i].statsCommitment) : bytes32(0);
        }
        for (uint256 i; i < K; ++i) {
            x[o++] = i < ps.length ? bytes32(uint256(uint160(ps[i].account))) : bytes32(0);
        }
        x[o++] = bytes32(r.validationCommitment);
        x[o++] = bytes32(uint256(ps.length));
        x[o++] = bytes32(uint256(r.lambda));
        for (uint256 i; i < D; ++i) {
            x[o++] = _field(weights[i]);
        }
        x[o++] = _field(intercept);
        x[o++] = bytes32(trainLoss);
        for (uint256 i; i < K; ++i) {
            x[o++] = _field(shapley[i]);
        }
        assertEq(o, ZkmlLayout.NUM_PUBLIC_INPUTS, "layout length");
    }

    function _expectedRegistrationInputs(
        uint256 id,
        address payee,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 rows,
        uint256[2] memory ek,
        uint256[] memory ct
    ) internal view returns (bytes32[] memory x) {
        IZKMLIncentives.Round memory r = inc.getRound(id);
        x = new bytes32[](9 + ct.length);
        x[0] = _context(id);
        x[1] = bytes32(uint256(uint160(payee)));
        x[2] = bytes32(commitment);
        x[3] = bytes32(statsCommitment);
        x[4] = bytes32(rows);
        x[5] = bytes32(r.ownerKeyX);
        x[6] = bytes32(r.ownerKeyY);
        x[7] = bytes32(ek[0]);
        x[8] = bytes32(ek[1]);
        for (uint256 i; i < ct.length; ++i) {
            x[9 + i] = bytes32(ct[i]);
        }
    }
}
