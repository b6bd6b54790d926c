// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ZkmlLayout} from "./generated/ZkmlLayout.sol";
import {IHonkVerifier} from "./interfaces/IHonkVerifier.sol";
import {IZKMLIncentives} from "./interfaces/IZKMLIncentives.sol";
import {Payout} from "./libraries/Payout.sol";

/// @title ZKMLIncentives
/// @notice Incentive rounds for data providers, settled by a zero-knowledge proof of ridge-regression
///         training and of the providers' exact Shapley values (UltraHonk, verified on-chain).
/// @dev Trust model and invariants: `contracts/README.md`. Summary:
///      - No admin, no upgrade, no owner power over funds: the verifier is immutable; a round's owner
///        can only create it and, after expiry, reclaim its escrow.
///      - The contract assembles the public inputs itself (context, commitments, k, λ, validation
///        commitment from storage; model, loss and Shapley values from the caller), so a proof can
///        neither be replayed on another round/contract/chain nor settle different numbers.
///      - Pull payments only: settlement and reclaim credit balances; `withdraw` transfers.
///      - Every state-changing entry point is `nonReentrant` (transient-storage guard, EIP-1153).
///      - ERC20 escrow is measured by balance difference and must equal the requested amount
///        (fee-on-transfer tokens are refused); rebasing tokens are unsupported.
contract ZKMLIncentives is IZKMLIncentives, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Maximum number of providers per round (the circuit's capacity K).
    uint256 public constant MAX_PROVIDERS = ZkmlLayout.K;
    /// @notice Number of model weights (the circuit's D).
    uint256 public constant NUM_FEATURES = ZkmlLayout.D;
    /// @notice Exclusive bound on |weights|, |intercept|, |shapley| and on trainLoss (2^120).
    uint256 public constant VALUE_BOUND = 1 << 120;
    /// @notice Exclusive bound on λ·10^4 (2^40, as range-checked by the circuit).
    uint256 public constant LAMBDA_BOUND = 1 << 40;
    int256 private constant _SIGNED_VALUE_BOUND = 2 ** 120;

    /// @inheritdoc IZKMLIncentives
    IHonkVerifier public immutable override VERIFIER;

    /// @inheritdoc IZKMLIncentives
    uint256 public override roundCount;

    /// @inheritdoc IZKMLIncentives
    mapping(address account => mapping(address asset => uint256 amount)) public override credits;

    mapping(uint256 roundId => Round) private _rounds;
    /// @dev Provider slots in registration order; only the first `numProviders` are set.
    mapping(uint256 roundId => mapping(uint256 index => Provider)) private _providers;

    struct Provider {
        address account;
        uint256 commitment;
    }

    /// @notice Deploys the contract for one verifier, fixed for its lifetime.
    /// @param verifier The UltraHonk verifier of the zkml circuit (must have code).
    constructor(IHonkVerifier verifier) {
        if (address(verifier).code.length == 0) revert InvalidVerifier(address(verifier));
        VERIFIER = verifier;
    }

    // ---------------------------------------------------------------------------------------------
    // State-changing functions
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IZKMLIncentives
    function createRound(
        address asset,
        uint256 amount,
        uint256 validationCommitment,
        uint256 lambda,
        uint256 maxProviders,
        uint64 registrationDeadline,
        uint64 submissionDeadline
    ) external payable override nonReentrant returns (uint256 roundId) {
        _checkRoundParameters(
            asset, amount, validationCommitment, lambda, maxProviders, registrationDeadline, submissionDeadline
        );

        roundId = ++roundCount;
        _rounds[roundId] = Round({
            owner: msg.sender,
            registrationDeadline: registrationDeadline,
            maxProviders: SafeCast.toUint8(maxProviders),
            numProviders: 0,
            status: RoundStatus.Open,
            asset: asset,
            submissionDeadline: submissionDeadline,
            amount: amount,
            validationCommitment: validationCommitment,
            lambda: lambda
        });
        emit RoundCreated(
            roundId,
            msg.sender,
            asset,
            amount,
            validationCommitment,
            lambda,
            maxProviders,
            registrationDeadline,
            submissionDeadline
        );

        if (asset != address(0)) {
            // Escrow measured by balance difference; it must be exact (see contracts/README.md).
            IERC20 token = IERC20(asset);
            uint256 before = token.balanceOf(address(this));
            token.safeTransferFrom(msg.sender, address(this), amount);
            uint256 balanceAfter = token.balanceOf(address(this));
            uint256 received = balanceAfter > before ? balanceAfter - before : 0;
            if (received != amount) revert TransferAmountMismatch(amount, received);
        }
    }

    /// @inheritdoc IZKMLIncentives
    function register(uint256 roundId, uint256 commitment) external override nonReentrant returns (uint256 index) {
        Round storage round = _existing(roundId);
        // A round cannot be settled or reclaimed before its registration deadline, so this also
        // guarantees the round is open.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= round.registrationDeadline) revert RegistrationClosed(roundId);
        if (commitment == 0 || commitment >= ZkmlLayout.FIELD_MODULUS) revert InvalidCommitment(commitment);
        index = round.numProviders;
        if (index >= round.maxProviders) revert RoundFull(roundId);
        mapping(uint256 index => Provider) storage providers = _providers[roundId];
        for (uint256 i; i < index; ++i) {
            if (providers[i].account == msg.sender) revert AlreadyRegistered(roundId, msg.sender);
            if (providers[i].commitment == commitment) revert DuplicateCommitment(roundId, commitment);
        }
        providers[index] = Provider({account: msg.sender, commitment: commitment});
        round.numProviders = SafeCast.toUint8(index + 1);
        emit ProviderRegistered(roundId, msg.sender, index, commitment);
    }

    /// @inheritdoc IZKMLIncentives
    function submit(
        uint256 roundId,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley,
        bytes calldata proof
    ) external override nonReentrant {
        Round storage round = _existing(roundId);
        if (round.status != RoundStatus.Open) revert RoundNotOpen(roundId, round.status);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < round.registrationDeadline) revert SubmissionNotOpen(roundId);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > round.submissionDeadline) revert SubmissionClosed(roundId);

        _verify(_publicInputs(roundId, round, weights, intercept, trainLoss, shapley), proof);

        round.status = RoundStatus.Settled;
        uint256 remainder = _pay(roundId, round, shapley);
        emit RoundSettled(roundId, msg.sender, weights, intercept, trainLoss, shapley, remainder);
    }

    /// @inheritdoc IZKMLIncentives
    function reclaim(uint256 roundId) external override nonReentrant {
        Round storage round = _existing(roundId);
        if (msg.sender != round.owner) revert NotRoundOwner(roundId, msg.sender);
        if (round.status != RoundStatus.Open) revert RoundNotOpen(roundId, round.status);
        if (!_expired(round)) revert RoundNotExpired(roundId);
        round.status = RoundStatus.Reclaimed;
        uint256 amount = round.amount;
        emit RoundReclaimed(roundId, msg.sender, amount);
        _credit(roundId, msg.sender, round.asset, amount);
    }

    /// @inheritdoc IZKMLIncentives
    function withdraw(address asset) external override nonReentrant returns (uint256 amount) {
        amount = credits[msg.sender][asset];
        if (amount == 0) revert NothingToWithdraw(asset);
        credits[msg.sender][asset] = 0;
        emit Withdrawn(msg.sender, asset, amount);
        if (asset == address(0)) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok,) = payable(msg.sender).call{value: amount}("");
            if (!ok) revert EthTransferFailed(msg.sender, amount);
        } else {
            IERC20(asset).safeTransfer(msg.sender, amount);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IZKMLIncentives
    function getRound(uint256 roundId) external view override returns (Round memory) {
        return _existing(roundId);
    }

    /// @inheritdoc IZKMLIncentives
    function getProviders(uint256 roundId)
        external
        view
        override
        returns (address[] memory accounts, uint256[] memory commitments)
    {
        uint256 k = _existing(roundId).numProviders;
        mapping(uint256 index => Provider) storage providers = _providers[roundId];
        accounts = new address[](k);
        commitments = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            accounts[i] = providers[i].account;
            commitments[i] = providers[i].commitment;
        }
    }

    /// @inheritdoc IZKMLIncentives
    function phase(uint256 roundId) external view override returns (Phase) {
        Round storage round = _existing(roundId);
        if (round.status == RoundStatus.Settled) return Phase.Settled;
        if (round.status == RoundStatus.Reclaimed) return Phase.Reclaimed;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < round.registrationDeadline) return Phase.Registration;
        return _expired(round) ? Phase.Expired : Phase.Submission;
    }

    /// @inheritdoc IZKMLIncentives
    function roundContext(uint256 roundId) public view override returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), roundId))) % ZkmlLayout.FIELD_MODULUS;
    }

    /// @inheritdoc IZKMLIncentives
    function publicInputs(
        uint256 roundId,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley
    ) external view override returns (bytes32[] memory inputs) {
        return _publicInputs(roundId, _existing(roundId), weights, intercept, trainLoss, shapley);
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _checkRoundParameters(
        address asset,
        uint256 amount,
        uint256 validationCommitment,
        uint256 lambda,
        uint256 maxProviders,
        uint64 registrationDeadline,
        uint64 submissionDeadline
    ) private view {
        if (amount == 0) revert ZeroAmount();
        if (validationCommitment == 0 || validationCommitment >= ZkmlLayout.FIELD_MODULUS) {
            revert InvalidValidationCommitment(validationCommitment);
        }
        if (lambda >= LAMBDA_BOUND) revert LambdaOutOfRange(lambda);
        if (maxProviders == 0 || maxProviders > MAX_PROVIDERS) revert InvalidMaxProviders(maxProviders);
        // forge-lint: disable-next-line(block-timestamp)
        if (registrationDeadline <= block.timestamp || submissionDeadline <= registrationDeadline) {
            revert InvalidDeadlines(registrationDeadline, submissionDeadline);
        }
        uint256 expectedValue = asset == address(0) ? amount : 0;
        if (msg.value != expectedValue) revert EthAmountMismatch(msg.value, expectedValue);
    }

    function _existing(uint256 roundId) private view returns (Round storage round) {
        if (roundId == 0 || roundId > roundCount) revert RoundNotFound(roundId);
        return _rounds[roundId];
    }

    /// @dev An open round can no longer be settled: the submission deadline passed, or registration
    ///      closed without any provider.
    function _expired(Round storage round) private view returns (bool) {
        uint256 nowTs = block.timestamp;
        return nowTs > round.submissionDeadline || (nowTs >= round.registrationDeadline && round.numProviders == 0);
    }

    /// @dev The verifier is a fixed, trusted contract called with STATICCALL (`view`): it cannot change
    ///      state. A `false` result and a revert are both a rejection, and the whole submission reverts.
    function _verify(bytes32[] memory inputs, bytes calldata proof) private view {
        try VERIFIER.verify(proof, inputs) returns (bool valid) {
            if (!valid) revert InvalidProof();
        } catch {
            revert InvalidProof();
        }
    }

    /// @dev Credits the providers' rewards and the owner's remainder (Payout.split); returns the remainder.
    function _pay(uint256 roundId, Round storage round, int256[] calldata shapley) private returns (uint256 remainder) {
        address asset = round.asset;
        uint256[] memory rewards;
        (rewards, remainder) = Payout.split(round.amount, shapley);
        mapping(uint256 index => Provider) storage providers = _providers[roundId];
        uint256 k = round.numProviders;
        // Slots ≥ k have φ = 0 (checked in _publicInputs), hence reward 0.
        for (uint256 i; i < k; ++i) {
            uint256 reward = rewards[i];
            if (reward != 0) _credit(roundId, providers[i].account, asset, reward);
        }
        if (remainder != 0) _credit(roundId, round.owner, asset, remainder);
    }

    function _credit(uint256 roundId, address account, address asset, uint256 amount) private {
        credits[account][asset] += amount;
        emit Credited(roundId, account, asset, amount);
    }

    /// @dev The public-input vector in the layout of `ZkmlLayout` (ts/protocol/layout.ts).
    function _publicInputs(
        uint256 roundId,
        Round storage round,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley
    ) private view returns (bytes32[] memory inputs) {
        uint256 k = round.numProviders;
        if (k == 0) revert NoProviders(roundId);
        if (weights.length != ZkmlLayout.D) revert WrongWeightsLength(ZkmlLayout.D, weights.length);
        if (shapley.length != ZkmlLayout.K) revert WrongShapleyLength(ZkmlLayout.K, shapley.length);
        if (trainLoss >= VALUE_BOUND) revert TrainLossOutOfRange(trainLoss);

        inputs = new bytes32[](ZkmlLayout.NUM_PUBLIC_INPUTS);
        inputs[ZkmlLayout.OFFSET_CONTEXT] = bytes32(roundContext(roundId));
        mapping(uint256 index => Provider) storage providers = _providers[roundId];
        // Unused slots (≥ k) stay 0, as the circuit requires. Each commitment binds the address that
        // registered it (its payee), so a commitment copied by another address cannot be proven.
        for (uint256 i; i < k; ++i) {
            Provider storage provider = providers[i];
            inputs[ZkmlLayout.OFFSET_COMMITMENTS + i] = bytes32(provider.commitment);
            inputs[ZkmlLayout.OFFSET_PAYEES + i] = bytes32(uint256(uint160(provider.account)));
        }
        inputs[ZkmlLayout.OFFSET_VALIDATION_COMMITMENT] = bytes32(round.validationCommitment);
        inputs[ZkmlLayout.OFFSET_NUM_PROVIDERS] = bytes32(k);
        inputs[ZkmlLayout.OFFSET_LAMBDA] = bytes32(round.lambda);
        for (uint256 i; i < ZkmlLayout.D; ++i) {
            inputs[ZkmlLayout.OFFSET_WEIGHTS + i] = _signed(weights[i]);
        }
        inputs[ZkmlLayout.OFFSET_INTERCEPT] = _signed(intercept);
        inputs[ZkmlLayout.OFFSET_TRAIN_LOSS] = bytes32(trainLoss);
        for (uint256 i; i < ZkmlLayout.K; ++i) {
            int256 phi = shapley[i];
            if (i >= k && phi != 0) revert UnusedSlotNotZero(i);
            inputs[ZkmlLayout.OFFSET_SHAPLEY + i] = _signed(phi);
        }
    }

    /// @dev Signed value → field element: v ≥ 0 ↦ v, v < 0 ↦ p − |v|; |v| must be below 2^120,
    ///      which makes the encoding injective and matches the circuit's range checks.
    function _signed(int256 v) private pure returns (bytes32) {
        if (v >= _SIGNED_VALUE_BOUND || v <= -_SIGNED_VALUE_BOUND) revert ValueOutOfRange(v);
        // forge-lint: disable-next-line(unsafe-typecast)
        return v >= 0 ? bytes32(uint256(v)) : bytes32(ZkmlLayout.FIELD_MODULUS - uint256(-v));
    }
}
