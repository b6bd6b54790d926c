// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ZKMLIncentives} from "../../../contracts/ZKMLIncentives.sol";
import {IZKMLIncentives} from "../../../contracts/interfaces/IZKMLIncentives.sol";
import {ZkmlLayout} from "../../../contracts/generated/ZkmlLayout.sol";
import {MockERC20} from "../mocks/MockTokens.sol";
import {TestShapes} from "../utils/IncentivesBase.sol";

/// @notice Drives ZKMLIncentives through random sequences of create / register / deliver / submit / claim /
///         reclaim / withdraw / warp over several rounds, in ETH and in an ERC20, with settlement and
///         registration verifiers that accept any proof (so φ is the fuzzer's choice, as an honest prover's
///         could be) and a validation verifier that binds (commitment, m) ({ValidationBoundVerifier}), so
///         that a validation proof of another commitment or row count is an expected InvalidProof. Rounds
///         are sealed: registrations pay a deposit, deliveries come after the registration deadline, some
///         registrants never deliver, and the pool carries a share by rows and a per-row reserve.
///
///         The handler keeps its own MODEL of every round (written from the specification, not read
///         back from the contract) and, before each call, PREDICTS its outcome: success, or the exact
///         custom error (selector and arguments) the specification requires. Then:
///         - a predicted rejection that happens with exactly that error is an expected rejection;
///         - a revert that was not predicted (e.g. a valid settlement refused) sets `unexpectedRevert`;
///         - a success where a rejection was predicted sets `unexpectedSuccess`;
///         - a revert with another error than predicted sets `wrongError`.
///         The invariant test fails on any of these flags (a failing assertion inside a handler would
///         only be a swallowed revert), so a contract that refuses valid calls no longer passes.
///
///         Mutation check (documented in ZKMLIncentives.invariant.t.sol): with `submit` mutated to revert
///         when k ≥ 3, the old handler counted the revert as "rejected" and all invariants passed; this
///         handler predicts success for a valid settlement with k ≥ 3, sees InvalidProof/the mutant's
///         error, and sets `unexpectedRevert`.
contract IncentivesHandler is CommonBase, StdCheats, StdUtils {
    uint256 internal constant P = ZkmlLayout.FIELD_MODULUS;
    uint256 internal constant K = ZkmlLayout.K;
    uint256 internal constant N_TRAIN = ZkmlLayout.N_TRAIN;
    uint256 internal constant N_VAL = ZkmlLayout.N_VAL;
    int256 internal constant MAX_ABS = int256(2 ** 120) - 1;
    uint256 internal constant NUM_ACTORS = 10;

    ZKMLIncentives public immutable inc;
    MockERC20 public immutable token;
    address[] public actors;
    address[2] public assets;
    uint256[] internal _ciphertext;

    // --- model ----------------------------------------------------------------------------------
    struct ModelProvider {
        address account;
        uint256 rows;
        bool claimed;
        uint256 statsCommitment;
        bool delivered;
        uint256 settlementIndex;
        uint256 rowsBefore; // delivered rows before it
    }

    struct ModelRound {
        address owner;
        address asset;
        uint256 amount;
        uint256 deposit;
        uint256 rowShareBps;
        uint256 reservePerRow;
        uint256 cap;
        uint256 maxProviders;
        uint64 registrationDeadline;
        uint64 deliveryDeadline;
        uint64 submissionDeadline;
        bool restricted;
        IZKMLIncentives.RoundStatus status;
        uint256 totalRows;
        uint256 numProviders;
        uint256 numDelivered;
        uint256 deliveredRows;
        uint256 paidOut;
        uint256 positiveTotal;
        uint256[] prefix; // prefix sums of max(φ, 0) over the settlement order, after settlement
        bytes32 immutableHash; // hash of the creation parameters
    }

    uint256 public modelRoundCount;
    mapping(uint256 roundId => ModelRound) internal _model;
    mapping(uint256 roundId => ModelProvider[]) internal _modelProviders;
    mapping(uint256 roundId => mapping(address => bool)) internal _modelAllowed;
    mapping(uint256 roundId => mapping(address => uint256 slotPlusOne)) internal _modelSlot;

    /// Everything credited to / withdrawn by an account, per asset.
    mapping(address account => mapping(address asset => uint256)) public ghostCredited;
    mapping(address account => mapping(address asset => uint256)) public ghostWithdrawn;
    /// Everything paid into the contract (escrows and deposits), per asset.
    mapping(address asset => uint256) public ghostPaidIn;

    // --- violations (each must stay false) ------------------------------------------------------
    bool public unexpectedRevert;
    bool public unexpectedSuccess;
    bool public wrongError;
    bool public wrongAmount;
    /// Description of the first violation, for the failure message.
    string public violation;

    // --- call statistics (printed by the invariant test) ----------------------------------------
    mapping(bytes32 name => uint256) public calls;

    constructor(ZKMLIncentives inc_, MockERC20 token_) {
        inc = inc_;
        token = token_;
        assets = [address(0), address(token_)];
        for (uint256 i; i < NUM_ACTORS; ++i) {
            address a = makeAddr(string.concat("actor", vm.toString(i)));
            actors.push(a);
            vm.prank(a);
            token_.approve(address(inc_), type(uint256).max);
        }
        uint256 c = inc_.getShape(0).ciphertextLength;
        for (uint256 i; i < c; ++i) {
            _ciphertext.push(uint256(keccak256(abi.encode("ct", i))) % P);
        }
    }

    function callCount(string calldata what, bool ok) external view returns (uint256) {
        return calls[keccak256(abi.encode(what, ok ? "ok" : "rejected"))];
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function modelProviderCount(uint256 roundId) external view returns (uint256) {
        return _modelProviders[roundId].length;
    }

    function modelRound(uint256 roundId)
        external
        view
        returns (IZKMLIncentives.RoundStatus status, uint256 amount, uint256 paidOut, uint256 totalRows, bytes32 h)
    {
        ModelRound storage m = _model[roundId];
        return (m.status, m.amount, m.paidOut, m.totalRows, m.immutableHash);
    }

    function modelDeliveries(uint256 roundId) external view returns (uint256 numDelivered, uint256 deliveredRows) {
        ModelRound storage m = _model[roundId];
        return (m.numDelivered, m.deliveredRows);
    }

    function modelProvider(uint256 roundId, uint256 i)
        external
        view
        returns (address, uint256, bool, uint256, bool, uint256, uint256)
    {
        ModelProvider storage p = _modelProviders[roundId][i];
        return (p.account, p.rows, p.claimed, p.statsCommitment, p.delivered, p.settlementIndex, p.rowsBefore);
    }

    /// Hash of the fields of a stored round that never change after creation (in two parts: one
    /// abi.encode of every field would not fit the stack).
    function immutableHashOf(IZKMLIncentives.Round memory r) public pure returns (bytes32) {
        bytes32 terms = keccak256(
            abi.encode(r.deposit, r.rowShareBps, r.reservePerRow, r.maxRowsPerProvider, r.ownerKeyX, r.ownerKeyY)
        );
        bytes32 windows = keccak256(abi.encode(r.registrationDeadline, r.deliveryDeadline, r.submissionDeadline));
        return keccak256(
            abi.encode(
                r.owner,
                r.asset,
                r.amount,
                r.shapeId,
                r.maxProviders,
                windows,
                r.validationCommitment,
                r.validationRows,
                r.lambda,
                r.restricted,
                terms
            )
        );
    }

    // --- helpers --------------------------------------------------------------------------------

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    function _round(uint256 seed) internal view returns (uint256) {
        if (modelRoundCount == 0) return 0;
        return seed % modelRoundCount + 1;
    }

    /// The first round from `seed` on (cyclically) that satisfies `ok`, else `_round(seed)`.
    function _roundWith(uint256 seed, function(uint256) internal view returns (bool) ok)
        internal
        view
        returns (uint256)
    {
        uint256 n = modelRoundCount;
        for (uint256 i; i < n; ++i) {
            uint256 id = (seed % n + i) % n + 1;
            if (ok(id)) return id;
        }
        return _round(seed);
    }

    /// A round still in registration with a free slot.
    function _inRegistration(uint256 id) internal view returns (bool) {
        ModelRound storage m = _model[id];
        return block.timestamp < m.registrationDeadline && m.numProviders < m.maxProviders;
    }

    /// An open round whose delivery window has not closed and that has a slot still to deliver.
    function _hasUndelivered(uint256 id) internal view returns (bool) {
        ModelRound storage m = _model[id];
        return m.status == IZKMLIncentives.RoundStatus.Open && block.timestamp < m.deliveryDeadline
            && m.numDelivered < m.numProviders;
    }

    /// An open round with a delivery whose submission window has not closed.
    function _hasDelivery(uint256 id) internal view returns (bool) {
        ModelRound storage m = _model[id];
        return m.status == IZKMLIncentives.RoundStatus.Open && m.numDelivered != 0
            && block.timestamp <= m.submissionDeadline;
    }

    function _flag(bytes memory expected, bool ok, bytes memory err, string memory what) internal {
        if (ok && expected.length != 0) {
            unexpectedSuccess = true;
            if (bytes(violation).length == 0) violation = string.concat(what, ": accepted a call the spec refuses");
        } else if (!ok && expected.length == 0) {
            unexpectedRevert = true;
            if (bytes(violation).length == 0) {
                violation = string.concat(what, ": refused a valid call, error ", vm.toString(err));
            }
        } else if (!ok && keccak256(err) != keccak256(expected)) {
            wrongError = true;
            if (bytes(violation).length == 0) {
                violation = string.concat(what, ": wrong error ", vm.toString(err), " expected ", vm.toString(expected));
            }
        }
        calls[keccak256(abi.encode(what, ok ? "ok" : "rejected"))] += 1;
    }

    function _mismatch(string memory what) internal {
        wrongAmount = true;
        if (bytes(violation).length == 0) violation = what;
    }

    // --- createRound ----------------------------------------------------------------------------

    struct CreateSeeds {
        uint256 ownerSeed;
        bool useToken;
        uint256 amount;
        uint256 maxProviders;
        uint256 regDelay;
        uint256 subDelay;
        uint256 mode;
        uint256 allowSeed;
    }

    function createRound(CreateSeeds memory s) external {
        address owner = _actor(s.ownerSeed);
        IZKMLIncentives.RoundParams memory p;
        p.asset = s.useToken ? address(token) : address(0);
        p.amount = _bound(s.amount, 1, 1e30);
        p.validationCommitment = uint256(keccak256(abi.encode(s.amount))) % (P - 1) + 1;
        p.validationRows = uint256(keccak256(abi.encode("m", s.regDelay))) % N_VAL + 1;
        p.lambda = 100 + s.amount % 2 ** 30;
        p.maxProviders = _bound(s.maxProviders, 1, K);
        uint256 h = uint256(keccak256(abi.encode("sealing", s.amount, s.mode)));
        // Deposit 1..amount (0 sometimes in an allowlisted round), share by rows, reserve mostly "none".
        p.deposit = h % p.amount + 1;
        p.rowShareBps = (h >> 64) % 3 == 0 ? 0 : (h >> 72) % 10_001;
        p.reservePerRow = (h >> 96) % 4 == 0 ? (h >> 104) % (p.amount + 1) : type(uint256).max;
        p.maxRowsPerProvider = (h >> 128) % 3 == 0 ? (h >> 136) % (N_TRAIN / p.maxProviders) + 1 : 0;
        p.registrationDeadline = uint64(block.timestamp + _bound(s.regDelay, 1 hours, 2 days));
        p.deliveryDeadline = p.registrationDeadline + uint64(_bound(s.subDelay >> 32, 1 hours, 1 days));
        p.submissionDeadline = p.deliveryDeadline + uint64(_bound(s.subDelay, 1 days, 3 days));
        p.ownerKey = [TestShapes.GX, TestShapes.GY];
        if (s.allowSeed % 3 == 0) {
            p.allowlist = new address[](3);
            for (uint256 i; i < 3; ++i) {
                p.allowlist[i] = _actor(s.allowSeed / 3 + i * 3);
            }
            if ((h >> 160) % 2 == 0) p.deposit = 0; // an allowlisted round may ask no deposit
        }
        // The honest owner's validation proof of (commitment, m).
        bytes memory validationProof = abi.encode(bytes32(p.validationCommitment), bytes32(p.validationRows));
        // About half of the creations are invalid in one named way.
        uint256 mode = s.mode % 32;
        if (mode == 0) p.lambda = s.mode % 100; // λ below MIN_LAMBDA (λ = 0 included)
        else if (mode == 1) p.registrationDeadline = uint64(block.timestamp + s.mode % 1 hours); // e.g. 1 s
        else if (mode == 2) p.submissionDeadline = p.deliveryDeadline + uint64(s.mode % 1 days);
        else if (mode == 3) p.maxProviders = s.mode % 2 == 0 ? 0 : K + 1;
        else if (mode == 4) p.ownerKey = [TestShapes.GX, TestShapes.GY + 1];
        else if (mode == 5) p.validationRows = s.mode % 2 == 0 ? 0 : N_VAL + 1 + s.mode % 3; // m outside 1..N_VAL
        else if (mode == 6) p.validationCommitment = p.validationCommitment % (P - 2) + 1; // the proof opens another
        else if (mode == 7) p.validationRows = p.validationRows % N_VAL + 1; // the proof is of another m
        else if (mode == 8) validationProof = s.mode % 2 == 0 ? bytes("") : abi.encode(s.mode); // garbage
        else if (mode == 9) p.deposit = s.mode % 2 == 0 ? 0 : p.amount + 1 + s.mode % 7; // none in an open round, or above the pool
        else if (mode == 10) p.rowShareBps = 10_001 + s.mode % 100;
        else if (mode == 11) p.maxRowsPerProvider = N_TRAIN / (p.maxProviders == 0 ? 1 : p.maxProviders) + 1 + s.mode % 5;
        else if (mode == 12) p.deliveryDeadline = p.registrationDeadline + uint64(s.mode % 1 hours); // too short
        else if (mode == 13) p.deliveryDeadline = p.registrationDeadline + 7 days + 1 + uint64(s.mode % 1 days); // too long
        else if (mode == 14) p.submissionDeadline = p.deliveryDeadline + 30 days + 1 + uint64(s.mode % 1 days); // endless
        else if (mode == 15) p.registrationDeadline = uint64(block.timestamp + 30 days + 1 + s.mode % 1 days);

        bytes memory expected = _predictCreate(p, validationProof);
        if (p.asset == address(0)) vm.deal(owner, owner.balance + p.amount);
        else token.mint(owner, p.amount);
        vm.prank(owner);
        try inc.createRound{value: p.asset == address(0) ? p.amount : 0}(p, validationProof) returns (uint256 id) {
            _flag(expected, true, "", "createRound");
            if (expected.length == 0) _recordCreate(id, owner, p);
        } catch (bytes memory err) {
            _flag(expected, false, err, "createRound");
        }
    }

    function _predictCreate(IZKMLIncentives.RoundParams memory p, bytes memory validationProof)
        internal
        view
        returns (bytes memory)
    {
        if (p.validationRows == 0 || p.validationRows > N_VAL) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidValidationRows.selector, p.validationRows, N_VAL);
        }
        if (p.lambda < 100 || p.lambda >= 2 ** 40) {
            return abi.encodeWithSelector(IZKMLIncentives.LambdaOutOfRange.selector, p.lambda);
        }
        if (p.maxProviders == 0 || p.maxProviders > K) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidMaxProviders.selector, p.maxProviders);
        }
        // The deployed shape's N_PROVIDER is its N_TRAIN (k8d1n128): the fair share is N_TRAIN / maxProviders.
        uint256 fair = N_TRAIN / p.maxProviders;
        if (p.maxRowsPerProvider > fair) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidMaxRowsPerProvider.selector, p.maxRowsPerProvider, fair);
        }
        if (p.deposit > p.amount || (p.deposit == 0 && p.allowlist.length == 0)) {
            return abi.encodeWithSelector(IZKMLIncentives.DepositOutOfRange.selector, p.deposit, p.amount);
        }
        if (p.rowShareBps > 10_000) {
            return abi.encodeWithSelector(IZKMLIncentives.RowShareOutOfRange.selector, p.rowShareBps);
        }
        bytes memory window = _predictWindows(p);
        if (window.length != 0) return window;
        if (p.ownerKey[1] != TestShapes.GY) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidOwnerKey.selector, p.ownerKey[0], p.ownerKey[1]);
        }
        // The validation proof is checked last (the handler always sends the exact msg.value): it must be
        // the proof of exactly (validationCommitment, validationRows).
        if (
            keccak256(validationProof)
                != keccak256(abi.encode(bytes32(p.validationCommitment), bytes32(p.validationRows)))
        ) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector);
        }
        return "";
    }

    function _predictWindows(IZKMLIncentives.RoundParams memory p) internal view returns (bytes memory) {
        uint256 reg = p.registrationDeadline > block.timestamp ? p.registrationDeadline - block.timestamp : 0;
        if (reg < 1 hours) return abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooShort.selector, reg, 1 hours);
        if (reg > 30 days) return abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooLong.selector, reg, 30 days);
        uint256 del = p.deliveryDeadline > p.registrationDeadline ? p.deliveryDeadline - p.registrationDeadline : 0;
        if (del < 1 hours) return abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooShort.selector, del, 1 hours);
        if (del > 7 days) return abi.encodeWithSelector(IZKMLIncentives.DeliveryPeriodTooLong.selector, del, 7 days);
        uint256 sub = p.submissionDeadline > p.deliveryDeadline ? p.submissionDeadline - p.deliveryDeadline : 0;
        if (sub < 1 days) return abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooShort.selector, sub, 1 days);
        if (sub > 30 days) return abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooLong.selector, sub, 30 days);
        return "";
    }

    function _recordCreate(uint256 id, address owner, IZKMLIncentives.RoundParams memory p) internal {
        if (id != ++modelRoundCount) _mismatch("createRound: unexpected round id");
        ModelRound storage m = _model[id];
        m.owner = owner;
        m.asset = p.asset;
        m.amount = p.amount;
        m.deposit = p.deposit;
        m.rowShareBps = p.rowShareBps;
        m.reservePerRow = p.reservePerRow;
        m.cap = p.maxRowsPerProvider == 0 ? N_TRAIN / p.maxProviders : p.maxRowsPerProvider;
        m.maxProviders = p.maxProviders;
        m.registrationDeadline = p.registrationDeadline;
        m.deliveryDeadline = p.deliveryDeadline;
        m.submissionDeadline = p.submissionDeadline;
        m.restricted = p.allowlist.length != 0;
        for (uint256 i; i < p.allowlist.length; ++i) {
            _modelAllowed[id][p.allowlist[i]] = true;
        }
        ghostPaidIn[p.asset] += p.amount;
        IZKMLIncentives.Round memory r;
        r.owner = owner;
        r.asset = p.asset;
        r.amount = p.amount;
        r.shapeId = 0;
        r.maxProviders = uint8(p.maxProviders);
        r.registrationDeadline = p.registrationDeadline;
        r.deliveryDeadline = p.deliveryDeadline;
        r.submissionDeadline = p.submissionDeadline;
        r.validationCommitment = p.validationCommitment;
        r.validationRows = uint32(p.validationRows);
        r.lambda = uint40(p.lambda);
        r.restricted = m.restricted;
        r.deposit = p.deposit;
        r.rowShareBps = uint16(p.rowShareBps);
        r.reservePerRow = p.reservePerRow;
        r.maxRowsPerProvider = uint32(m.cap);
        r.ownerKeyX = p.ownerKey[0];
        r.ownerKeyY = p.ownerKey[1];
        m.immutableHash = immutableHashOf(r);
    }

    // --- register -------------------------------------------------------------------------------

    /// One to four registration attempts on one round (so rounds fill up within a run's depth).
    function register(uint256 roundSeed, uint256 actorSeed, uint256 rowSeed, uint256 count) external {
        // Mostly a round still in registration (so rounds fill up within a run's depth).
        uint256 id = rowSeed % 4 == 0 ? _round(roundSeed) : _roundWith(roundSeed, _inRegistration);
        if (id == 0) return;
        count = count % 4 + 1;
        for (uint256 j; j < count; ++j) {
            _register(
                id, actors[(actorSeed % actors.length + j) % actors.length], uint256(keccak256(abi.encode(rowSeed, j)))
            );
        }
    }

    function _register(uint256 id, address provider, uint256 seed) internal {
        // Mostly valid; sometimes 0 rows, more than the cap, an invalid commitment or statistics
        // commitment, or the wrong deposit.
        ModelRound storage m = _model[id];
        uint256 mode = seed % 32; // 0..6 invalid in one named way, the rest valid
        uint256 rows = mode == 0 ? 0 : mode == 1 ? m.cap + 1 + (seed >> 8) % 10 : (seed >> 8) % m.cap + 1;
        uint256 commitment = mode == 2 ? 0 : mode == 3 ? P + 1 : (seed >> 16) % (P - 1) + 1;
        uint256 stats = mode == 5 ? 0 : mode == 6 ? P + (seed >> 24) % 1000 : TestShapes.stats(seed);
        bool eth = m.asset == address(0);
        uint256 value = eth ? m.deposit : 0;
        if (mode == 4) value = eth ? (m.deposit == 0 ? 1 : m.deposit - 1) : 1; // the wrong deposit

        bytes memory expected = _predictRegister(id, provider, rows, commitment, stats, value);
        vm.deal(provider, provider.balance + value);
        if (!eth) token.mint(provider, m.deposit);
        vm.prank(provider);
        try inc.register{value: value}(id, commitment, stats, rows) returns (uint256 index) {
            _flag(expected, true, "", "register");
            if (expected.length == 0) {
                if (index != _modelProviders[id].length) _mismatch("register: unexpected slot");
                _modelProviders[id].push(
                    ModelProvider({
                        account: provider,
                        rows: rows,
                        claimed: false,
                        statsCommitment: stats,
                        delivered: false,
                        settlementIndex: 0,
                        rowsBefore: 0
                    })
                );
                _modelSlot[id][provider] = index + 1;
                m.totalRows += rows;
                m.numProviders += 1;
                ghostPaidIn[m.asset] += m.deposit;
            }
        } catch (bytes memory err) {
            _flag(expected, false, err, "register");
        }
    }

    function _predictRegister(
        uint256 id,
        address provider,
        uint256 rows,
        uint256 commitment,
        uint256 stats,
        uint256 value
    ) internal view returns (bytes memory) {
        ModelRound storage m = _model[id];
        if (block.timestamp >= m.registrationDeadline) {
            return abi.encodeWithSelector(IZKMLIncentives.RegistrationClosed.selector, id);
        }
        if (m.restricted && !_modelAllowed[id][provider]) {
            return abi.encodeWithSelector(IZKMLIncentives.NotAllowlisted.selector, id, provider);
        }
        if (_modelSlot[id][provider] != 0) {
            return abi.encodeWithSelector(IZKMLIncentives.AlreadyRegistered.selector, id, provider);
        }
        if (rows == 0) return abi.encodeWithSelector(IZKMLIncentives.InvalidNumRows.selector, 0);
        if (_modelProviders[id].length >= m.maxProviders) {
            return abi.encodeWithSelector(IZKMLIncentives.RoundFull.selector, id);
        }
        if (rows > m.cap) return abi.encodeWithSelector(IZKMLIncentives.TooManyProviderRows.selector, rows, m.cap);
        if (commitment == 0 || commitment >= P) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidCommitment.selector, commitment);
        }
        if (stats == 0 || stats >= P) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidStatsCommitment.selector, stats);
        }
        uint256 expectedValue = m.asset == address(0) ? m.deposit : 0;
        if (value != expectedValue) {
            return abi.encodeWithSelector(IZKMLIncentives.DepositMismatch.selector, value, expectedValue);
        }
        return "";
    }

    // --- deliver --------------------------------------------------------------------------------

    /// One to three delivery attempts on one round, mostly by registered slots that have not delivered
    /// (some registrants never get here: they are excluded).
    function deliver(uint256 roundSeed, uint256 actorSeed, uint256 mode, bool warpIn) external {
        // Mostly a round that still has a slot to deliver (so deliveries happen within a run's depth).
        uint256 id = mode % 4 == 0 ? _round(roundSeed) : _roundWith(roundSeed, _hasUndelivered);
        if (id == 0) return;
        ModelRound storage m = _model[id];
        if ((warpIn || mode % 4 != 0) && block.timestamp < m.registrationDeadline) vm.warp(m.registrationDeadline);
        ModelProvider[] storage ps = _modelProviders[id];
        uint256 count = mode % 3 + 1;
        for (uint256 j; j < count; ++j) {
            address who = _actor(actorSeed % actors.length + j);
            // Mostly a registered slot that has not delivered yet.
            if (mode % 5 != 0 && ps.length != 0) who = _undeliveredFrom(ps, actorSeed % ps.length + j);
            _deliver(id, who, uint256(keccak256(abi.encode(mode, j))));
        }
    }

    /// The account of the first slot from `start` on (cyclically) that has not delivered, else of slot `start`.
    function _undeliveredFrom(ModelProvider[] storage ps, uint256 start) internal view returns (address) {
        for (uint256 i; i < ps.length; ++i) {
            ModelProvider storage p = ps[(start + i) % ps.length];
            if (!p.delivered) return p.account;
        }
        return ps[start % ps.length].account;
    }

    function _deliver(uint256 id, address who, uint256 seed) internal {
        uint256[] memory ct = _ciphertext;
        uint256[2] memory ek = [TestShapes.GX, TestShapes.GY];
        uint256 mode = seed % 12;
        if (mode == 0) ct[5] = P;
        else if (mode == 1) ek = [TestShapes.GX, TestShapes.GY + 1];
        bytes memory expected = _predictDeliver(id, who, ct, ek);
        vm.prank(who);
        try inc.deliver(id, ek, ct, hex"00") returns (uint256 settlementIndex) {
            _flag(expected, true, "", "deliver");
            if (expected.length == 0) {
                ModelRound storage m = _model[id];
                ModelProvider storage p = _modelProviders[id][_modelSlot[id][who] - 1];
                if (settlementIndex != m.numDelivered) _mismatch("deliver: unexpected settlement index");
                p.delivered = true;
                p.settlementIndex = m.numDelivered;
                p.rowsBefore = m.deliveredRows;
                m.numDelivered += 1;
                m.deliveredRows += p.rows;
            }
        } catch (bytes memory err) {
            _flag(expected, false, err, "deliver");
        }
    }

    function _predictDeliver(uint256 id, address who, uint256[] memory ct, uint256[2] memory ek)
        internal
        view
        returns (bytes memory)
    {
        ModelRound storage m = _model[id];
        if (block.timestamp < m.registrationDeadline) {
            return abi.encodeWithSelector(IZKMLIncentives.DeliveryNotOpen.selector, id, m.registrationDeadline);
        }
        if (block.timestamp >= m.deliveryDeadline) {
            return abi.encodeWithSelector(IZKMLIncentives.DeliveryClosed.selector, id);
        }
        uint256 slotPlusOne = _modelSlot[id][who];
        if (slotPlusOne == 0) return abi.encodeWithSelector(IZKMLIncentives.NotRegistered.selector, id, who);
        if (_modelProviders[id][slotPlusOne - 1].delivered) {
            return abi.encodeWithSelector(IZKMLIncentives.AlreadyDelivered.selector, id, slotPlusOne - 1);
        }
        for (uint256 i; i < ct.length; ++i) {
            if (ct[i] >= P) return abi.encodeWithSelector(IZKMLIncentives.InvalidCiphertext.selector, i, ct[i]);
        }
        if (ek[1] != TestShapes.GY) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidEphemeralKey.selector, ek[0], ek[1]);
        }
        return "";
    }

    // --- submit ---------------------------------------------------------------------------------

    function _deliveryOver(ModelRound storage m) internal view returns (bool) {
        return block.timestamp >= m.deliveryDeadline || m.numDelivered == m.numProviders;
    }

    function submit(uint256 roundSeed, uint256 submitterSeed, int256[8] memory raw, uint256 mode, bool warpIn)
        external
    {
        // Mostly an open round with a delivery (so settlements happen within a run's depth).
        uint256 id = raw[7] % 4 == 0 ? _round(roundSeed) : _roundWith(roundSeed, _hasDelivery);
        if (id == 0) return;
        ModelRound storage m = _model[id];
        if (warpIn && block.timestamp < m.deliveryDeadline && !_deliveryOver(m)) vm.warp(m.deliveryDeadline);
        uint256 k = m.numDelivered;

        int256[] memory phi = new int256[](K);
        mode %= 4;
        for (uint256 i; i < k; ++i) {
            int256 v = raw[i % 8];
            if (mode == 0) phi[i] = _bound(v, -MAX_ABS, MAX_ABS);
            else if (mode == 1) phi[i] = _bound(v, -10, 10);
            else if (mode == 2) phi[i] = _bound(v, -MAX_ABS, 0); // the owner's label shift: no φ positive
            else phi[i] = _bound(v, -1e8, 1e9);
        }

        bytes memory expected = _predictSubmit(id, k);
        vm.prank(_actor(submitterSeed));
        try inc.submit(id, new int256[](ZkmlLayout.D), 0, 0, phi, hex"00") {
            _flag(expected, true, "", "submit");
            if (expected.length == 0) _recordSubmit(m, phi, k);
        } catch (bytes memory err) {
            _flag(expected, false, err, "submit");
        }
    }

    function _recordSubmit(ModelRound storage m, int256[] memory phi, uint256 k) internal {
        m.status = IZKMLIncentives.RoundStatus.Settled;
        uint256 total;
        for (uint256 i; i < k; ++i) {
            if (phi[i] > 0) total += uint256(phi[i]);
            m.prefix.push(total);
        }
        m.positiveTotal = total;
        if (total == 0) {
            (, uint256 valuePool) = _pools(m);
            uint256 refund = valuePool - _reserved(m, valuePool);
            m.paidOut += refund;
            ghostCredited[m.owner][m.asset] += refund;
        }
    }

    function _predictSubmit(uint256 id, uint256 k) internal view returns (bytes memory) {
        ModelRound storage m = _model[id];
        if (m.status != IZKMLIncentives.RoundStatus.Open) {
            return abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, m.status);
        }
        if (block.timestamp < m.registrationDeadline || !_deliveryOver(m)) {
            return abi.encodeWithSelector(IZKMLIncentives.SubmissionNotOpen.selector, id, m.deliveryDeadline);
        }
        if (block.timestamp > m.submissionDeadline) {
            return abi.encodeWithSelector(IZKMLIncentives.SubmissionClosed.selector, id);
        }
        if (k == 0) return abi.encodeWithSelector(IZKMLIncentives.NoProviders.selector, id);
        return "";
    }

    // --- claim ----------------------------------------------------------------------------------

    /// The pool (escrow + forfeited deposits) split into its part by rows and its value part.
    function _pools(ModelRound storage m) internal view returns (uint256 rowPool, uint256 valuePool) {
        uint256 pool = m.amount + m.deposit * (m.numProviders - m.numDelivered);
        rowPool = Math.mulDiv(pool, m.rowShareBps, 10_000);
        valuePool = pool - rowPool;
    }

    /// min(valuePool, reservePerRow · deliveredRows).
    function _reserved(ModelRound storage m, uint256 valuePool) internal view returns (uint256) {
        (bool ok, uint256 product) = Math.tryMul(m.reservePerRow, m.deliveredRows);
        return !ok || product >= valuePool ? valuePool : product;
    }

    /// The credit of slot i by the specification (deposit + cumulative-rounding shares, contracts/README.md).
    function expectedReward(uint256 id, uint256 i) public view returns (uint256 reward) {
        ModelRound storage m = _model[id];
        ModelProvider storage p = _modelProviders[id][i];
        (uint256 rowPool, uint256 valuePool) = _pools(m);
        bool settled = m.status == IZKMLIncentives.RoundStatus.Settled;
        reward = m.deposit;
        if (settled && m.positiveTotal != 0) {
            uint256 j = p.settlementIndex;
            uint256 before = j == 0 ? 0 : m.prefix[j - 1];
            reward += Math.mulDiv(valuePool, m.prefix[j], m.positiveTotal)
                - Math.mulDiv(valuePool, before, m.positiveTotal);
        } else {
            rowPool += settled ? _reserved(m, valuePool) : valuePool;
        }
        reward += Math.mulDiv(rowPool, p.rowsBefore + p.rows, m.deliveredRows)
            - Math.mulDiv(rowPool, p.rowsBefore, m.deliveredRows);
    }

    function modelClaimable(uint256 id) public view returns (bool) {
        ModelRound storage m = _model[id];
        return m.status == IZKMLIncentives.RoundStatus.Settled
            || (m.status == IZKMLIncentives.RoundStatus.Open && block.timestamp > m.submissionDeadline);
    }

    function claim(uint256 roundSeed, uint256 indexSeed, uint256 callerSeed) external {
        uint256 id = _round(roundSeed);
        if (id == 0) return;
        uint256 k = _modelProviders[id].length;
        // Mostly an existing slot; sometimes one past the end.
        uint256 index = indexSeed % 8 == 0 ? k : (k == 0 ? 0 : indexSeed % k);
        _claim(id, index, _actor(callerSeed));
    }

    function _claim(uint256 id, uint256 index, address caller) internal {
        uint256 k = _modelProviders[id].length;
        bytes memory expected;
        uint256 reward;
        if (index >= k) {
            expected = abi.encodeWithSelector(IZKMLIncentives.ProviderNotFound.selector, id, index);
        } else if (!modelClaimable(id)) {
            expected = abi.encodeWithSelector(IZKMLIncentives.NotClaimable.selector, id);
        } else if (!_modelProviders[id][index].delivered) {
            expected = abi.encodeWithSelector(IZKMLIncentives.NotDelivered.selector, id, index);
        } else if (_modelProviders[id][index].claimed) {
            expected = abi.encodeWithSelector(IZKMLIncentives.AlreadyClaimed.selector, id, index);
        } else {
            reward = expectedReward(id, index);
            if (reward == 0) expected = abi.encodeWithSelector(IZKMLIncentives.NothingToClaim.selector, id, index);
        }
        vm.prank(caller);
        try inc.claim(id, index) returns (uint256 amount) {
            _flag(expected, true, "", "claim");
            if (expected.length == 0) {
                if (amount != reward) _mismatch("claim: reward differs from the specification");
                ModelProvider storage p = _modelProviders[id][index];
                p.claimed = true;
                _model[id].paidOut += reward;
                ghostCredited[p.account][_model[id].asset] += reward;
            }
        } catch (bytes memory err) {
            _flag(expected, false, err, "claim");
        }
    }

    // --- reclaim --------------------------------------------------------------------------------

    /// Whether the owner may reclaim round `id` now (nobody delivered, and nobody can any more).
    function modelReclaimable(uint256 id) public view returns (bool) {
        ModelRound storage m = _model[id];
        if (m.status != IZKMLIncentives.RoundStatus.Open || m.numDelivered != 0) return false;
        uint256 closesAt = _modelProviders[id].length == 0 ? m.registrationDeadline : m.deliveryDeadline;
        return block.timestamp >= closesAt;
    }

    function reclaim(uint256 roundSeed, uint256 callerSeed) external {
        uint256 id = _round(roundSeed);
        if (id == 0) return;
        _reclaim(id, callerSeed % 4 == 0 ? _actor(callerSeed) : _model[id].owner);
    }

    function _reclaim(uint256 id, address caller) internal {
        ModelRound storage m = _model[id];
        bytes memory expected;
        uint256 registered = _modelProviders[id].length;
        if (caller != m.owner) {
            expected = abi.encodeWithSelector(IZKMLIncentives.NotRoundOwner.selector, id, caller);
        } else if (m.status != IZKMLIncentives.RoundStatus.Open) {
            expected = abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, m.status);
        } else if (m.numDelivered != 0) {
            expected = abi.encodeWithSelector(IZKMLIncentives.RoundHasProviders.selector, id);
        } else if (!modelReclaimable(id)) {
            expected = abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id);
        }
        vm.prank(caller);
        try inc.reclaim(id) {
            _flag(expected, true, "", "reclaim");
            if (expected.length == 0) {
                uint256 amount = m.amount + m.deposit * registered;
                m.status = IZKMLIncentives.RoundStatus.Reclaimed;
                m.paidOut = amount;
                ghostCredited[m.owner][m.asset] += amount;
            }
        } catch (bytes memory err) {
            _flag(expected, false, err, "reclaim");
        }
    }
    // --- withdraw -------------------------------------------------------------------------------

    function withdraw(uint256 actorSeed, bool useToken) external {
        address asset = useToken ? address(token) : address(0);
        address account = _actor(actorSeed);
        // Mostly an account that has something to withdraw (sometimes anyone, to exercise rejections).
        for (uint256 i; i < actors.length && actorSeed % 8 != 0; ++i) {
            address candidate = actors[(actorSeed % actors.length + i) % actors.length];
            if (ghostCredited[candidate][asset] > ghostWithdrawn[candidate][asset]) {
                account = candidate;
                break;
            }
        }
        _withdraw(account, asset);
    }

    function _withdraw(address account, address asset) internal {
        bool useToken = asset != address(0);
        uint256 owed = ghostCredited[account][asset] - ghostWithdrawn[account][asset];
        bytes memory expected =
            owed == 0 ? abi.encodeWithSelector(IZKMLIncentives.NothingToWithdraw.selector, asset) : bytes("");
        uint256 before = useToken ? token.balanceOf(account) : account.balance;
        vm.prank(account);
        try inc.withdraw(asset) returns (uint256 amount) {
            _flag(expected, true, "", "withdraw");
            uint256 received = (useToken ? token.balanceOf(account) : account.balance) - before;
            if (received != amount || amount != owed) _mismatch("withdraw: paid another amount than owed");
            ghostWithdrawn[account][asset] += received;
        } catch (bytes memory err) {
            _flag(expected, false, err, "withdraw");
        }
    }

    function warp(uint256 seconds_) external {
        // Mostly short steps (windows are exercised from inside), sometimes a long one (to expire rounds).
        vm.warp(block.timestamp + (seconds_ % 8 == 0 ? _bound(seconds_, 1 days, 4 days) : _bound(seconds_, 1, 6 hours)));
        ++calls["warp"];
    }

    /// End of a run: moves past every round's last deadline, then claims every slot, reclaims every
    /// round, and withdraws every credit through the same predictions as the fuzzed calls, so every
    /// reward and refund of the run is checked against the model and everything is paid out.
    function drain() external {
        uint256 last = block.timestamp;
        for (uint256 id = 1; id <= modelRoundCount; ++id) {
            if (_model[id].submissionDeadline >= last) last = uint256(_model[id].submissionDeadline) + 1;
        }
        vm.warp(last);
        for (uint256 id = 1; id <= modelRoundCount; ++id) {
            for (uint256 i; i < _modelProviders[id].length; ++i) {
                if (_modelProviders[id][i].delivered && !_modelProviders[id][i].claimed) _claim(id, i, actors[i % actors.length]);
            }
            if (_model[id].status == IZKMLIncentives.RoundStatus.Open && _model[id].numDelivered == 0) {
                _reclaim(id, _model[id].owner);
            }
        }
        for (uint256 a; a < 2; ++a) {
            for (uint256 i; i < actors.length; ++i) {
                if (ghostCredited[actors[i]][assets[a]] > ghostWithdrawn[actors[i]][assets[a]]) _withdraw(actors[i], assets[a]);
            }
        }
    }
}
