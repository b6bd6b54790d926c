// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHonkVerifier} from "./IHonkVerifier.sol";

/// @title IZKMLIncentives
/// @notice Rounds in which data providers register commitments to their data, a zero-knowledge proof
///         of ridge-regression training and of the providers' exact Shapley values settles the round,
///         and the escrowed reward is credited in proportion to the positive Shapley values.
///         Everything is paid with pull payments (`withdraw`). See `contracts/README.md`.
interface IZKMLIncentives {
    // ---------------------------------------------------------------------------------------------
    // Types
    // ---------------------------------------------------------------------------------------------

    /// @notice Stored status of a round. `Open` covers registration, submission and expiry; see {Phase}.
    enum RoundStatus {
        Open,
        Settled,
        Reclaimed
    }

    /// @notice Phase of a round at the current block, derived from its status, deadlines and providers.
    /// @dev Registration: now < registrationDeadline.
    ///      Submission:   registrationDeadline ≤ now ≤ submissionDeadline, and at least one provider.
    ///      Expired:      not settled and either now > submissionDeadline, or registration closed with
    ///                    no provider (nothing can ever settle it); the owner may reclaim.
    ///      Settled / Reclaimed: final.
    enum Phase {
        Registration,
        Submission,
        Expired,
        Settled,
        Reclaimed
    }

    /// @notice A round as stored.
    /// @param owner Creator of the round; receives the rounding remainder, or the escrow on expiry.
    /// @param registrationDeadline Registration is open while block.timestamp < registrationDeadline.
    /// @param maxProviders Maximum number of providers, 1..K.
    /// @param numProviders Number of registered providers (k).
    /// @param status Open, Settled or Reclaimed.
    /// @param asset Reward asset: address(0) for ETH, else an ERC20 token.
    /// @param submissionDeadline Last timestamp (inclusive) at which a proof may be submitted.
    /// @param amount Escrowed reward pool.
    /// @param validationCommitment Commitment to the owner's validation set (a BN254 field element).
    /// @param lambda Ridge parameter λ·10^4, below 2^40.
    struct Round {
        address owner;
        uint64 registrationDeadline;
        uint8 maxProviders;
        uint8 numProviders;
        RoundStatus status;
        address asset;
        uint64 submissionDeadline;
        uint256 amount;
        uint256 validationCommitment;
        uint256 lambda;
    }

    // ---------------------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------------------

    /// @notice A round was opened and its reward escrowed.
    /// @param roundId The new round.
    /// @param owner Its owner (the creator).
    /// @param asset The reward asset (address(0) for ETH).
    /// @param amount The escrowed pool.
    /// @param validationCommitment Commitment to the validation set.
    /// @param lambda Ridge parameter λ·10^4.
    /// @param maxProviders Maximum number of providers.
    /// @param registrationDeadline End of registration (exclusive).
    /// @param submissionDeadline End of submission (inclusive).
    event RoundCreated(
        uint256 indexed roundId,
        address indexed owner,
        address indexed asset,
        uint256 amount,
        uint256 validationCommitment,
        uint256 lambda,
        uint256 maxProviders,
        uint64 registrationDeadline,
        uint64 submissionDeadline
    );

    /// @notice `provider` registered `commitment` in slot `index` (registration order, from 0).
    /// @param roundId The round.
    /// @param provider The registering (and paid) address.
    /// @param index The provider's slot.
    /// @param commitment The provider's data commitment.
    event ProviderRegistered(uint256 indexed roundId, address indexed provider, uint256 index, uint256 commitment);

