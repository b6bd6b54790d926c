// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {ZKMLIncentives} from "../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../contracts/interfaces/IZKMLIncentives.sol";
import {IHonkVerifier} from "../../contracts/interfaces/IHonkVerifier.sol";
import {ZkmlLayout} from "../../contracts/generated/ZkmlLayout.sol";
import {AcceptAllVerifier, FixtureReplayVerifier} from "./mocks/MockVerifiers.sol";
import {MockERC20} from "./mocks/MockTokens.sol";
import {TestShapes} from "./utils/IncentivesBase.sol";
import {ProofFixture} from "./utils/ProofFixture.sol";

/// @notice Gas of a whole transaction: 21,000 + calldata (16 per non-zero byte, 4 per zero byte) +
///         execution. (EIP-7623's floor of 10 per calldata token does not bind for these calls.)
abstract contract TxGas is Test {
    function _intrinsic(bytes memory data) internal pure returns (uint256 gas) {
        gas = 21_000;
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }
}

/// @notice One operation per test, recorded with `vm.snapshotGasLastCall` in
///         `snapshots/ZKMLIncentivesGasTest.json` (`npm run -s forge -- test --match-contract Gas`). Storage is cold
///         as in a real transaction (set-up is a separate call); the figures exclude the 21,000 base cost
///         and calldata unless named `_tx`. Verifiers here accept everything (mocks): add the verifier's
///         cost, or see {ZKMLIncentivesRealVerifierGasTest}.
contract ZKMLIncentivesGasTest is TxGas {
    uint256 internal constant K = ZkmlLayout.K;
    uint256 internal constant VC = 0x0abe3ead8180f7c3db36087a813f6844932d5b362caa70ba4a7541955b1d7dd1;

    ZKMLIncentives internal inc;
    MockERC20 internal token;
    address internal owner = makeAddr("owner");
    address[] internal providers;
    uint256 internal c;

    uint256 internal constant DEPOSIT = 0.01 ether;

    uint256 internal roundOpen; // registration, 0 providers
    uint256 internal roundSeven; // registration, 7 providers
    uint256 internal roundDeliverFirst; // delivery, 8 registered, none delivered
    uint256 internal roundDeliverLast; // delivery, 8 registered, 7 delivered
    uint256 internal roundK1; // submission, 1 provider
    uint256 internal roundK8; // submission, 8 providers
    uint256 internal roundEmpty; // registration closed, no provider
    uint256 internal roundSettled; // settled (φ), ETH
    uint256 internal roundSettledToken; // settled (φ), ERC20
    uint256 internal roundExpired; // expired with 8 providers
    uint256 internal regPeriod = 1 days;

    function setUp() public {
        vm.warp(1_700_000_000);
        IHonkVerifier accept = IHonkVerifier(address(new AcceptAllVerifier()));
        inc = new ZKMLIncentives(TestShapes.one(TestShapes.k8d1n128(accept, accept, accept)));
        c = inc.getShape(0).ciphertextLength;
        token = new MockERC20("Token", "TKN");
        for (uint256 i; i < K; ++i) {
            providers.push(makeAddr(string.concat("provider", vm.toString(i))));
            vm.deal(providers[i], 10 ether);
            token.mint(providers[i], 10 ether);
            vm.prank(providers[i]);
            token.approve(address(inc), type(uint256).max);
        }
        vm.deal(owner, 1_000 ether);
        token.mint(owner, 1_000 ether);
        vm.prank(owner);
        token.approve(address(inc), type(uint256).max);

        roundEmpty = _create(address(0));
        roundSettled = _create(address(0));
        roundSettledToken = _create(address(token));
        roundExpired = _create(address(0));
        _register(roundSettled, K, 0);
        _register(roundSettledToken, K, 0);
        _register(roundExpired, K, 0);
        vm.warp(block.timestamp + 1 days);
        _deliver(roundSettled, 0, K, 0);
        _deliver(roundSettledToken, 0, K, 0);
        _deliver(roundExpired, 0, K, 0);
        inc.submit(roundSettled, new int256[](ZkmlLayout.D), 0, 0, _phi(K), hex"00");
        inc.submit(roundSettledToken, new int256[](ZkmlLayout.D), 0, 0, _phi(K), hex"00");
        // credits for the withdraw tests
        inc.claim(roundSettled, 0);
        inc.claim(roundSettledToken, 0);
        vm.warp(block.timestamp + 1 days + 2 days + 1);
        roundOpen = _create(address(0));
        roundSeven = _create(address(0));
        _register(roundSeven, K - 1, 100);
        regPeriod = 1 hours;
        roundK1 = _create(address(0));
        roundK8 = _create(address(token));
        roundDeliverFirst = _create(address(0));
        roundDeliverLast = _create(address(0));
        _register(roundK1, 1, 0);
        _register(roundK8, K, 0);
        _register(roundDeliverFirst, K, 200);
        _register(roundDeliverLast, K, 300);
        vm.warp(block.timestamp + 1 hours);
        _deliver(roundK1, 0, 1, 0);
        _deliver(roundK8, 0, K, 0);
        _deliver(roundDeliverLast, 0, K - 1, 300);
        // roundK1 and roundK8 are in their submission window (everyone delivered), the two delivery rounds
        // in their delivery window, roundOpen and roundSeven still registering.
        regPeriod = 1 days;
    }

    function _params(address asset) internal view returns (IZKMLIncentives.RoundParams memory p) {
        p.asset = asset;
        p.amount = 1 ether;
        p.validationCommitment = VC;
        p.validationRows = 6;
        p.lambda = 100;
        p.maxProviders = K;
        p.deposit = DEPOSIT;
        p.reservePerRow = type(uint256).max;
        p.registrationDeadline = uint64(block.timestamp + regPeriod);
        p.deliveryDeadline = p.registrationDeadline + 1 days;
        p.submissionDeadline = p.deliveryDeadline + 2 days;
        p.ownerKey = [TestShapes.GX, TestShapes.GY];
    }

    function _create(address asset) internal returns (uint256 id) {
        vm.prank(owner);
        id = inc.createRound{value: asset == address(0) ? 1 ether : 0}(_params(asset), hex"00");
    }

    function _ciphertext(uint256 seed) internal view returns (uint256[] memory ct) {
        ct = new uint256[](c);
        for (uint256 i; i < c; ++i) {
            ct[i] = uint256(keccak256(abi.encode(seed, i))) % ZkmlLayout.FIELD_MODULUS;
        }
    }

    function _value(uint256 id) internal view returns (uint256) {
        return inc.getRound(id).asset == address(0) ? DEPOSIT : 0;
    }

    function _register(uint256 id, uint256 n, uint256 salt) internal {
        uint256 value = _value(id);
        for (uint256 i; i < n; ++i) {
            vm.prank(providers[i]);
            inc.register{value: value}(id, salt + i + 1, TestShapes.stats(salt + i + 1), 16);
        }
    }

    /// Delivers slots [from, to) of `id` (registered by `_register(id, …, salt)`).
    function _deliver(uint256 id, uint256 from, uint256 to, uint256 salt) internal {
        for (uint256 i = from; i < to; ++i) {
            vm.prank(providers[i]);
            inc.deliver(id, [TestShapes.GX, TestShapes.GY], _ciphertext(salt + i), hex"00");
        }
    }

    /// φ: the first `n` entries positive and distinct, the rest 0.
    function _phi(uint256 n) internal pure returns (int256[] memory phi) {
        phi = new int256[](K);
        for (uint256 i; i < n; ++i) {
            phi[i] = int256(100_000_000 + i * 12_345_678);
        }
    }

    function test_gas_createRound_eth() public {
        IZKMLIncentives.RoundParams memory p = _params(address(0));
        vm.prank(owner);
        inc.createRound{value: 1 ether}(p, hex"00");
        vm.snapshotGasLastCall("createRound_eth");
    }

    function test_gas_createRound_erc20() public {
        IZKMLIncentives.RoundParams memory p = _params(address(token));
        vm.prank(owner);
        inc.createRound(p, hex"00");
        vm.snapshotGasLastCall("createRound_erc20");
    }

    function test_gas_register_first() public {
        vm.prank(providers[0]);
        inc.register{value: DEPOSIT}(roundOpen, 1, TestShapes.stats(1), 16);
        vm.snapshotGasLastCall("register_first");
    }

    function test_gas_register_eighth() public {
        vm.prank(owner);
        inc.register{value: DEPOSIT}(roundSeven, 1, TestShapes.stats(1), 16);
        uint256 execution = vm.snapshotGasLastCall("register_eighth");
        bytes memory data = abi.encodeCall(ZKMLIncentives.register, (roundSeven, 1, TestShapes.stats(1), 16));
        vm.snapshotValue("register_eighth_tx", execution + _intrinsic(data));
    }

    function test_gas_deliver_first_excludingVerifier() public {
        uint256[] memory ct = _ciphertext(200);
        vm.prank(providers[0]);
        inc.deliver(roundDeliverFirst, [TestShapes.GX, TestShapes.GY], ct, hex"00");
        vm.snapshotGasLastCall("deliver_first_excludingVerifier");
    }

    function test_gas_deliver_eighth_excludingVerifier() public {
        uint256[] memory ct = _ciphertext(300 + K - 1);
        vm.prank(providers[K - 1]);
        inc.deliver(roundDeliverLast, [TestShapes.GX, TestShapes.GY], ct, hex"00");
        uint256 execution = vm.snapshotGasLastCall("deliver_eighth_excludingVerifier");
        // The whole transaction without the verifier: calldata of C = 46 elements and an empty proof.
        bytes memory data = abi.encodeCall(
            ZKMLIncentives.deliver, (roundDeliverLast, [TestShapes.GX, TestShapes.GY], ct, new bytes(0))
        );
        vm.snapshotValue("deliver_eighth_tx_excludingVerifierAndProof", execution + _intrinsic(data));
    }

    function test_gas_submit_k1_excludingVerifier() public {
        inc.submit(roundK1, new int256[](ZkmlLayout.D), -5, 7, _phi(1), hex"00");
        vm.snapshotGasLastCall("submit_k1_excludingVerifier");
    }

    function test_gas_submit_k8_excludingVerifier() public {
        inc.submit(roundK8, new int256[](ZkmlLayout.D), -5, 7, _phi(K), hex"00");
        vm.snapshotGasLastCall("submit_k8_excludingVerifier");
    }

    function test_gas_claim_shapley() public {
        inc.claim(roundSettled, 5);
        vm.snapshotGasLastCall("claim_shapley");
    }

    function test_gas_claim_expiredByRows() public {
        inc.claim(roundExpired, 5);
        vm.snapshotGasLastCall("claim_expiredByRows");
    }

    function test_gas_reclaim() public {
        vm.prank(owner);
        inc.reclaim(roundEmpty);
        vm.snapshotGasLastCall("reclaim");
    }

    function test_gas_withdraw_eth() public {
        vm.prank(providers[0]);
        inc.withdraw(address(0));
        vm.snapshotGasLastCall("withdraw_eth");
    }

    function test_gas_withdraw_erc20() public {
        vm.prank(providers[0]);
        inc.withdraw(address(token));
        vm.snapshotGasLastCall("withdraw_erc20");
    }
}

