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

/// @notice Drives ZKMLIncentives through random sequences of create / register / submit / claim /
///         reclaim / withdraw / warp over several rounds, in ETH and in an ERC20, with settlement and
///         registration verifiers that accept any proof (so φ is the fuzzer's choice, as an honest prover's
///         could be) and a validation verifier that binds (commitment, m) ({ValidationBoundVerifier}), so
///         that a validation proof of another commitment or row count is an expected InvalidProof.
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
    }

    struct ModelRound {
        address owner;
        address asset;
        uint256 amount;
        uint256 maxProviders;
        uint64 registrationDeadline;
        uint64 submissionDeadline;
        bool restricted;
        IZKMLIncentives.RoundStatus status;
        uint256 totalRows;
        uint256 paidOut;
        uint256 positiveTotal;
        uint256[] prefix; // prefix sums of max(φ, 0) after settlement
        bytes32 immutableHash; // hash of the creation parameters
    }

    uint256 public modelRoundCount;
    mapping(uint256 roundId => ModelRound) internal _model;
    mapping(uint256 roundId => ModelProvider[]) internal _modelProviders;
    mapping(uint256 roundId => mapping(address => bool)) internal _modelAllowed;
    mapping(uint256 roundId => mapping(address => bool)) internal _modelRegistered;

    /// Everything credited to / withdrawn by an account, per asset.
    mapping(address account => mapping(address asset => uint256)) public ghostCredited;
    mapping(address account => mapping(address asset => uint256)) public ghostWithdrawn;

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

    function modelProvider(uint256 roundId, uint256 i) external view returns (address, uint256, bool, uint256) {
        ModelProvider storage p = _modelProviders[roundId][i];
        return (p.account, p.rows, p.claimed, p.statsCommitment);
    }

    /// Hash of the fields of a stored round that never change after creation.
    function immutableHashOf(IZKMLIncentives.Round memory r) public pure returns (bytes32) {
        return keccak256(
            abi.encode(
                r.owner,
                r.asset,
                r.amount,
                r.shapeId,
                r.maxProviders,
                r.registrationDeadline,
                r.submissionDeadline,
                r.validationCommitment,
                r.validationRows,
                r.lambda,
                r.restricted,
                r.ownerKeyX,
                r.ownerKeyY
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
        p.registrationDeadline = uint64(block.timestamp + _bound(s.regDelay, 1 hours, 2 days));
        p.submissionDeadline = p.registrationDeadline + uint64(_bound(s.subDelay, 1 days, 3 days));
        p.ownerKey = [TestShapes.GX, TestShapes.GY];
        if (s.allowSeed % 3 == 0) {
            p.allowlist = new address[](3);
            for (uint256 i; i < 3; ++i) {
                p.allowlist[i] = _actor(s.allowSeed / 3 + i * 3);
            }
        }
        // The honest owner's validation proof of (commitment, m).
        bytes memory validationProof = abi.encode(bytes32(p.validationCommitment), bytes32(p.validationRows));
        // Two in five creations are invalid in one named way.
        uint256 mode = s.mode % 20;
        if (mode == 0) p.lambda = s.mode % 100; // λ below MIN_LAMBDA (λ = 0 included)
        else if (mode == 1) p.registrationDeadline = uint64(block.timestamp + s.mode % 1 hours); // e.g. 1 s
        else if (mode == 2) p.submissionDeadline = p.registrationDeadline + uint64(s.mode % 1 days);
        else if (mode == 3) p.maxProviders = s.mode % 2 == 0 ? 0 : K + 1;
        else if (mode == 4) p.ownerKey = [TestShapes.GX, TestShapes.GY + 1];
        else if (mode == 5) p.validationRows = s.mode % 2 == 0 ? 0 : N_VAL + 1 + s.mode % 3; // m outside 1..N_VAL
        else if (mode == 6) p.validationCommitment = p.validationCommitment % (P - 2) + 1; // the proof opens another
        else if (mode == 7) p.validationRows = p.validationRows % N_VAL + 1; // the proof is of another m
        else if (mode == 8) validationProof = s.mode % 2 == 0 ? bytes("") : abi.encode(s.mode); // garbage

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
        uint256 regPeriod = p.registrationDeadline > block.timestamp ? p.registrationDeadline - block.timestamp : 0;
        if (regPeriod < 1 hours) {
            return abi.encodeWithSelector(IZKMLIncentives.RegistrationPeriodTooShort.selector, regPeriod, 1 hours);
        }
        uint256 subPeriod = p.submissionDeadline - p.registrationDeadline;
        if (subPeriod < 1 days) {
            return abi.encodeWithSelector(IZKMLIncentives.SubmissionPeriodTooShort.selector, subPeriod, 1 days);
        }
        if (p.ownerKey[1] != TestShapes.GY) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidOwnerKey.selector, p.ownerKey[0], p.ownerKey[1]);
        }
        // The validation proof is checked last (the handler always sends the exact msg.value): it must be
        // the proof of exactly (validationCommitment, validationRows).
        if (keccak256(validationProof) != keccak256(abi.encode(bytes32(p.validationCommitment), bytes32(p.validationRows)))) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidProof.selector);
        }
        return "";
    }

    function _recordCreate(uint256 id, address owner, IZKMLIncentives.RoundParams memory p) internal {
        if (id != ++modelRoundCount) _mismatch("createRound: unexpected round id");
        ModelRound storage m = _model[id];
        m.owner = owner;
        m.asset = p.asset;
        m.amount = p.amount;
        m.maxProviders = p.maxProviders;
        m.registrationDeadline = p.registrationDeadline;
        m.submissionDeadline = p.submissionDeadline;
        m.restricted = p.allowlist.length != 0;
        for (uint256 i; i < p.allowlist.length; ++i) {
            _modelAllowed[id][p.allowlist[i]] = true;
        }
        IZKMLIncentives.Round memory r;
        r.owner = owner;
        r.asset = p.asset;
        r.amount = p.amount;
        r.shapeId = 0;
        r.maxProviders = uint8(p.maxProviders);
        r.registrationDeadline = p.registrationDeadline;
        r.submissionDeadline = p.submissionDeadline;
        r.validationCommitment = p.validationCommitment;
        r.validationRows = uint32(p.validationRows);
        r.lambda = uint40(p.lambda);
        r.restricted = m.restricted;
        r.ownerKeyX = p.ownerKey[0];
        r.ownerKeyY = p.ownerKey[1];
        m.immutableHash = immutableHashOf(r);
    }

    // --- register -------------------------------------------------------------------------------

    /// One to four registration attempts on one round (so rounds fill up within a run's depth).
    function register(uint256 roundSeed, uint256 actorSeed, uint256 rowSeed, uint256 count) external {
        uint256 id = _round(roundSeed);
        if (id == 0) return;
        count = count % 4 + 1;
        for (uint256 j; j < count; ++j) {
            _register(
                id, actors[(actorSeed % actors.length + j) % actors.length], uint256(keccak256(abi.encode(rowSeed, j)))
            );
        }
    }

    function _register(uint256 id, address provider, uint256 seed) internal {
        // Mostly valid; sometimes 0 rows, too many rows, an invalid commitment, ciphertext element or
        // statistics commitment.
        uint256 mode = seed % 16;
        uint256 rows = mode == 0 ? 0 : mode == 1 ? N_TRAIN + 1 : (seed >> 8) % 40 + 1;
        uint256 commitment = mode == 2 ? 0 : mode == 3 ? P + 1 : (seed >> 16) % (P - 1) + 1;
        uint256 stats = mode == 5 ? 0 : mode == 6 ? P + (seed >> 24) % 1000 : TestShapes.stats(seed);
        uint256[] memory ct = _ciphertext;
        if (mode == 4) ct[5] = P;

        bytes memory expected = _predictRegister(id, provider, rows, commitment, stats, ct);
        vm.prank(provider);
        try inc.register(id, commitment, stats, rows, [TestShapes.GX, TestShapes.GY], ct, hex"00") returns (
            uint256 index
        ) {
            _flag(expected, true, "", "register");
            if (expected.length == 0) {
                if (index != _modelProviders[id].length) _mismatch("register: unexpected slot");
                _modelProviders[id].push(
                    ModelProvider({account: provider, rows: rows, claimed: false, statsCommitment: stats})
                );
                _modelRegistered[id][provider] = true;
                _model[id].totalRows += rows;
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
        uint256[] memory ct
    ) internal view returns (bytes memory) {
        ModelRound storage m = _model[id];
        if (block.timestamp >= m.registrationDeadline) {
            return abi.encodeWithSelector(IZKMLIncentives.RegistrationClosed.selector, id);
        }
        if (m.restricted && !_modelAllowed[id][provider]) {
            return abi.encodeWithSelector(IZKMLIncentives.NotAllowlisted.selector, id, provider);
        }
        if (_modelRegistered[id][provider]) {
            return abi.encodeWithSelector(IZKMLIncentives.AlreadyRegistered.selector, id, provider);
        }
        if (rows == 0) return abi.encodeWithSelector(IZKMLIncentives.InvalidNumRows.selector, 0);
        if (_modelProviders[id].length >= m.maxProviders) {
            return abi.encodeWithSelector(IZKMLIncentives.RoundFull.selector, id);
        }
        if (m.totalRows + rows > N_TRAIN) {
            return abi.encodeWithSelector(IZKMLIncentives.RowCapacityExceeded.selector, id, rows, N_TRAIN - m.totalRows);
        }
        for (uint256 i; i < ct.length; ++i) {
            if (ct[i] >= P) return abi.encodeWithSelector(IZKMLIncentives.InvalidCiphertext.selector, i, ct[i]);
        }
        if (commitment == 0 || commitment >= P) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidCommitment.selector, commitment);
        }
        if (stats == 0 || stats >= P) {
            return abi.encodeWithSelector(IZKMLIncentives.InvalidStatsCommitment.selector, stats);
        }
        return "";
    }

    // --- submit ---------------------------------------------------------------------------------

    function submit(uint256 roundSeed, uint256 submitterSeed, int256[8] memory raw, uint256 mode, bool warpIn)
        external
    {
        uint256 id = _round(roundSeed);
        if (id == 0) return;
        ModelRound storage m = _model[id];
        if (warpIn && block.timestamp < m.registrationDeadline) vm.warp(m.registrationDeadline);
        uint256 k = _modelProviders[id].length;

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
            if (expected.length == 0) {
                m.status = IZKMLIncentives.RoundStatus.Settled;
                uint256 total;
                for (uint256 i; i < k; ++i) {
                    if (phi[i] > 0) total += uint256(phi[i]);
                    m.prefix.push(total);
                }
                m.positiveTotal = total;
            }
        } catch (bytes memory err) {
            _flag(expected, false, err, "submit");
        }
    }

    function _predictSubmit(uint256 id, uint256 k) internal view returns (bytes memory) {
        ModelRound storage m = _model[id];
        if (m.status != IZKMLIncentives.RoundStatus.Open) {
            return abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, m.status);
        }
        if (block.timestamp < m.registrationDeadline) {
            return abi.encodeWithSelector(IZKMLIncentives.SubmissionNotOpen.selector, id, m.registrationDeadline);
        }
        if (block.timestamp > m.submissionDeadline) {
            return abi.encodeWithSelector(IZKMLIncentives.SubmissionClosed.selector, id);
        }
        if (k == 0) return abi.encodeWithSelector(IZKMLIncentives.NoProviders.selector, id);
        return "";
    }

    // --- claim ----------------------------------------------------------------------------------

    /// The reward of provider i by the specification (cumulative rounding, contracts/README.md).
    function expectedReward(uint256 id, uint256 i) public view returns (uint256) {
        ModelRound storage m = _model[id];
        ModelProvider[] storage ps = _modelProviders[id];
        if (m.status == IZKMLIncentives.RoundStatus.Settled && m.positiveTotal != 0) {
            uint256 before = i == 0 ? 0 : m.prefix[i - 1];
            return Math.mulDiv(m.amount, m.prefix[i], m.positiveTotal) - Math.mulDiv(m.amount, before, m.positiveTotal);
        }
        uint256 rowsBefore;
        for (uint256 j; j < i; ++j) {
            rowsBefore += ps[j].rows;
        }
        return
            Math.mulDiv(m.amount, rowsBefore + ps[i].rows, m.totalRows) - Math.mulDiv(m.amount, rowsBefore, m.totalRows);
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
        bytes memory expected;
        uint256 reward;
        if (index >= k) {
            expected = abi.encodeWithSelector(IZKMLIncentives.ProviderNotFound.selector, id, index);
        } else if (!modelClaimable(id)) {
            expected = abi.encodeWithSelector(IZKMLIncentives.NotClaimable.selector, id);
        } else if (_modelProviders[id][index].claimed) {
            expected = abi.encodeWithSelector(IZKMLIncentives.AlreadyClaimed.selector, id, index);
        } else {
            reward = expectedReward(id, index);
            if (reward == 0) expected = abi.encodeWithSelector(IZKMLIncentives.NothingToClaim.selector, id, index);
        }
        vm.prank(_actor(callerSeed));
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

    function reclaim(uint256 roundSeed, uint256 callerSeed) external {
        uint256 id = _round(roundSeed);
        if (id == 0) return;
        ModelRound storage m = _model[id];
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed) : m.owner;
        bytes memory expected;
        if (caller != m.owner) {
            expected = abi.encodeWithSelector(IZKMLIncentives.NotRoundOwner.selector, id, caller);
        } else if (m.status != IZKMLIncentives.RoundStatus.Open) {
            expected = abi.encodeWithSelector(IZKMLIncentives.RoundNotOpen.selector, id, m.status);
        } else if (block.timestamp < m.registrationDeadline) {
            expected = abi.encodeWithSelector(IZKMLIncentives.RoundNotExpired.selector, id);
        } else if (_modelProviders[id].length != 0) {
            expected = abi.encodeWithSelector(IZKMLIncentives.RoundHasProviders.selector, id);
        }
        vm.prank(caller);
        try inc.reclaim(id) {
            _flag(expected, true, "", "reclaim");
            if (expected.length == 0) {
                m.status = IZKMLIncentives.RoundStatus.Reclaimed;
                m.paidOut = m.amount;
                ghostCredited[m.owner][m.asset] += m.amount;
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
        vm.warp(block.timestamp + _bound(seconds_, 1, 1 days));
        ++calls["warp"];
    }
}