    /// @notice A valid proof settled the round.
    /// @param roundId The round.
    /// @param submitter The caller of `submit`.
    /// @param weights The verified model weights (D entries).
    /// @param intercept The verified intercept.
    /// @param trainLoss The verified training loss.
    /// @param shapley The verified Shapley values (K entries, 0 beyond the providers).
    /// @param remainder The part of the pool credited back to the owner.
    event RoundSettled(
        uint256 indexed roundId,
        address indexed submitter,
        int256[] weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] shapley,
        uint256 remainder
    );

    /// @notice The owner reclaimed the escrow of an expired round (credited, then withdrawable).
    /// @param roundId The round.
    /// @param owner The round owner.
    /// @param amount The escrow credited back.
    event RoundReclaimed(uint256 indexed roundId, address indexed owner, uint256 amount);

    /// @notice `amount` of `asset` was credited to `account` by round `roundId` (reward, remainder or reclaim).
    /// @param roundId The round that credited.
    /// @param account The credited account.
    /// @param asset The asset (address(0) for ETH).
    /// @param amount The amount credited.
    event Credited(uint256 indexed roundId, address indexed account, address indexed asset, uint256 amount);

    /// @notice `account` withdrew its whole credit of `asset`.
    /// @param account The withdrawing account (also the receiver).
    /// @param asset The asset (address(0) for ETH).
    /// @param amount The amount transferred.
    event Withdrawn(address indexed account, address indexed asset, uint256 amount);

    // ---------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------

    /// @notice The verifier address has no code.
    error InvalidVerifier(address verifier);
    /// @notice No round with this id exists.
    error RoundNotFound(uint256 roundId);
    /// @notice A round must escrow a non-zero amount.
    error ZeroAmount();
    /// @notice msg.value must equal `amount` for ETH rounds and be 0 for ERC20 rounds.
    error EthAmountMismatch(uint256 sent, uint256 expected);
    /// @notice The token delivered a different amount than requested (fee-on-transfer tokens are refused).
    error TransferAmountMismatch(uint256 requested, uint256 received);
    /// @notice The validation commitment must be a non-zero BN254 field element.
    error InvalidValidationCommitment(uint256 commitment);
    /// @notice λ·10^4 must be below 2^40.
    error LambdaOutOfRange(uint256 lambda);
    /// @notice maxProviders must be in 1..K.
    error InvalidMaxProviders(uint256 maxProviders);
    /// @notice Deadlines must satisfy now < registrationDeadline < submissionDeadline.
    error InvalidDeadlines(uint64 registrationDeadline, uint64 submissionDeadline);
    /// @notice Registration is closed (now ≥ registrationDeadline).
    error RegistrationClosed(uint256 roundId);
    /// @notice A provider commitment must be a non-zero BN254 field element.
    error InvalidCommitment(uint256 commitment);
    /// @notice The commitment is already registered in this round.
    error DuplicateCommitment(uint256 roundId, uint256 commitment);
    /// @notice This address is already registered in this round.
    error AlreadyRegistered(uint256 roundId, address provider);
    /// @notice The round already holds maxProviders providers.
    error RoundFull(uint256 roundId);
    /// @notice The round is settled or reclaimed.
    error RoundNotOpen(uint256 roundId, RoundStatus status);
    /// @notice Submission opens at the registration deadline.
    error SubmissionNotOpen(uint256 roundId);
    /// @notice Submission closed at the submission deadline.
    error SubmissionClosed(uint256 roundId);
    /// @notice A round with no registered provider cannot be settled.
    error NoProviders(uint256 roundId);
    /// @notice `weights` must have D entries.
    error WrongWeightsLength(uint256 expected, uint256 actual);
    /// @notice `shapley` must have K entries.
    error WrongShapleyLength(uint256 expected, uint256 actual);
    /// @notice A signed public value must satisfy |v| < 2^120.
    error ValueOutOfRange(int256 value);
    /// @notice The training loss must be below 2^120.
    error TrainLossOutOfRange(uint256 trainLoss);
    /// @notice The Shapley value of an unused slot (index ≥ k) must be 0.
    error UnusedSlotNotZero(uint256 index);
    /// @notice The verifier rejected the proof (returned false or reverted).
    error InvalidProof();
    /// @notice Only the round owner may reclaim.
    error NotRoundOwner(uint256 roundId, address caller);
    /// @notice The round has not expired: it can still be settled.
    error RoundNotExpired(uint256 roundId);
    /// @notice The caller has no credit in this asset.
    error NothingToWithdraw(address asset);
    /// @notice The ETH transfer to the withdrawing account failed.
    error EthTransferFailed(address to, uint256 amount);

    // ---------------------------------------------------------------------------------------------
    // State-changing functions
    // ---------------------------------------------------------------------------------------------

    /// @notice Opens a round and escrows its reward. The caller becomes the round owner.
    /// @param asset address(0) for ETH (send `amount` as msg.value), else an ERC20 token (approve first;
    ///        the contract must receive exactly `amount`, so fee-on-transfer tokens are refused).
    /// @param amount The reward pool, > 0.
    /// @param validationCommitment Commitment to the validation set, a non-zero BN254 field element.
    /// @param lambda Ridge parameter λ·10^4, < 2^40.
    /// @param maxProviders Maximum number of providers, 1..K.
    /// @param registrationDeadline End of registration (exclusive), in the future.
    /// @param submissionDeadline End of submission (inclusive), after the registration deadline.
    /// @return roundId The new round's id (ids start at 1).
    function createRound(
        address asset,
        uint256 amount,
        uint256 validationCommitment,
        uint256 lambda,
        uint256 maxProviders,
        uint64 registrationDeadline,
        uint64 submissionDeadline
    ) external payable returns (uint256 roundId);

    /// @notice Registers the caller as a provider of `roundId` with its data commitment. The caller's
    ///         address is the one credited. Once per address per round, before the registration deadline.
    /// @param roundId The round.
    /// @param commitment Poseidon2 commitment to the caller's data, a non-zero BN254 field element,
    ///        not yet registered in this round.
    /// @return index The provider's slot (registration order, from 0).
    function register(uint256 roundId, uint256 commitment) external returns (uint256 index);

    /// @notice Settles a round with a proof. Anyone may call: the contract builds the public inputs
    ///         from storage and the arguments, so the proof binds every number that decides the payout.
    ///         Open from the registration deadline to the submission deadline (inclusive).
    /// @param roundId The round.
    /// @param weights The model weights w·10^8 (D entries, signed).
    /// @param intercept The intercept b·10^8 (signed).
    /// @param trainLoss The training loss ·10^8.
    /// @param shapley The Shapley values φ·10^8 (K entries, signed; 0 beyond the registered providers).
    /// @param proof The UltraHonk proof.
    function submit(
        uint256 roundId,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley,
        bytes calldata proof
    ) external;

    /// @notice Credits the escrow of an expired round back to its owner (then `withdraw`). Owner only.
    /// @param roundId The round.
    function reclaim(uint256 roundId) external;

    /// @notice Transfers the caller's whole credit of `asset` to the caller (address(0) for ETH).
    /// @param asset The asset to withdraw.
    /// @return amount The amount transferred.
    function withdraw(address asset) external returns (uint256 amount);

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice The UltraHonk verifier of this deployment (immutable).
    /// @return The verifier.
    function VERIFIER() external view returns (IHonkVerifier);

    /// @notice Id of the latest round (0 before the first).
    /// @return The number of rounds created.
    function roundCount() external view returns (uint256);

    /// @notice Credit of `account` in `asset` (address(0) for ETH), withdrawable now.
    /// @param account The account.
    /// @param asset The asset.
    /// @return The credited amount.
    function credits(address account, address asset) external view returns (uint256);

    /// @notice The stored round.
    /// @param roundId The round.
    /// @return The round (reverts RoundNotFound for an unknown id).
    function getRound(uint256 roundId) external view returns (Round memory);

    /// @notice The registered providers in registration order.
    /// @param roundId The round.
    /// @return accounts The provider addresses (the ones credited).
    /// @return commitments Their data commitments.
    function getProviders(uint256 roundId)
        external
        view
        returns (address[] memory accounts, uint256[] memory commitments);

    /// @notice The phase of a round at the current block.
    /// @param roundId The round.
    /// @return The phase (reverts RoundNotFound for an unknown id).
    function phase(uint256 roundId) external view returns (Phase);

    /// @notice The proof context of a round: keccak256(abi.encode(chainid, this, roundId)) mod p.
    /// @param roundId The round (need not exist yet).
    /// @return The context field element.
    function roundContext(uint256 roundId) external view returns (uint256);

    /// @notice The public-input vector `submit` would pass to the verifier, in the layout of
    ///         `ZkmlLayout` (reverts with the same errors as `submit` on malformed values).
    /// @param roundId The round.
    /// @param weights The model weights (D entries).
    /// @param intercept The intercept.
    /// @param trainLoss The training loss.
    /// @param shapley The Shapley values (K entries).
    /// @return inputs NUM_PUBLIC_INPUTS field elements.
    function publicInputs(
        uint256 roundId,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley
    ) external view returns (bytes32[] memory inputs);
}
