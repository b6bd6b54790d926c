// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ZkmlLayout} from "./generated/ZkmlLayout.sol";
import {IHonkVerifier} from "./interfaces/IHonkVerifier.sol";
import {IZKMLIncentives} from "./interfaces/IZKMLIncentives.sol";
import {Grumpkin} from "./libraries/Grumpkin.sol";
import {Payout} from "./libraries/Payout.sol";
import {PublicInputs} from "./libraries/PublicInputs.sol";

/// @title ZKMLIncentives
/// @notice Sealed, fair incentive rounds for data providers. A provider registers commitments to its
///         rows and pays a deposit; after the registration deadline it delivers the rows, encrypted to
///         the round owner's Grumpkin key, with a zero-knowledge proof that the ciphertext opens exactly
///         what it registered; a zero-knowledge proof of ridge-regression training and of the exact
///         Shapley values of the delivered providers settles the round; the escrow always goes to the
///         providers once one delivered.
/// @dev Properties F1–F10, the mechanism, the remaining trust and the Sybil analysis: `contracts/README.md`.
///      - No admin, no upgrade, no owner power over funds: shapes and verifiers are fixed at deployment;
///        a round's owner can reclaim only a round to which no provider delivered.
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
    ///         provider to prove its delivery and send its registration.
    uint256 public constant MIN_REGISTRATION_PERIOD = 1 hours;
    /// @notice Maximum time from round creation to the registration deadline (F5).
    uint256 public constant MAX_REGISTRATION_PERIOD = 30 days;
    /// @notice Minimum time from the registration deadline to the delivery deadline (F5, F8): long enough
    ///         for a registered provider, whose proof is already made, to send its delivery.
    uint256 public constant MIN_DELIVERY_PERIOD = 1 hours;
    /// @notice Maximum time from the registration deadline to the delivery deadline (F5).
    uint256 public constant MAX_DELIVERY_PERIOD = 7 days;
    /// @notice Minimum time from the delivery deadline to the submission deadline (F5): long enough
    ///         for the owner to decrypt the deliveries, prove the settlement and submit it.
    uint256 public constant MIN_SUBMISSION_PERIOD = 1 days;
    /// @notice Maximum time from the delivery deadline to the submission deadline (F5): a provider's
    ///         reward is claimable at most MAX_REGISTRATION_PERIOD + MAX_DELIVERY_PERIOD +
    ///         MAX_SUBMISSION_PERIOD (67 days) after the round is created.
    uint256 public constant MAX_SUBMISSION_PERIOD = 30 days;
    /// @notice Basis points of the whole pool (rowShareBps ≤ BPS).
    uint256 public constant BPS = 10_000;
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
    /// @dev Delivered slots in delivery order (settlement index → slot); only the first `numDelivered` are set.
    mapping(uint256 roundId => mapping(uint256 settlementIndex => uint256 slot)) private _delivered;
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
        uint256 rowCap = _checkRoundParameters(params);
        _verifyValidation(params, validationProof);
        bool restricted = params.allowlist.length != 0;
        roundId = ++roundCount;
        // Casts are safe: shapeId < MAX_SHAPES, maxProviders ≤ MAX_SHAPE_K, lambda < 2^40, rowCap ≤ N_TRAIN
        // < 2^32, rowShareBps ≤ BPS, validationRows ≤ N_VAL < 2^32 (checked). Written field by field: one
        // struct literal would not fit the stack.
        Round storage round = _rounds[roundId];
        round.owner = msg.sender;
        round.registrationDeadline = params.registrationDeadline;
        round.shapeId = uint8(params.shapeId);
        round.maxProviders = uint8(params.maxProviders);
        round.asset = params.asset;
        round.submissionDeadline = params.submissionDeadline;
        round.deliveryDeadline = params.deliveryDeadline;
        round.maxRowsPerProvider = uint32(rowCap);
        round.rowShareBps = uint16(params.rowShareBps);
        round.amount = params.amount;
        round.validationCommitment = params.validationCommitment;
        round.validationRows = uint32(params.validationRows);
        round.lambda = uint40(params.lambda);
        round.restricted = restricted;
        round.deposit = params.deposit;
        round.reservePerRow = params.reservePerRow;
        round.ownerKeyX = params.ownerKey[0];
        round.ownerKeyY = params.ownerKey[1];
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
    function register(uint256 roundId, uint256 commitment, uint256 statsCommitment, uint256 numRows)
        external
        payable
        override
        nonReentrant
        returns (uint256 index)
    {
        Round storage round = _existing(roundId);
        index = _checkRegistration(roundId, round, commitment, statsCommitment, numRows);
        uint256 deposit = round.deposit;
        address asset = round.asset;
        uint256 expectedValue = asset == address(0) ? deposit : 0;
        if (msg.value != expectedValue) revert DepositMismatch(msg.value, expectedValue);

        // Cast is safe: index < maxProviders ≤ MAX_SHAPE_K; numRows ≤ maxRowsPerProvider < 2^32 and
        // totalRows ≤ maxProviders · maxRowsPerProvider ≤ N_TRAIN < 2^32.
        Provider storage provider = _providers[roundId][index];
        provider.account = msg.sender;
        provider.numRows = uint32(numRows);
        provider.commitment = commitment;
        provider.statsCommitment = statsCommitment;
        _slotOf[roundId][msg.sender] = index + 1;
        round.numProviders = uint8(index + 1);
        round.totalRows += uint32(numRows);
        emit ProviderRegistered(roundId, msg.sender, index, commitment, statsCommitment, numRows, deposit);

        if (asset != address(0) && deposit != 0) _escrowToken(IERC20(asset), deposit);
    }

    /// @inheritdoc IZKMLIncentives
    function deliver(
        uint256 roundId,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext,
        bytes calldata proof
    ) external override nonReentrant returns (uint256 settlementIndex) {
        Round storage round = _existing(roundId);
        uint256 index = _checkDelivery(roundId, round, ephemeralKey, ciphertext);
        Provider storage provider = _providers[roundId][index];
        _verify(
            _shapes[round.shapeId].registrationVerifier,
            _deliveryInputs(roundId, round, provider, ephemeralKey, ciphertext),
            proof
        );

        settlementIndex = round.numDelivered;
        // Casts are safe: settlementIndex < numProviders ≤ MAX_SHAPE_K; deliveredRows ≤ totalRows < 2^32.
        provider.delivered = true;
        provider.settlementIndex = uint8(settlementIndex);
        provider.rowsBefore = round.deliveredRows;
        _delivered[roundId][settlementIndex] = index;
        round.numDelivered = uint8(settlementIndex + 1);
        round.deliveredRows += provider.numRows;
        // The ciphertext is delivered in this call's input only; the log carries its hash.
        emit DataDelivered(
            roundId, msg.sender, index, settlementIndex, ephemeralKey, keccak256(abi.encodePacked(ciphertext))
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
        uint256 total = _storePrefixes(roundId, round.numDelivered, shapley);
        // Safe: k ≤ 32 values below 2^120 sum below 2^125.
        round.positiveTotal = uint128(total);
        uint256 refund;
        if (total == 0) {
            (, uint256 valuePool) = _pools(round);
            refund = valuePool - _reserved(round, valuePool);
            if (refund != 0) {
                round.paidOut += refund;
                credits[round.owner][round.asset] += refund;
            }
        }
        emit RoundSettled(roundId, msg.sender, weights, intercept, trainLoss, shapley, total == 0, refund);
    }

    /// @inheritdoc IZKMLIncentives
    function claim(uint256 roundId, uint256 index) external override nonReentrant returns (uint256 amount) {
        Round storage round = _existing(roundId);
        if (index >= round.numProviders) revert ProviderNotFound(roundId, index);
        if (!_claimable(round)) revert NotClaimable(roundId);
        Provider storage provider = _providers[roundId][index];
        if (!provider.delivered) revert NotDelivered(roundId, index);
        if (provider.claimed) revert AlreadyClaimed(roundId, index);
        amount = _reward(roundId, round, provider);
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
        if (round.numDelivered != 0) revert RoundHasProviders(roundId);
        // Nobody can deliver any more: nobody registered by the registration deadline, or the delivery
        // window is over.
        // forge-lint: disable-next-line(block-timestamp)
        uint256 closesAt = round.numProviders == 0 ? round.registrationDeadline : round.deliveryDeadline;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < closesAt) revert RoundNotExpired(roundId);
        round.status = RoundStatus.Reclaimed;
        // The escrow and every (forfeited) deposit.
        uint256 amount = round.amount + round.deposit * round.numProviders;
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
    function getDelivered(uint256 roundId) external view override returns (uint256[] memory slots) {
        uint256 k = _existing(roundId).numDelivered;
        mapping(uint256 settlementIndex => uint256 slot) storage delivered = _delivered[roundId];
        slots = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            slots[i] = delivered[i];
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
        if (!_claimable(round) || !provider.delivered || provider.claimed) return 0;
        return _reward(roundId, round, provider);
    }

    /// @inheritdoc IZKMLIncentives
    function phase(uint256 roundId) external view override returns (Phase) {
        Round storage round = _existing(roundId);
        if (round.status == RoundStatus.Settled) return Phase.Settled;
        if (round.status == RoundStatus.Reclaimed) return Phase.Reclaimed;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < round.registrationDeadline) return Phase.Registration;
        if (round.numProviders == 0) return Phase.Empty;
        if (!_deliveryOver(round)) return Phase.Delivery;
        if (round.numDelivered == 0) return Phase.Empty;
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

    /// @dev Every check of `createRound` before the validation proof; returns the round's row cap.
    function _checkRoundParameters(RoundParams calldata params) private view returns (uint256 rowCap) {
        if (params.shapeId >= _shapes.length) revert ShapeNotFound(params.shapeId);
        StoredShape storage shape = _shapes[params.shapeId];
        if (params.amount == 0) revert ZeroAmount();
        if (params.validationCommitment == 0 || params.validationCommitment >= _P) {
            revert InvalidValidationCommitment(params.validationCommitment);
        }
        uint256 maxValidationRows = shape.nVal;
        if (params.validationRows == 0 || params.validationRows > maxValidationRows) {
            revert InvalidValidationRows(params.validationRows, maxValidationRows);
        }
        if (params.lambda < MIN_LAMBDA || params.lambda >= LAMBDA_BOUND) revert LambdaOutOfRange(params.lambda);
        uint256 maxProviders = params.maxProviders;
        if (maxProviders == 0 || maxProviders > shape.k) revert InvalidMaxProviders(maxProviders);
        rowCap = _rowCap(shape, maxProviders, params.maxRowsPerProvider);
        bool restricted = params.allowlist.length != 0;
        if (params.deposit > params.amount || (params.deposit == 0 && !restricted)) {
            revert DepositOutOfRange(params.deposit, params.amount);
        }
        if (params.rowShareBps > BPS) revert RowShareOutOfRange(params.rowShareBps);
        _checkWindows(params);
        if (!Grumpkin.isOnCurve(params.ownerKey[0], params.ownerKey[1])) {
            revert InvalidOwnerKey(params.ownerKey[0], params.ownerKey[1]);
        }
        uint256 expectedValue = params.asset == address(0) ? params.amount : 0;
        if (msg.value != expectedValue) revert EthAmountMismatch(msg.value, expectedValue);
    }

    /// @dev The per-provider row cap: the fair share min(floor(N_TRAIN / maxProviders), N_PROVIDER) for 0,
    ///      else `requested` if 1 ≤ requested ≤ that share (so maxProviders · cap ≤ N_TRAIN).
    function _rowCap(StoredShape storage shape, uint256 maxProviders, uint256 requested)
        private
        view
        returns (uint256)
    {
        uint256 fair = shape.nTrain / maxProviders;
        uint256 perRegistration = shape.maxProviderRows;
        if (fair > perRegistration) fair = perRegistration;
        if (requested == 0) return fair;
        if (requested > fair) revert InvalidMaxRowsPerProvider(requested, fair);
        return requested;
    }

    /// @dev F5: every window within its documented minimum and maximum.
    function _checkWindows(RoundParams calldata params) private view {
        uint256 nowTs = block.timestamp;
        uint256 reg = params.registrationDeadline;
        uint256 registrationPeriod = reg > nowTs ? reg - nowTs : 0;
        if (registrationPeriod < MIN_REGISTRATION_PERIOD) {
            revert RegistrationPeriodTooShort(registrationPeriod, MIN_REGISTRATION_PERIOD);
        }
        if (registrationPeriod > MAX_REGISTRATION_PERIOD) {
            revert RegistrationPeriodTooLong(registrationPeriod, MAX_REGISTRATION_PERIOD);
        }
        uint256 del = params.deliveryDeadline;
        uint256 deliveryPeriod = del > reg ? del - reg : 0;
        if (deliveryPeriod < MIN_DELIVERY_PERIOD) revert DeliveryPeriodTooShort(deliveryPeriod, MIN_DELIVERY_PERIOD);
        if (deliveryPeriod > MAX_DELIVERY_PERIOD) revert DeliveryPeriodTooLong(deliveryPeriod, MAX_DELIVERY_PERIOD);
        uint256 sub = params.submissionDeadline;
        uint256 submissionPeriod = sub > del ? sub - del : 0;
        if (submissionPeriod < MIN_SUBMISSION_PERIOD) {
            revert SubmissionPeriodTooShort(submissionPeriod, MIN_SUBMISSION_PERIOD);
        }
        if (submissionPeriod > MAX_SUBMISSION_PERIOD) {
            revert SubmissionPeriodTooLong(submissionPeriod, MAX_SUBMISSION_PERIOD);
        }
    }

    /// @dev Every check of `register` before the deposit; returns the new slot.
    function _checkRegistration(
        uint256 roundId,
        Round storage round,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows
    ) private view returns (uint256 index) {
        // A round cannot be settled or reclaimed before its registration deadline, so this also
        // guarantees the round is open.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= round.registrationDeadline) revert RegistrationClosed(roundId);
        if (round.restricted && !_allowed[roundId][msg.sender]) revert NotAllowlisted(roundId, msg.sender);
        if (_slotOf[roundId][msg.sender] != 0) revert AlreadyRegistered(roundId, msg.sender);
        if (numRows == 0) revert InvalidNumRows(numRows);
        index = round.numProviders;
        if (index >= round.maxProviders) revert RoundFull(roundId);
        uint256 cap = round.maxRowsPerProvider;
        if (numRows > cap) revert TooManyProviderRows(numRows, cap);
        if (commitment == 0 || commitment >= _P) revert InvalidCommitment(commitment);
        if (statsCommitment == 0 || statsCommitment >= _P) revert InvalidStatsCommitment(statsCommitment);
    }

    /// @dev Every check of `deliver` before the proof; returns the caller's slot.
    function _checkDelivery(
        uint256 roundId,
        Round storage round,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext
    ) private view returns (uint256 index) {
        uint64 registrationDeadline = round.registrationDeadline;
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < registrationDeadline) revert DeliveryNotOpen(roundId, registrationDeadline);
        // Before the delivery deadline the round is still open: it cannot be settled (some slot has not
        // delivered, or the caller's AlreadyDelivered follows) nor reclaimed.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= round.deliveryDeadline) revert DeliveryClosed(roundId);
        uint256 slotPlusOne = _slotOf[roundId][msg.sender];
        if (slotPlusOne == 0) revert NotRegistered(roundId, msg.sender);
        index = slotPlusOne - 1;
        if (_providers[roundId][index].delivered) revert AlreadyDelivered(roundId, index);
        uint256 c = _shapes[round.shapeId].ciphertextLength;
        if (ciphertext.length != c) revert WrongCiphertextLength(c, ciphertext.length);
        for (uint256 i; i < c; ++i) {
            if (ciphertext[i] >= _P) revert InvalidCiphertext(i, ciphertext[i]);
        }
        if (!Grumpkin.isOnCurve(ephemeralKey[0], ephemeralKey[1])) {
            revert InvalidEphemeralKey(ephemeralKey[0], ephemeralKey[1]);
        }
    }

    /// @dev Delivery is over: its deadline passed, or every registered slot delivered.
    function _deliveryOver(Round storage round) private view returns (bool) {
        // forge-lint: disable-next-line(block-timestamp)
        return block.timestamp >= round.deliveryDeadline || round.numDelivered == round.numProviders;
    }

    /// @dev The round, if it can be settled now.
    function _submittable(uint256 roundId) private view returns (Round storage round) {
        round = _existing(roundId);
        if (round.status != RoundStatus.Open) revert RoundNotOpen(roundId, round.status);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < round.registrationDeadline || !_deliveryOver(round)) {
            revert SubmissionNotOpen(roundId, round.deliveryDeadline);
        }
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > round.submissionDeadline) revert SubmissionClosed(roundId);
        if (round.numDelivered == 0) revert NoProviders(roundId);
    }

    function _existing(uint256 roundId) private view returns (Round storage round) {
        if (roundId == 0 || roundId > roundCount) revert RoundNotFound(roundId);
        return _rounds[roundId];
    }

    /// @dev Rewards can be claimed from a settled round, or from an open round past its submission
    ///      deadline (it has deliveries whenever a delivered slot exists).
    function _claimable(Round storage round) private view returns (bool) {
        RoundStatus status = round.status;
        // forge-lint: disable-next-line(block-timestamp)
        return
            status == RoundStatus.Settled || (status == RoundStatus.Open && block.timestamp > round.submissionDeadline);
    }

    /// @dev The round's pool (escrow + forfeited deposits) split into its part paid by rows whatever the
    ///      values and the rest (the value pool).
    function _pools(Round storage round) private view returns (uint256 rowPool, uint256 valuePool) {
        uint256 pool = round.amount + round.deposit * (round.numProviders - round.numDelivered);
        rowPool = Math.mulDiv(pool, round.rowShareBps, BPS);
        valuePool = pool - rowPool;
    }

    /// @dev The part of `valuePool` a settlement without positive φ pays by rows: min(valuePool,
    ///      reservePerRow · deliveredRows), computed without overflow.
    function _reserved(Round storage round, uint256 valuePool) private view returns (uint256) {
        uint256 rows = round.deliveredRows;
        uint256 reserve = round.reservePerRow;
        if (rows == 0 || reserve >= valuePool / rows + 1) return valuePool;
        return reserve * rows;
    }

    /// @dev A delivered provider's credit: its deposit, its share by rows of the row pool, and its share of
    ///      the value pool: by max(φ, 0) when the round settled with a positive φ, by rows up to the
    ///      reserve when it settled without, and by rows when it expired. Every part uses cumulative
    ///      rounding over the delivery order, so each part sums exactly.
    function _reward(uint256 roundId, Round storage round, Provider storage provider)
        private
        view
        returns (uint256 amount)
    {
        (uint256 rowPool, uint256 valuePool) = _pools(round);
        bool settled = round.status == RoundStatus.Settled;
        if (settled && round.positiveTotal != 0) {
            amount = _valueShare(roundId, provider.settlementIndex, valuePool, round.positiveTotal);
        } else {
            rowPool += settled ? _reserved(round, valuePool) : valuePool;
        }
        uint256 rowsBefore = provider.rowsBefore;
        amount += round.deposit + Payout.share(rowPool, rowsBefore, rowsBefore + provider.numRows, round.deliveredRows);
    }

    /// @dev Settlement index `i`'s share of `valuePool` by max(φ, 0) (prefix sums, positive `total`).
    function _valueShare(uint256 roundId, uint256 i, uint256 valuePool, uint256 total) private view returns (uint256) {
        uint256 before = i == 0 ? 0 : _prefix(roundId, i - 1);
        return Payout.share(valuePool, before, _prefix(roundId, i), total);
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

    /// @dev The registration vector of a delivery: what `provider` (payee = its account, the caller)
    ///      registered, with the delivered ephemeral key and ciphertext.
    function _deliveryInputs(
        uint256 roundId,
        Round storage round,
        Provider storage provider,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext
    ) private view returns (bytes32[] memory) {
        uint256 context = roundContext(roundId);
        uint256[2] memory ownerKey = [round.ownerKeyX, round.ownerKeyY];
        uint256[3] memory registered = [provider.commitment, provider.statsCommitment, provider.numRows];
        return PublicInputs.registration(
            context, provider.account, registered[0], registered[1], registered[2], ownerKey, ephemeralKey, ciphertext
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
        uint256 k = round.numDelivered;
        v.statsCommitments = new uint256[](k);
        v.payees = new address[](k);
        mapping(uint256 index => Provider) storage stored = _providers[roundId];
        mapping(uint256 settlementIndex => uint256 slot) storage delivered = _delivered[roundId];
        for (uint256 i; i < k; ++i) {
            Provider storage provider = stored[delivered[i]];
            v.statsCommitments[i] = provider.statsCommitment;
            v.payees[i] = provider.account;
        }
        StoredShape storage shape = _shapes[round.shapeId];
        return PublicInputs.settlement(shape.k, shape.d, v);
    }
}