/// @notice `createRound` with the REAL optimized validation verifier (ValidationK8d1n128HonkVerifierOptimized)
///         checking the real validation proof of `test/fixtures/validation_k8d1n128.json` (the fixture round's
///         validation set), and `submit` with 8 providers and the REAL optimized verifier (ZkmlK8d1n128HonkVerifierOptimized) checking
///         the real proof of `test/fixtures/zkml_round.json`: the settlement verifier is a
///         {FixtureReplayVerifier}, which verifies the fixture's proof against the fixture's public inputs
///         whatever it is called with (the fixture has 3 providers; verification cost does not depend on
///         the values of the 31 public inputs). The calldata carries the real proof. Issue 10 asks
///         ≤ 1.0M gas for the whole transaction: `submit_k8_realOptimizedVerifier_tx`.
contract ZKMLIncentivesRealVerifierGasTest is TxGas {
    uint256 internal constant K = ZkmlLayout.K;

    ZKMLIncentives internal inc;
    ProofFixture.Data internal fixture;
    ProofFixture.Validation internal validation;
    uint256 internal roundK8;
    address internal owner = makeAddr("owner");

    function setUp() public {
        vm.warp(1_700_000_000);
        fixture = ProofFixture.load("zkml_round");
        validation = ProofFixture.loadValidation("validation_k8d1n128");
        IHonkVerifier realValidation = IHonkVerifier(
            deployCode("ValidationK8d1n128HonkVerifierOptimized.sol:ValidationK8d1n128HonkVerifierOptimized")
        );
        IHonkVerifier real =
            IHonkVerifier(deployCode("ZkmlK8d1n128HonkVerifierOptimized.sol:ZkmlK8d1n128HonkVerifierOptimized"));
        IHonkVerifier replay = IHonkVerifier(address(new FixtureReplayVerifier(real, fixture.publicInputs)));
        IHonkVerifier accept = IHonkVerifier(address(new AcceptAllVerifier()));
        inc = new ZKMLIncentives(TestShapes.one(TestShapes.k8d1n128(replay, accept, realValidation)));
        vm.deal(owner, 2 ether);
        vm.prank(owner);
        roundK8 = inc.createRound{value: 1 ether}(_params(), validation.proof);
        uint256 c = inc.getShape(0).ciphertextLength;
        for (uint256 i; i < K; ++i) {
            address who = makeAddr(string.concat("provider", vm.toString(i)));
            vm.deal(who, 1 ether);
            vm.prank(who);
            inc.register{value: 0.01 ether}(roundK8, i + 1, TestShapes.stats(i + 1), 16);
        }
        vm.warp(block.timestamp + 1 days);
        for (uint256 i; i < K; ++i) {
            vm.prank(makeAddr(string.concat("provider", vm.toString(i))));
            inc.deliver(roundK8, [TestShapes.GX, TestShapes.GY], new uint256[](c), hex"00");
        }
    }

    function _params() internal view returns (IZKMLIncentives.RoundParams memory p) {
        p.amount = 1 ether;
        p.validationCommitment = validation.statsCommitment;
        p.validationRows = validation.numRows;
        p.lambda = 100;
        p.maxProviders = K;
        p.deposit = 0.01 ether;
        p.reservePerRow = type(uint256).max;
        p.registrationDeadline = uint64(block.timestamp + 1 days);
        p.deliveryDeadline = uint64(block.timestamp + 2 days);
        p.submissionDeadline = uint64(block.timestamp + 4 days);
        p.ownerKey = [TestShapes.GX, TestShapes.GY];
    }

    /// createRound (ETH) verifying the real validation proof: the execution and the whole transaction
    /// (calldata of the proof included). Reported in contracts/README.md's gas table.
    function test_gas_createRound_realOptimizedValidationVerifier() public {
        IZKMLIncentives.RoundParams memory p = _params();
        vm.prank(owner);
        uint256 id = inc.createRound{value: 1 ether}(p, validation.proof);
        uint256 execution = vm.snapshotGasLastCall("createRound_realOptimizedValidationVerifier");
        bytes memory data = abi.encodeCall(ZKMLIncentives.createRound, (p, validation.proof));
        vm.snapshotValue("createRound_realOptimizedValidationVerifier_tx", execution + _intrinsic(data));
        assertEq(inc.getRound(id).validationCommitment, validation.statsCommitment);
        assertEq(inc.getRound(id).validationRows, validation.numRows);
    }

    function test_gas_submit_k8_realOptimizedVerifier() public {
        int256[] memory phi = new int256[](K);
        for (uint256 i; i < K; ++i) {
            phi[i] = int256(37_000_000 - int256(i) * 1_234_567);
        }
        int256[] memory w = new int256[](ZkmlLayout.D);
        w[0] = 64_264_885;
        inc.submit(roundK8, w, -66_724_787, 165_014_446, phi, fixture.proof);
        uint256 execution = vm.snapshotGasLastCall("submit_k8_realOptimizedVerifier");
        bytes memory data =
            abi.encodeCall(ZKMLIncentives.submit, (roundK8, w, -66_724_787, 165_014_446, phi, fixture.proof));
        uint256 total = execution + _intrinsic(data);
        vm.snapshotValue("submit_k8_realOptimizedVerifier_tx", total);
        assertLe(total, 1_000_000, "issue 10: submit with 8 providers and the optimized verifier <= 1.0M gas");
        assertEq(uint256(inc.getRound(roundK8).status), uint256(IZKMLIncentives.RoundStatus.Settled));
    }
}
