// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ZkmlLayout} from "./generated/ZkmlLayout.sol";
import {IHonkVerifier} from "./interfaces/IHonkVerifier.sol";
import {IZKMLIncentives} from "./interfaces/IZKMLIncentives.sol";
import {Grumpkin} from "./libraries/Grumpkin.sol";
import {Payout} from "./libraries/Payout.sol";
import {PublicInputs} from "./libraries/PublicInputs.sol";

/// @title ZKMLIncentives
/// @notice Fair incentive rounds for data providers. A provider registers by delivering its rows,
///         encrypted to the round owner's Grumpkin key, with a zero-knowledge proof that the ciphertext
///         opens its commitment; a zero-knowledge proof of ridge-regression training and of the exact
///         Shapley values settles the round; the escrow always goes to the providers once one registered.
/// @dev Properties F1–F6, the mechanism, the remaining trust and the Sybil analysis: `contracts/README.md`.
///      - No admin, no upgrade, no owner power over funds: shapes and verifiers are fixed at deployment;
///        a round's owner can reclaim only a round that no provider entered.
///      - The contract assembles both circuits' public inputs itself (`PublicInputs`), from storage and
///        msg.sender, so a proof can neither be replayed on another round/contract/chain nor settle
///        other numbers, and a copied registration fails at its proof.
///      - Lazy, pull payments: settlement stores prefix sums of max(φ, 0); each provider `claim`s its
///        share (cumulative rounding, `Payout`), then `withdraw`s.
///      - Every state-changing entry point is `nonReentrant` (transient-storage guard, EIP-1153).
///      - ERC20 escrow is measured by balance difference and must equal the requested amount
///        (fee-on-transfer tokens are refused); rebasing tokens are unsupported.
contract ZKMLIncentives is IZKMLIncentives, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Smallest accepted λ·10^4 (λ ≥ 0.01): every coalition's normal matrix XᵀX + λI is then
    ///         positive definite, so no accepted dataset makes a round unprovable (F4).
    uint256 public constant MIN_LAMBDA = 100;
    /// @notice Exclusive bound on λ·10^4 (2^40, as range-checked by the circuit).
    uint256 public constant LAMBDA_BOUND = 1 << 40;
    /// @notice Minimum time from round creation to the registration deadline (F5): long enough for a
    ///         provider to prove and send its registration.
    uint256 public constant MIN_REGISTRATION_PERIOD = 1 hours;
    /// @notice Minimum time from the registration deadline to the submission deadline (F5): long enough
    ///         for the owner to decrypt the registrations, prove the settlement and submit it.
    uint256 public constant MIN_SUBMISSION_PERIOD = 1 days;
    /// @notice Exclusive bound on |weights|, |intercept|, |shapley| and on trainLoss (2^120).
    uint256 public constant VALUE_BOUND = PublicInputs.VALUE_BOUND;
    /// @notice Maximum number of shapes of one deployment.
    uint256 public constant MAX_SHAPES = 256;
    /// @notice Maximum K of a shape (bounds every loop over providers).
    uint256 public constant MAX_SHAPE_K = 32;
    /// @notice Maximum D of a shape (one row must fit a field element: 1 + 35·(D+1) ≤ 253).
    uint256 public constant MAX_SHAPE_D = 6;

    uint256 private constant _P = ZkmlLayout.FIELD_MODULUS;
    /// @dev Marks a prefix word as allocated. Prefix sums are below 2^125 (≤ 32 values below 2^120), so
    ///      bit 255 is free. `createRound` writes the marker into every word the round may use, so that
    ///      `submit` rewrites warm, non-zero slots (~5k gas each) instead of filling empty ones (~22k each):
    ///      the owner pays that storage when opening the round, and settlement with 8 providers stays
    ///      under 1.0M gas with the optimized verifier.
    uint256 private constant _PREFIX_MARKER = 1 << 255;
    uint256 private constant _PREFIX_MASK = (1 << 127) - 1;

    /// @dev A shape packed in three slots (verifier + K, D, N_TRAIN, N_VAL = 240 bits; verifier + C + N_PROVIDER
    ///      = 224 bits; the validation verifier); `submit` reads only the first. The linter's heuristic does not
    ///      see the slot layout.
    // solhint-disable-next-line gas-struct-packing
    struct StoredShape {
        IHonkVerifier settlementVerifier;
        uint8 k;
        uint8 d;
        uint32 nTrain;
        uint32 nVal;
        IHonkVerifier registrationVerifier;
        uint32 ciphertextLength;
        uint32 maxProviderRows;
        IHonkVerifier validationVerifier;
    }

    StoredShape[] private _shapes;

    /// @inheritdoc IZKMLIncentives
    uint256 public override roundCount;

    /// @inheritdoc IZKMLIncentives
    mapping(address account => mapping(address asset => uint256 amount)) public override credits;

    mapping(uint256 roundId => Round) private _rounds;
    /// @dev Provider slots in registration order; only the first `numProviders` are set.
    mapping(uint256 roundId => mapping(uint256 index => Provider)) private _providers;
    /// @dev Slot + 1 of a registered address, 0 when not registered.
    mapping(uint256 roundId => mapping(address account => uint256 slotPlusOne)) private _slotOf;
    /// @dev Allowlist of restricted rounds.
    mapping(uint256 roundId => mapping(address account => bool)) private _allowed;
    /// @dev Settled rounds: prefix sums S_i = Σ_{j ≤ i} max(φ_j, 0), two per word (S_{2w} in bits 0..126,
    ///      S_{2w+1} in bits 128..254), bit 255 the allocation marker.
    mapping(uint256 roundId => mapping(uint256 word => uint256 packed)) private _phiPrefix;

    /// @notice Deploys the contract with its circuit shapes, fixed for its lifetime (shape id = index).
    /// @dev Reverts NoShapes, TooManyShapes, InvalidShape, WrongCiphertextLength, InvalidVerifier.
    /// @param shapes Each shape's K, D, N_TRAIN, N_PROVIDER (1..N_TRAIN), N_VAL, ciphertext length C
    ///        (from D and N_PROVIDER) and its three verifiers.
    constructor(Shape[] memory shapes) {
        uint256 n = shapes.length;
        if (n == 0) revert NoShapes();
        if (n > MAX_SHAPES) revert TooManyShapes(n);
        for (uint256 i; i < n; ++i) {
            Shape memory s = shapes[i];
            if (
                s.k == 0 || s.k > MAX_SHAPE_K || s.d == 0 || s.d > MAX_SHAPE_D || s.nTrain < s.k
                    || s.nTrain > type(uint32).max || s.maxProviderRows == 0 || s.maxProviderRows > s.nTrain
                    || s.nVal == 0 || s.nVal > type(uint32).max
            ) revert InvalidShape(i);
            uint256 c = PublicInputs.ciphertextLength(s.d, s.maxProviderRows);
            if (s.ciphertextLength != c) revert WrongCiphertextLength(c, s.ciphertextLength);
            if (address(s.settlementVerifier).code.length == 0) revert InvalidVerifier(address(s.settlementVerifier));
            if (address(s.registrationVerifier).code.length == 0) {
                revert InvalidVerifier(address(s.registrationVerifier));
            }
            if (address(s.validationVerifier).code.length == 0) revert InvalidVerifier(address(s.validationVerifier));
            // Casts are safe: every field was range-checked above.
            _shapes.push(
                StoredShape({
                    settlementVerifier: s.settlementVerifier,
                    k: uint8(s.k),
                    d: uint8(s.d),
                    nTrain: uint32(s.nTrain),
                    nVal: uint32(s.nVal),
                    registrationVerifier: s.registrationVerifier,
                    ciphertextLength: uint32(c),
                    maxProviderRows: uint32(s.maxProviderRows),
                    validationVerifier: s.validationVerifier
                })
            );
        }
    }

    // ---------------------------------------------------------------------------------------------
    // State-changing functions
    // ---------------------------------------------------------------------------------------------

    /// @inheritdoc IZKMLIncentives
    function createRound(RoundParams calldata params, bytes calldata validationProof)
        external
        payable
        override
        nonReentrant
        returns (uint256 roundId)
    {
        _checkRoundParameters(params);
        _verifyValidation(params, validationProof);
        bool restricted = params.allowlist.length != 0;
        roundId = ++roundCount;
        // Casts are safe: shapeId < MAX_SHAPES, maxProviders ≤ MAX_SHAPE_K, lambda < 2^40,
        // validationRows ≤ N_VAL < 2^32 (checked).
        _rounds[roundId] = Round({
            owner: msg.sender,
            registrationDeadline: params.registrationDeadline,
            shapeId: uint8(params.shapeId),
            maxProviders: uint8(params.maxProviders),
            numProviders: 0,
            status: RoundStatus.Open,
            asset: params.asset,
            submissionDeadline: params.submissionDeadline,
            totalRows: 0,
            amount: params.amount,
            validationCommitment: params.validationCommitment,
            validationRows: uint32(params.validationRows),
            lambda: uint40(params.lambda),
            restricted: restricted,
            positiveTotal: 0,
            paidOut: 0,
            ownerKeyX: params.ownerKey[0],
            ownerKeyY: params.ownerKey[1]
        });
        // Allocate the settlement's prefix words now (see _PREFIX_MARKER).
        mapping(uint256 word => uint256 packed) storage prefixes = _phiPrefix[roundId];
        uint256 words = (params.maxProviders + 1) / 2;
        for (uint256 w; w < words; ++w) {
            prefixes[w] = _PREFIX_MARKER;
        }
        if (restricted) {
            mapping(address account => bool) storage allowed = _allowed[roundId];
            for (uint256 i; i < params.allowlist.length; ++i) {
                allowed[params.allowlist[i]] = true;
            }
        }
        emit RoundCreated(roundId, msg.sender, params.shapeId, params);

        if (params.asset != address(0)) _escrowToken(IERC20(params.asset), params.amount);
    }

    /// @inheritdoc IZKMLIncentives
    function register(
        uint256 roundId,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext,
        bytes calldata proof
    ) external override nonReentrant returns (uint256 index) {
        Round storage round = _existing(roundId);
        uint256 rowsBefore;
        (index, rowsBefore) =
            _checkRegistration(roundId, round, commitment, statsCommitment, numRows, ephemeralKey, ciphertext);
        {
            // Built before the verifier is read: one expression would not fit the stack.
            bytes32[] memory inputs = _registrationInputs(
                roundId, round, msg.sender, commitment, statsCommitment, numRows, ephemeralKey, ciphertext
            );
            _verify(_shapes[round.shapeId].registrationVerifier, inputs, proof);
        }

        // Casts are safe: rowsBefore + numRows ≤ N_TRAIN < 2^32 and index < maxProviders ≤ MAX_SHAPE_K.
        _providers[roundId][index] = Provider({
            account: msg.sender,
            rowsBefore: uint32(rowsBefore),
            numRows: uint32(numRows),
            claimed: false,
            commitment: commitment,
            statsCommitment: statsCommitment
        });
        _slotOf[roundId][msg.sender] = index + 1;
        round.numProviders = uint8(index + 1);
        round.totalRows = uint32(rowsBefore + numRows);
        // The ciphertext is delivered in this call's input only; the log carries its hash.
        emit ProviderRegistered(
            roundId,
            msg.sender,
            index,
            commitment,
            statsCommitment,
            numRows,
            ephemeralKey,
            keccak256(abi.encodePacked(ciphertext))
        );
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
        Round storage round = _submittable(roundId);
        _verify(
            _shapes[round.shapeId].settlementVerifier,
            _settlementInputs(roundId, round, weights, intercept, trainLoss, shapley),
            proof
        );

        round.status = RoundStatus.Settled;
        uint256 total = _storePrefixes(roundId, round.numProviders, shapley);
        // Safe: k ≤ 32 values below 2^120 sum below 2^125.
        round.positiveTotal = uint128(total);
        emit RoundSettled(roundId, msg.sender, weights, intercept, trainLoss, shapley, total == 0);
    }

    /// @inheritdoc IZKMLIncentives
    function claim(uint256 roundId, uint256 index) external override nonReentrant returns (uint256 amount) {
        Round storage round = _existing(roundId);
        if (index >= round.numProviders) revert ProviderNotFound(roundId, index);
        if (!_claimable(round)) revert NotClaimable(roundId);
        Provider storage provider = _providers[roundId][index];
        if (provider.claimed) revert AlreadyClaimed(roundId, index);
        amount = _reward(roundId, round, provider, index);
        if (amount == 0) revert NothingToClaim(roundId, index);

        provider.claimed = true;
        round.paidOut += amount;
        address account = provider.account;
        address asset = round.asset;
        credits[account][asset] += amount;
        emit RewardClaimed(roundId, index, account, asset, amount);
    }

    /// @inheritdoc IZKMLIncentives
    function reclaim(uint256 roundId) external override nonReentrant {
        Round storage round = _existing(roundId);
        if (msg.sender != round.owner) revert NotRoundOwner(roundId, msg.sender);
        if (round.status != RoundStatus.Open) revert RoundNotOpen(roundId, round.status);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < round.registrationDeadline) revert RoundNotExpired(roundId);
        if (round.numProviders != 0) revert RoundHasProviders(roundId);
        round.status = RoundStatus.Reclaimed;
        uint256 amount = round.amount;
        round.paidOut = amount;
        credits[msg.sender][round.asset] += amount;
        emit RoundReclaimed(roundId, msg.sender, amount);
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
    function shapeCount() external view override returns (uint256) {
        return _shapes.length;
    }

    /// @inheritdoc IZKMLIncentives
    function getShape(uint256 shapeId) external view override returns (Shape memory) {
        if (shapeId >= _shapes.length) revert ShapeNotFound(shapeId);
        StoredShape storage s = _shapes[shapeId];
        return Shape({
            k: s.k,
            d: s.d,
            nTrain: s.nTrain,
            maxProviderRows: s.maxProviderRows,
            nVal: s.nVal,
            ciphertextLength: s.ciphertextLength,
            settlementVerifier: s.settlementVerifier,
            registrationVerifier: s.registrationVerifier,
            validationVerifier: s.validationVerifier
        });
    }

    /// @inheritdoc IZKMLIncentives
    function getRound(uint256 roundId) external view override returns (Round memory) {
        return _existing(roundId);
    }

    /// @inheritdoc IZKMLIncentives
    function getProviders(uint256 roundId) external view override returns (Provider[] memory providers) {
        uint256 k = _existing(roundId).numProviders;
        mapping(uint256 index => Provider) storage stored = _providers[roundId];
        providers = new Provider[](k);
        for (uint256 i; i < k; ++i) {
            providers[i] = stored[i];
        }
    }

    /// @inheritdoc IZKMLIncentives
    function providerIndex(uint256 roundId, address account)
        external
        view
        override
        returns (bool registered, uint256 index)
    {
        _existing(roundId);
        uint256 slotPlusOne = _slotOf[roundId][account];
        if (slotPlusOne != 0) return (true, slotPlusOne - 1);
    }

    /// @inheritdoc IZKMLIncentives
    function isAllowed(uint256 roundId, address account) external view override returns (bool) {
        return !_existing(roundId).restricted || _allowed[roundId][account];
    }

    /// @inheritdoc IZKMLIncentives
    function claimable(uint256 roundId, uint256 index) external view override returns (uint256) {
        Round storage round = _existing(roundId);
        if (index >= round.numProviders) revert ProviderNotFound(roundId, index);
        Provider storage provider = _providers[roundId][index];
        if (!_claimable(round) || provider.claimed) return 0;
        return _reward(roundId, round, provider, index);
    }

    /// @inheritdoc IZKMLIncentives
    function phase(uint256 roundId) external view override returns (Phase) {
        Round storage round = _existing(roundId);
        if (round.status == RoundStatus.Settled) return Phase.Settled;
        if (round.status == RoundStatus.Reclaimed) return Phase.Reclaimed;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < round.registrationDeadline) return Phase.Registration;
        if (round.numProviders == 0) return Phase.Empty;
        // forge-lint: disable-next-line(block-timestamp)
        return block.timestamp <= round.submissionDeadline ? Phase.Submission : Phase.Expired;
    }

    /// @inheritdoc IZKMLIncentives
    function roundContext(uint256 roundId) public view override returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), roundId))) % _P;
    }

    /// @inheritdoc IZKMLIncentives
    function publicInputs(
        uint256 roundId,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley
    ) external view override returns (bytes32[] memory inputs) {
        return _settlementInputs(roundId, _existing(roundId), weights, intercept, trainLoss, shapley);
    }

    /// @inheritdoc IZKMLIncentives
    function registrationPublicInputs(
        uint256 roundId,
        address payee,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext
    ) external view override returns (bytes32[] memory inputs) {
        return _registrationInputs(
            roundId, _existing(roundId), payee, commitment, statsCommitment, numRows, ephemeralKey, ciphertext
        );
    }

    // ---------------------------------------------------------------------------------------------
    // Internals
    // ---------------------------------------------------------------------------------------------

    function _checkRoundParameters(RoundParams calldata params) private view {
        if (params.shapeId >= _shapes.length) revert ShapeNotFound(params.shapeId);
        if (params.amount == 0) revert ZeroAmount();
        if (params.validationCommitment == 0 || params.validationCommitment >= _P) {
            revert InvalidValidationCommitment(params.validationCommitment);
        }
        uint256 maxValidationRows = _shapes[params.shapeId].nVal;
        if (params.validationRows == 0 || params.validationRows > maxValidationRows) {
            revert InvalidValidationRows(params.validationRows, maxValidationRows);
        }
        if (params.lambda < MIN_LAMBDA || params.lambda >= LAMBDA_BOUND) revert LambdaOutOfRange(params.lambda);
        if (params.maxProviders == 0 || params.maxProviders > _shapes[params.shapeId].k) {
            revert InvalidMaxProviders(params.maxProviders);
        }
        uint256 nowTs = block.timestamp;
        uint256 reg = params.registrationDeadline;
        uint256 registrationPeriod = reg > nowTs ? reg - nowTs : 0;
        if (registrationPeriod < MIN_REGISTRATION_PERIOD) {
            revert RegistrationPeriodTooShort(registrationPeriod, MIN_REGISTRATION_PERIOD);
        }
        uint256 sub = params.submissionDeadline;
        uint256 submissionPeriod = sub > reg ? sub - reg : 0;
        if (submissionPeriod < MIN_SUBMISSION_PERIOD) {
            revert SubmissionPeriodTooShort(submissionPeriod, MIN_SUBMISSION_PERIOD);
        }
        if (!Grumpkin.isOnCurve(params.ownerKey[0], params.ownerKey[1])) {
            revert InvalidOwnerKey(params.ownerKey[0], params.ownerKey[1]);
        }
        uint256 expectedValue = params.asset == address(0) ? params.amount : 0;
        if (msg.value != expectedValue) revert EthAmountMismatch(msg.value, expectedValue);
    }

    /// @dev Every check of `register` before the proof; returns the new slot and the rows before it.
    function _checkRegistration(
        uint256 roundId,
        Round storage round,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext
    ) private view returns (uint256 index, uint256 rowsBefore) {
        // A round cannot be settled or reclaimed before its registration deadline, so this also
        // guarantees the round is open.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= round.registrationDeadline) revert RegistrationClosed(roundId);
        if (round.restricted && !_allowed[roundId][msg.sender]) revert NotAllowlisted(roundId, msg.sender);
        if (_slotOf[roundId][msg.sender] != 0) revert AlreadyRegistered(roundId, msg.sender);
        if (numRows == 0) revert InvalidNumRows(numRows);
        index = round.numProviders;
        if (index >= round.maxProviders) revert RoundFull(roundId);
        rowsBefore = round.totalRows;
        StoredShape storage shape = _shapes[round.shapeId];
        if (numRows > shape.maxProviderRows) revert TooManyProviderRows(numRows, shape.maxProviderRows);
        uint256 available = shape.nTrain - rowsBefore;
        if (numRows > available) revert RowCapacityExceeded(roundId, numRows, available);
        uint256 c = shape.ciphertextLength;
        if (ciphertext.length != c) revert WrongCiphertextLength(c, ciphertext.length);
        for (uint256 i; i < c; ++i) {
            if (ciphertext[i] >= _P) revert InvalidCiphertext(i, ciphertext[i]);
        }
        if (commitment == 0 || commitment >= _P) revert InvalidCommitment(commitment);
        if (statsCommitment == 0 || statsCommitment >= _P) revert InvalidStatsCommitment(statsCommitment);
        if (!Grumpkin.isOnCurve(ephemeralKey[0], ephemeralKey[1])) {
            revert InvalidEphemeralKey(ephemeralKey[0], ephemeralKey[1]);
        }
    }

    /// @dev The round, if it can be settled now.
    function _submittable(uint256 roundId) private view returns (Round storage round) {
        round = _existing(roundId);
        if (round.status != RoundStatus.Open) revert RoundNotOpen(roundId, round.status);
        uint64 registrationDeadline = round.registrationDeadline;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < registrationDeadline) revert SubmissionNotOpen(roundId, registrationDeadline);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > round.submissionDeadline) revert SubmissionClosed(roundId);
        if (round.numProviders == 0) revert NoProviders(roundId);
    }

    function _existing(uint256 roundId) private view returns (Round storage round) {
        if (roundId == 0 || roundId > roundCount) revert RoundNotFound(roundId);
        return _rounds[roundId];
    }

    /// @dev Rewards can be claimed from a settled round, or from an open round past its submission
    ///      deadline (it has providers whenever a slot index is valid).
    function _claimable(Round storage round) private view returns (bool) {
        RoundStatus status = round.status;
        // forge-lint: disable-next-line(block-timestamp)
        return
            status == RoundStatus.Settled || (status == RoundStatus.Open && block.timestamp > round.submissionDeadline);
    }

    /// @dev Share of provider `index`: by max(φ, 0) when the round settled with a positive φ, else by rows.
    function _reward(uint256 roundId, Round storage round, Provider storage provider, uint256 index)
        private
        view
        returns (uint256)
    {
        uint256 total = round.positiveTotal;
        if (round.status == RoundStatus.Settled && total != 0) {
            uint256 before = index == 0 ? 0 : _prefix(roundId, index - 1);
            return Payout.share(round.amount, before, _prefix(roundId, index), total);
        }
        uint256 rowsBefore = provider.rowsBefore;
        return Payout.share(round.amount, rowsBefore, rowsBefore + provider.numRows, round.totalRows);
    }

    function _prefix(uint256 roundId, uint256 index) private view returns (uint256) {
        uint256 packed = _phiPrefix[roundId][index >> 1];
        return (index & 1 == 0 ? packed : packed >> 128) & _PREFIX_MASK;
    }

    /// @dev Stores the prefix sums of max(φ_i, 0) for i < k (nothing when all are ≤ 0); returns the total.
    function _storePrefixes(uint256 roundId, uint256 k, int256[] calldata shapley) private returns (uint256 total) {
        uint256[] memory prefix = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            int256 phi = shapley[i];
            // forge-lint: disable-next-line(unsafe-typecast)
            if (phi > 0) total += uint256(phi);
            prefix[i] = total;
        }
        if (total == 0) return 0;
        mapping(uint256 word => uint256 packed) storage prefixes = _phiPrefix[roundId];
        for (uint256 i; i < k; i += 2) {
            uint256 high = i + 1 < k ? prefix[i + 1] : 0;
            prefixes[i >> 1] = _PREFIX_MARKER | (high << 128) | prefix[i];
        }
    }

    /// @dev Verifies the validation proof of `params` with inputs (validationCommitment, validationRows):
    ///      the commitment opens to the statistics of that many in-range rows. Reverts InvalidProof.
    function _verifyValidation(RoundParams calldata params, bytes calldata validationProof) private view {
        bytes32[] memory inputs = new bytes32[](2);
        inputs[0] = bytes32(params.validationCommitment);
        inputs[1] = bytes32(params.validationRows);
        _verify(_shapes[params.shapeId].validationVerifier, inputs, validationProof);
    }

    /// @dev Takes `amount` of `token` from the caller into escrow, measured by balance difference; it must
    ///      be exact (see contracts/README.md). Reverts TransferAmountMismatch (or the token's own error).
    function _escrowToken(IERC20 token, uint256 amount) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 balanceAfter = token.balanceOf(address(this));
        uint256 received = balanceAfter > before ? balanceAfter - before : 0;
        if (received != amount) revert TransferAmountMismatch(amount, received);
    }

    /// @dev The verifier is a fixed, trusted contract called with STATICCALL (`view`): it cannot change
    ///      state. A `false` result and a revert are both a rejection, and the whole call reverts.
    function _verify(IHonkVerifier verifier, bytes32[] memory inputs, bytes calldata proof) private view {
        try verifier.verify(proof, inputs) returns (bool valid) {
            if (!valid) revert InvalidProof();
        } catch {
            revert InvalidProof();
        }
    }

    /// @dev The registration vector (`PublicInputs.registration`) for `payee`.
    function _registrationInputs(
        uint256 roundId,
        Round storage round,
        address payee,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext
    ) private view returns (bytes32[] memory) {
        // Context and owner key first: read inside the call, they would not fit the stack.
        uint256 context = roundContext(roundId);
        uint256[2] memory ownerKey = [round.ownerKeyX, round.ownerKeyY];
        return PublicInputs.registration(
            context, payee, commitment, statsCommitment, numRows, ownerKey, ephemeralKey, ciphertext
        );
    }

    /// @dev The settlement vector (`PublicInputs.settlement`) from storage and the caller's values.
    function _settlementInputs(
        uint256 roundId,
        Round storage round,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley
    ) private view returns (bytes32[] memory) {
        PublicInputs.Settlement memory v;
        v.context = roundContext(roundId);
        v.validationCommitment = round.validationCommitment;
        v.lambda = round.lambda;
        v.weights = weights;
        v.intercept = intercept;
        v.trainLoss = trainLoss;
        v.shapley = shapley;
        uint256 k = round.numProviders;
        v.statsCommitments = new uint256[](k);
        v.payees = new address[](k);
        mapping(uint256 index => Provider) storage stored = _providers[roundId];
        for (uint256 i; i < k; ++i) {
            Provider storage provider = stored[i];
            v.statsCommitments[i] = provider.statsCommitment;
            v.payees[i] = provider.account;
        }
        StoredShape storage shape = _shapes[round.shapeId];
        return PublicInputs.settlement(shape.k, shape.d, v);
    }
}
