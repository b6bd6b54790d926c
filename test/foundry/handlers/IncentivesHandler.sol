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

/// @notice Drives ZKMLIncentives through random sequences of create / register / submit / reclaim /
///         withdraw / warp over several rounds, in ETH and in an ERC20, with a verifier that accepts
///         any proof (so φ is the fuzzer's choice). Ghost variables record what the contract should
///         hold; a violated expectation sets a flag that the invariants check (a failing assertion
///         inside a handler would only be a swallowed revert).
contract IncentivesHandler is CommonBase, StdCheats, StdUtils {
    uint256 internal constant P = ZkmlLayout.FIELD_MODULUS;
    uint256 internal constant K = ZkmlLayout.K;
    int256 internal constant MAX_ABS = int256(2 ** 120) - 1;
    uint256 internal constant NUM_ACTORS = 10;

    ZKMLIncentives public immutable inc;
    MockERC20 public immutable token;
    address[] public actors;
    address[2] public assets;

    // --- ghosts ---------------------------------------------------------------------------------
    /// Escrow of rounds neither settled nor reclaimed, per asset.
    mapping(address asset => uint256) public ghostEscrow;
    /// Everything credited to / withdrawn by an account, per asset.
    mapping(address account => mapping(address asset => uint256)) public ghostCredited;
    mapping(address account => mapping(address asset => uint256)) public ghostWithdrawn;
    /// Hash of a round's stored state when it became final (settled or reclaimed).
    mapping(uint256 roundId => bytes32) public finalSnapshot;

    /// Violations observed by the handler (each must stay false).
    bool public lateRegistration;
    bool public invalidRegistration;
    bool public unexpectedSettlement;
    bool public wrongCredit;
    bool public unexpectedReclaim;
    bool public withdrewMoreThanCredited;

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
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function snapshotOf(uint256 roundId) public view returns (bytes32) {
        (address[] memory accounts, uint256[] memory commitments) = inc.getProviders(roundId);
        return keccak256(abi.encode(inc.getRound(roundId), accounts, commitments));
    }

    // --- helpers --------------------------------------------------------------------------------

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// A round id, or 0 when none exists (biased towards recent rounds).
    function _round(uint256 seed) internal view returns (uint256) {
        uint256 n = inc.roundCount();
        if (n == 0) return 0;
        uint256 window = n < 6 ? n : 6;
        return n - (seed % window);
    }

    /// Starting from a random recent round, the first one that satisfies `wanted` (or the random one).
    function _roundWhere(uint256 seed, function(IZKMLIncentives.Round memory) view returns (bool) wanted)
        internal
        view
        returns (uint256)
    {
        uint256 first = _round(seed);
        if (first == 0 || seed % 8 == 0) return first; // sometimes any round, to exercise rejections
        for (uint256 id = first; id > 0 && id + 8 > first; --id) {
            if (wanted(inc.getRound(id))) return id;
        }
        return first;
    }

    function _registrable(IZKMLIncentives.Round memory r) internal view returns (bool) {
        return block.timestamp < r.registrationDeadline && r.numProviders < r.maxProviders;
    }

    function _settleable(IZKMLIncentives.Round memory r) internal view returns (bool) {
        return
            r.status == IZKMLIncentives.RoundStatus.Open && r.numProviders > 0
                && block.timestamp <= r.submissionDeadline;
    }

    function _reclaimable(IZKMLIncentives.Round memory r) internal view returns (bool) {
        return r.status == IZKMLIncentives.RoundStatus.Open
            && (block.timestamp > r.submissionDeadline
                || (block.timestamp >= r.registrationDeadline && r.numProviders == 0));
    }

    function _finalize(uint256 roundId) internal {
        finalSnapshot[roundId] = snapshotOf(roundId);
    }

    // --- actions --------------------------------------------------------------------------------

    function createRound(
        uint256 ownerSeed,
        bool useToken,
        uint256 amount,
        uint256 maxProviders,
        uint256 regDelay,
        uint256 subDelay
    ) external {
        address owner = _actor(ownerSeed);
        address asset = useToken ? address(token) : address(0);
        amount = _bound(amount, 1, 1e30);
        maxProviders = _bound(maxProviders, 1, K);
        uint64 reg = uint64(block.timestamp + _bound(regDelay, 1, 2 days));
        uint64 sub = reg + uint64(_bound(subDelay, 1, 2 days));
        if (useToken) {
            token.mint(owner, amount);
        } else {
            vm.deal(owner, owner.balance + amount);
        }
        vm.prank(owner);
        inc.createRound{value: useToken ? 0 : amount}(
            asset,
            amount,
            uint256(keccak256(abi.encode(amount))) % (P - 1) + 1,
            amount % 2 ** 40,
            maxProviders,
            reg,
            sub
        );
        ghostEscrow[asset] += amount;
        ++calls["createRound"];
    }

    /// One to four registration attempts on one round (so rounds fill up within a run's depth).
    function register(uint256 roundSeed, uint256 actorSeed, uint256 commitmentSeed, uint256 count) external {
        uint256 roundId = _roundWhere(roundSeed, _registrable);
        if (roundId == 0) return;
        count = count % 4 + 1;
        for (uint256 j; j < count; ++j) {
            _register(
                roundId,
                actors[(actorSeed % actors.length + j) % actors.length],
                uint256(keccak256(abi.encode(commitmentSeed, j)))
            );
        }
    }

    function _register(uint256 roundId, address provider, uint256 commitmentSeed) internal {
        // Mostly a small pool of valid commitments (duplicates happen), sometimes out of field or 0.
        uint256 mode = commitmentSeed % 10;
        uint256 commitment =
            mode == 0 ? 0 : mode == 1 ? P + (commitmentSeed >> 8) % 1000 : (commitmentSeed >> 8) % 12 + 1;

        IZKMLIncentives.Round memory before = inc.getRound(roundId);
        (address[] memory accounts, uint256[] memory commitments) = inc.getProviders(roundId);
        vm.prank(provider);
        try inc.register(roundId, commitment) {
            ++calls["register.ok"];
            if (block.timestamp >= before.registrationDeadline) lateRegistration = true;
            bool ok = commitment != 0 && commitment < P && before.numProviders < before.maxProviders;
            for (uint256 i; i < accounts.length; ++i) {
                if (accounts[i] == provider || commitments[i] == commitment) ok = false;
            }
            if (!ok) invalidRegistration = true;
        } catch {
            ++calls["register.rejected"];
        }
    }

    function submit(uint256 roundSeed, uint256 submitterSeed, int256[8] memory raw, uint256 mode, bool warpIn)
        external
    {
        uint256 roundId = _roundWhere(roundSeed, _settleable);
        if (roundId == 0) return;
        IZKMLIncentives.Round memory r = inc.getRound(roundId);
        if (warpIn && block.timestamp < r.registrationDeadline) vm.warp(r.registrationDeadline);
        uint256 k = r.numProviders;

        int256[] memory phi = new int256[](K);
        mode %= 4;
        for (uint256 i; i < k; ++i) {
            int256 v = raw[i % 8];
            if (mode == 0) phi[i] = _bound(v, -MAX_ABS, MAX_ABS);
            else if (mode == 1) phi[i] = _bound(v, -10, 10);
            else if (mode == 2) phi[i] = _bound(v, -MAX_ABS, 0);
            else phi[i] = _bound(v, -1e8, 1e9);
        }
        (address[] memory accounts,) = inc.getProviders(roundId);
        uint256[] memory creditBefore = new uint256[](k);
        for (uint256 i; i < k; ++i) {
            creditBefore[i] = inc.credits(accounts[i], r.asset);
        }
        uint256 ownerBefore = inc.credits(r.owner, r.asset);

        vm.prank(_actor(submitterSeed));
        try inc.submit(roundId, new int256[](ZkmlLayout.D), 0, 0, phi, hex"00") {
            ++calls["submit.ok"];
            if (
                r.status != IZKMLIncentives.RoundStatus.Open || k == 0 || block.timestamp < r.registrationDeadline
                    || block.timestamp > r.submissionDeadline
            ) unexpectedSettlement = true;
            _checkAndRecordCredits(r, accounts, phi, creditBefore, ownerBefore);
            ghostEscrow[r.asset] -= r.amount;
            _finalize(roundId);
        } catch {
            ++calls["submit.rejected"];
        }
    }

    /// The expected split, from the specification: reward_i = floor(pool·max(φ_i,0)/Σ max(φ_j,0)).
    function _checkAndRecordCredits(
        IZKMLIncentives.Round memory r,
        address[] memory accounts,
        int256[] memory phi,
        uint256[] memory creditBefore,
        uint256 ownerBefore
    ) internal {
        uint256 total;
        for (uint256 i; i < accounts.length; ++i) {
            if (phi[i] > 0) total += uint256(phi[i]);
        }
        uint256 paid;
        for (uint256 i; i < accounts.length; ++i) {
            uint256 reward = (total == 0 || phi[i] <= 0) ? 0 : Math.mulDiv(r.amount, uint256(phi[i]), total);
            paid += reward;
            ghostCredited[accounts[i]][r.asset] += reward;
            // The owner may also be a provider: check its credit below, together with the remainder.
            if (accounts[i] != r.owner && inc.credits(accounts[i], r.asset) != creditBefore[i] + reward) {
                wrongCredit = true;
            }
        }
        uint256 remainder = r.amount - paid;
        ghostCredited[r.owner][r.asset] += remainder;
        uint256 ownerReward;
        for (uint256 i; i < accounts.length; ++i) {
            if (accounts[i] == r.owner && phi[i] > 0) ownerReward = Math.mulDiv(r.amount, uint256(phi[i]), total);
        }
        if (inc.credits(r.owner, r.asset) != ownerBefore + remainder + ownerReward) wrongCredit = true;
    }

    function reclaim(uint256 roundSeed, bool asOwner, uint256 strangerSeed) external {
        uint256 roundId = _roundWhere(roundSeed, _reclaimable);
        if (roundId == 0) return;
        IZKMLIncentives.Round memory r = inc.getRound(roundId);
        address caller = asOwner || strangerSeed % 4 != 0 ? r.owner : _actor(strangerSeed);
        vm.prank(caller);
        try inc.reclaim(roundId) {
            ++calls["reclaim.ok"];
            bool expired = block.timestamp > r.submissionDeadline
                || (block.timestamp >= r.registrationDeadline && r.numProviders == 0);
            if (caller != r.owner || r.status != IZKMLIncentives.RoundStatus.Open || !expired) {
                unexpectedReclaim = true;
            }
            ghostEscrow[r.asset] -= r.amount;
            ghostCredited[r.owner][r.asset] += r.amount;
            _finalize(roundId);
        } catch {
            ++calls["reclaim.rejected"];
        }
    }

    function withdraw(uint256 actorSeed, bool useToken) external {
        address asset = useToken ? address(token) : address(0);
        address account = _actor(actorSeed);
        // Mostly an account that has something to withdraw (sometimes anyone, to exercise rejections).
        for (uint256 i; i < actors.length && actorSeed % 8 != 0; ++i) {
            address candidate = actors[(actorSeed % actors.length + i) % actors.length];
            if (inc.credits(candidate, asset) > 0) {
                account = candidate;
                break;
            }
        }
        uint256 owed = ghostCredited[account][asset] - ghostWithdrawn[account][asset];
        uint256 before = useToken ? token.balanceOf(account) : account.balance;
        vm.prank(account);
        try inc.withdraw(asset) returns (uint256 amount) {
            ++calls["withdraw.ok"];
            uint256 received = (useToken ? token.balanceOf(account) : account.balance) - before;
            if (received != amount || amount > owed) withdrewMoreThanCredited = true;
            ghostWithdrawn[account][asset] += received;
        } catch {
            ++calls["withdraw.rejected"];
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, 1 days));
        ++calls["warp"];
    }
}
