// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHonkVerifier} from "./IHonkVerifier.sol";

/// @title IZKMLIncentives
/// @notice Sealed rounds: data providers first register commitments to their data with a deposit, then,
///         once registration has closed, deliver their data encrypted to the round owner with a
///         zero-knowledge proof checked at delivery; a second zero-knowledge proof of ridge-regression
///         training and of the providers' exact Shapley values settles the round, and the escrow goes
///         to the providers (by positive Shapley value; by rows when no value is positive or when no
///         valid settlement arrives in time). Pull payments only (`claim`, then `withdraw`).
///         Properties F1–F10, the mechanism and the remaining trust: `contracts/README.md`.
interface IZKMLIncentives {
    // ---------------------------------------------------------------------------------------------
    // Types
    // ---------------------------------------------------------------------------------------------

    /// @notice Stored status of a round. `Open` covers registration, delivery, submission and expiry; see {Phase}.
    enum RoundStatus {
        Open,
        Settled,
        Reclaimed
    }

    /// @notice Phase of a round at the current block, derived from its status, deadlines and providers.
    /// @dev Registration: now < registrationDeadline: providers register commitments and deposits.
    ///      Delivery:     registrationDeadline ≤ now < deliveryDeadline, some registered provider has not
    ///                    delivered yet: registered providers deliver their encrypted data and proofs.
    ///      Submission:   delivery is over (now ≥ deliveryDeadline, or every registered provider has
    ///                    delivered), now ≤ submissionDeadline, at least one provider delivered.
    ///      Settled:      a valid proof was submitted; providers claim by Shapley value (by rows if
    ///                    no value is positive).
    ///      Expired:      now > submissionDeadline without settlement, at least one delivery: the
    ///                    delivering providers claim the pool by rows (F1). The owner cannot reclaim it.
    ///      Empty:        nobody registered by the registration deadline, or nobody delivered by the
    ///                    delivery deadline: the owner may reclaim the pool and the forfeited deposits.
    ///      Reclaimed:    the owner reclaimed an empty round (final).
    enum Phase {
        Registration,
        Delivery,
        Submission,
        Settled,
        Expired,
        Empty,
        Reclaimed
    }

    /// @notice A circuit shape and its three verifiers, fixed at deployment.
    /// @param k Maximum number of providers K (1..MAX_SHAPE_K).
    /// @param d Number of features D (1..MAX_SHAPE_D).
    /// @param nTrain Maximum number of training rows N_TRAIN, all providers together (≥ k).
    /// @param nVal Maximum number of validation rows N_VAL (≥ 1).
    /// @param ciphertextLength C = 3·ceil(N_TRAIN / R) + 1 field elements per registration (R rows per chunk).
    /// @param settlementVerifier UltraHonk verifier of the settlement circuit (`noir/zkml`) of this shape.
    /// @param registrationVerifier UltraHonk verifier of the registration circuit (`noir/register`) of this shape.
    /// @param validationVerifier UltraHonk verifier of the validation circuit (`noir/validation`) of this shape.
    struct Shape {
        uint256 k;
        uint256 d;
        uint256 nTrain;
        uint256 maxProviderRows;
        uint256 nVal;
        uint256 ciphertextLength;
        IHonkVerifier settlementVerifier;
        IHonkVerifier registrationVerifier;
        IHonkVerifier validationVerifier;
    }

    /// @notice Arguments of {createRound}.
    /// @param shapeId The circuit shape (index into the deployment's shapes).
    /// @param asset address(0) for ETH (send `amount` as msg.value), else an ERC20 token (approve first;
    ///        the contract must receive exactly `amount`, so fee-on-transfer tokens are refused).
    /// @param amount The reward pool, > 0.
    /// @param validationCommitment Statistics commitment of the validation set, a non-zero BN254 field element,
    ///        proven by the validation proof passed to {createRound}.
    /// @param validationRows m, the number of validation rows (1..N_VAL of the shape), a public input of that proof.
    /// @param lambda Ridge parameter λ·10^4, MIN_LAMBDA ≤ lambda < 2^40.
    /// @param maxProviders Maximum number of providers, 1..K of the shape.
    /// @param maxRowsPerProvider Most rows one provider may register; 0 for the fair share
    ///        min(floor(N_TRAIN / maxProviders), N_PROVIDER). Otherwise 1..N_PROVIDER with
    ///        maxRowsPerProvider · maxProviders ≤ N_TRAIN, so registrations never run out of rows (F8).
    /// @param deposit Paid by every registration in the round's asset (ETH: msg.value; ERC20: approve first);
    ///        returned with the reward to a provider that delivers, forfeited into the reward pool by one
    ///        that does not (F9). 1..amount for an open round, 0..amount for an allowlisted one.
    /// @param rowShareBps Share of the pool paid by delivered rows whatever the Shapley values (basis points,
    ///        0..10,000): the guarantee an honest provider can count on against the owner's own providers (F10).
    /// @param reservePerRow When a settlement has no positive φ, the value part of the pool pays at most
    ///        reservePerRow per delivered row, by rows; the rest goes back to the owner. A reserve ≥ the pool
    ///        (the SDK's default) keeps F2's rule: the whole pool by rows.
    /// @param registrationDeadline End of registration (exclusive), in now + [MIN_REGISTRATION_PERIOD,
    ///        MAX_REGISTRATION_PERIOD].
    /// @param deliveryDeadline End of delivery (exclusive), in registrationDeadline + [MIN_DELIVERY_PERIOD,
    ///        MAX_DELIVERY_PERIOD].
    /// @param submissionDeadline End of submission (inclusive), in deliveryDeadline + [MIN_SUBMISSION_PERIOD,
    ///        MAX_SUBMISSION_PERIOD].
    /// @param ownerKey The owner's Grumpkin encryption key (x, y): on y² = x³ − 17 over F_p.
    /// @param allowlist Addresses allowed to register (consortium round); empty for an open round.
    struct RoundParams {
        uint256 shapeId;
        address asset;
        uint256 amount;
        uint256 validationCommitment;
        uint256 validationRows;
        uint256 lambda;
        uint256 maxProviders;
        uint256 maxRowsPerProvider;
        uint256 deposit;
        uint256 rowShareBps;
        uint256 reservePerRow;
        uint64 registrationDeadline;
        uint64 deliveryDeadline;
        uint64 submissionDeadline;
        uint256[2] ownerKey;
        address[] allowlist;
    }

    /// @notice A round as stored (field order chosen for storage packing).
    /// @param owner Creator of the round; may reclaim only a round to which no provider delivered.
    /// @param registrationDeadline Registration is open while block.timestamp < registrationDeadline.
    /// @param shapeId The round's circuit shape.
    /// @param maxProviders Maximum number of providers, 1..K.
    /// @param numProviders Number of accepted registrations (slots), delivered or not.
    /// @param status Open, Settled or Reclaimed.
    /// @param asset Reward asset: address(0) for ETH, else an ERC20 token.
    /// @param submissionDeadline Last timestamp (inclusive) at which a proof may be submitted.
    /// @param totalRows Rows of all accepted registrations (≤ maxProviders · maxRowsPerProvider ≤ N_TRAIN).
    /// @param deliveryDeadline Delivery is open while registrationDeadline ≤ block.timestamp < deliveryDeadline.
    /// @param numDelivered Number of delivered registrations (k of the settlement).
    /// @param deliveredRows Rows of the delivered registrations.
    /// @param maxRowsPerProvider The per-provider row cap (the fair share when created with 0).
    /// @param rowShareBps Share of the pool paid by rows whatever the values (basis points).
    /// @param amount Escrowed reward pool.
    /// @param validationCommitment Statistics commitment of the owner's validation set (a BN254 field element).
    /// @param validationRows m, the validation set's rows (proven at creation).
    /// @param lambda Ridge parameter λ·10^4.
    /// @param restricted True when registration is limited to the allowlist.
    /// @param positiveTotal Σ max(φ_i, 0) of the settlement (0 before settlement or when no φ is positive).
    /// @param paidOut Sum already credited: rewards and deposits claimed by providers, the owner's refund
    ///        of a settlement without positive φ, or the owner's reclaim.
    /// @param deposit The deposit of one registration.
    /// @param reservePerRow The per-row reserve of a settlement without positive φ.
    /// @param ownerKeyX The owner's Grumpkin key, x.
    /// @param ownerKeyY The owner's Grumpkin key, y.
    struct Round {
        address owner;
        uint64 registrationDeadline;
        uint8 shapeId;
        uint8 maxProviders;
        uint8 numProviders;
        RoundStatus status;
        address asset;
        uint64 submissionDeadline;
        uint32 totalRows;
        uint64 deliveryDeadline;
        uint8 numDelivered;
        uint32 deliveredRows;
        uint32 maxRowsPerProvider;
        uint16 rowShareBps;
        uint256 amount;
        uint256 validationCommitment;
        uint32 validationRows;
        uint40 lambda;
        bool restricted;
        uint128 positiveTotal;
        uint256 paidOut;
        uint256 deposit;
        uint256 reservePerRow;
        uint256 ownerKeyX;
        uint256 ownerKeyY;
    }

    /// @notice A provider slot as stored.
    /// @param account The registering address (msg.sender, the payee bound into the commitment).
    /// @param rowsBefore Rows of the providers delivered before this one (prefix sum over the delivery
    ///        order; 0 until delivered).
    /// @param numRows This provider's rows.
    /// @param claimed True once the provider's reward and deposit were claimed.
    /// @param delivered True once the provider delivered its data with a valid proof.
    /// @param settlementIndex Position in the delivery order: the provider's index in the settlement
    ///        circuit (its Shapley value is `shapley[settlementIndex]`); 0 until delivered.
    /// @param commitment Poseidon2 commitment to the provider's rows, salt and payee.
    /// @param statsCommitment Poseidon2 commitment to the sufficient statistics of the same rows
    ///        (n, ΣX, ΣY, ΣXXᵀ, ΣXY, ΣY²) with the same salt, the payee and the round's context, proven
    ///        at registration; the settlement circuit opens it (issue 15).
    struct Provider {
        address account;
        uint32 rowsBefore;
        uint32 numRows;
        bool claimed;
        bool delivered;
        uint8 settlementIndex;
        uint256 commitment;
        uint256 statsCommitment;
    }

    // ---------------------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------------------

    /// @notice A round was opened and funded.
    /// @param roundId The new round.
    /// @param owner The round owner (msg.sender).
    /// @param shapeId The circuit shape.
    /// @param params All creation arguments (including the owner key and the allowlist).
    event RoundCreated(uint256 indexed roundId, address indexed owner, uint256 indexed shapeId, RoundParams params);

    /// @notice A registration was accepted: `provider` committed to `numRows` rows (`commitment`) and to
    ///         their sufficient statistics (`statsCommitment`) and paid `deposit`. Nothing about the rows
    ///         is revealed; they are delivered after the registration deadline ({DataDelivered}).
    /// @param roundId The round.
    /// @param provider The registering address (payee).
    /// @param index The provider's slot (registration order, from 0).
    /// @param commitment The data commitment.
    /// @param statsCommitment The statistics commitment (stored in the provider's slot).
    /// @param numRows The provider's rows.
    /// @param deposit The deposit paid.
    event ProviderRegistered(
        uint256 indexed roundId,
        address indexed provider,
        uint256 index,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256 deposit
    );

    /// @notice A registered provider delivered its data: the proof shows that `ciphertext` encrypts, to
    ///         the round's owner key, the provider's committed `numRows` in-range rows and a salt that
    ///         open its stored `commitment`, and that its stored `statsCommitment` commits to their
    ///         sufficient statistics (same salt, payee `provider`, this round). The ciphertext is
    ///         neither stored nor logged: it is delivered once, in the calldata of {deliver}, and the
    ///         event logs its hash. The owner finds the bytes in the delivering transaction: when it
    ///         calls this contract directly (tx.to = this contract), its input is the `deliver` call;
    ///         when it comes through a contract (a smart-contract wallet, a forwarder), the call is
    ///         internal and a call trace (`debug_traceTransaction`, callTracer) shows its input. Either
    ///         way the owner checks keccak256 of the decoded ciphertext against `ciphertextHash`.
    /// @param roundId The round.
    /// @param provider The delivering address (payee).
    /// @param index The provider's slot (registration order).
    /// @param settlementIndex The provider's index in the settlement (delivery order, from 0).
    /// @param ephemeralKey The delivery's ephemeral Grumpkin key E = e·G.
    /// @param ciphertextHash keccak256(abi.encodePacked(ciphertext)) of the C field elements of
    ///        {deliver}'s `ciphertext` (the packed row chunks, then the salt, encrypted), i.e. the
    ///        hash of their 32-byte big-endian words concatenated.
    event DataDelivered(
        uint256 indexed roundId,
        address indexed provider,
        uint256 index,
        uint256 settlementIndex,
        uint256[2] ephemeralKey,
        bytes32 ciphertextHash
    );

    /// @notice A round was settled by a valid proof.
    /// @param roundId The round.
    /// @param submitter Who submitted (earns nothing).
    /// @param weights The model weights.
    /// @param intercept The intercept.
    /// @param trainLoss The training loss.
    /// @param shapley The Shapley values (K entries, delivery order).
    /// @param byRows True when no φ was positive, so the pool is shared by rows (up to the reserve).
    /// @param ownerRefund The part of the pool credited back to the owner: above the per-row reserve
    ///        when no φ is positive, else 0.
    event RoundSettled(
        uint256 indexed roundId,
        address indexed submitter,
        int256[] weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] shapley,
        bool byRows,
        uint256 ownerRefund
    );

    /// @notice A delivering provider's reward and deposit of a settled or expired round were credited to it.
    /// @param roundId The round.
    /// @param index The provider's slot.
    /// @param provider The credited account.
    /// @param asset The round's asset.
    /// @param amount The reward plus the provider's own deposit.
    event RewardClaimed(
        uint256 indexed roundId, uint256 indexed index, address indexed provider, address asset, uint256 amount
    );

    /// @notice The owner reclaimed a round to which nobody delivered (credited, then `withdraw`).
    /// @param roundId The round.
    /// @param owner The round owner.
    /// @param amount The escrow plus the deposits of the registrations that did not deliver.
    event RoundReclaimed(uint256 indexed roundId, address indexed owner, uint256 amount);

    /// @notice A credit was paid out.
    /// @param account The receiver.
    /// @param asset The asset (address(0) for ETH).
    /// @param amount The amount transferred.
    event Withdrawn(address indexed account, address indexed asset, uint256 amount);

    // ---------------------------------------------------------------------------------------------
    // Errors
    // ---------------------------------------------------------------------------------------------

    /// @notice Constructor: at least one shape is required.
    error NoShapes();
    /// @notice Constructor: at most MAX_SHAPES shapes.
    error TooManyShapes(uint256 count);
    /// @notice Constructor: the shape's K, D, N_TRAIN or N_VAL is out of range (see {Shape}).
    error InvalidShape(uint256 shapeId);
    /// @notice A verifier address has no code.
    error InvalidVerifier(address verifier);
    /// @notice The ciphertext length differs from the shape's C (constructor: C disagrees with D, N_TRAIN).
    error WrongCiphertextLength(uint256 expected, uint256 actual);
    /// @notice No shape with this id exists.
    error ShapeNotFound(uint256 shapeId);
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
    /// @notice The validation set's row count is outside 1..N_VAL of the round's shape.
    error InvalidValidationRows(uint256 rows, uint256 maxRows);
    /// @notice λ·10^4 must satisfy MIN_LAMBDA ≤ lambda < 2^40.
    error LambdaOutOfRange(uint256 lambda);
    /// @notice maxProviders must be in 1..K of the shape.
    error InvalidMaxProviders(uint256 maxProviders);
    /// @notice The registration period (registrationDeadline − now) is below MIN_REGISTRATION_PERIOD.
    error RegistrationPeriodTooShort(uint256 period, uint256 minimum);
    /// @notice The registration period (registrationDeadline − now) is above MAX_REGISTRATION_PERIOD.
    error RegistrationPeriodTooLong(uint256 period, uint256 maximum);
    /// @notice The delivery period (deliveryDeadline − registrationDeadline) is below MIN_DELIVERY_PERIOD.
    error DeliveryPeriodTooShort(uint256 period, uint256 minimum);
    /// @notice The delivery period (deliveryDeadline − registrationDeadline) is above MAX_DELIVERY_PERIOD.
    error DeliveryPeriodTooLong(uint256 period, uint256 maximum);
    /// @notice The submission period (submissionDeadline − deliveryDeadline) is below MIN_SUBMISSION_PERIOD.
    error SubmissionPeriodTooShort(uint256 period, uint256 minimum);
    /// @notice The submission period (submissionDeadline − deliveryDeadline) is above MAX_SUBMISSION_PERIOD.
    error SubmissionPeriodTooLong(uint256 period, uint256 maximum);
    /// @notice maxRowsPerProvider is above N_PROVIDER of the shape, or maxRowsPerProvider · maxProviders
    ///         exceeds N_TRAIN (`limit` is the largest accepted value).
    error InvalidMaxRowsPerProvider(uint256 maxRowsPerProvider, uint256 limit);
    /// @notice The deposit must be ≤ amount, and > 0 in an open (not allowlisted) round.
    error DepositOutOfRange(uint256 deposit, uint256 amount);
    /// @notice rowShareBps must be ≤ 10,000.
    error RowShareOutOfRange(uint256 rowShareBps);
    /// @notice The owner key is not a point of Grumpkin (coordinates < p, y² = x³ − 17).
    error InvalidOwnerKey(uint256 x, uint256 y);
    /// @notice Registration is closed (now ≥ registrationDeadline).
    error RegistrationClosed(uint256 roundId);
    /// @notice The round is restricted to an allowlist that does not contain the caller.
    error NotAllowlisted(uint256 roundId, address account);
    /// @notice This address is already registered in this round.
    error AlreadyRegistered(uint256 roundId, address provider);
    /// @notice numRows must be at least 1.
    error InvalidNumRows(uint256 numRows);
    /// @notice The round already holds maxProviders providers.
    error RoundFull(uint256 roundId);
    /// @notice One provider registers more rows than the round's per-provider cap
    ///         (`maxRowsPerProvider`, at most the shape's N_PROVIDER).
    error TooManyProviderRows(uint256 numRows, uint256 maxRowsPerProvider);
    /// @notice The registration's deposit was not paid: msg.value differs from the round's deposit in an
    ///         ETH round, or is not 0 in an ERC20 round.
    error DepositMismatch(uint256 sent, uint256 expected);
    /// @notice Delivery opens at the registration deadline `opensAt`.
    error DeliveryNotOpen(uint256 roundId, uint64 opensAt);
    /// @notice Delivery closed at the delivery deadline.
    error DeliveryClosed(uint256 roundId);
    /// @notice The caller holds no slot in this round.
    error NotRegistered(uint256 roundId, address account);
    /// @notice This slot already delivered.
    error AlreadyDelivered(uint256 roundId, uint256 index);
    /// @notice A ciphertext element is not a BN254 field element.
    error InvalidCiphertext(uint256 index, uint256 value);
    /// @notice A provider commitment must be a non-zero BN254 field element.
    error InvalidCommitment(uint256 commitment);
    /// @notice A provider's statistics commitment must be a non-zero BN254 field element.
    error InvalidStatsCommitment(uint256 statsCommitment);
    /// @notice The ephemeral key is not a point of Grumpkin.
    error InvalidEphemeralKey(uint256 x, uint256 y);
    /// @notice The round is settled or reclaimed.
    error RoundNotOpen(uint256 roundId, RoundStatus status);
    /// @notice Submission opens at the delivery deadline `opensAt`, or earlier once every registered
    ///         provider has delivered.
    error SubmissionNotOpen(uint256 roundId, uint64 opensAt);
    /// @notice Submission closed at the submission deadline.
    error SubmissionClosed(uint256 roundId);
    /// @notice A round to which no provider delivered cannot be settled.
    error NoProviders(uint256 roundId);
    /// @notice `weights` must have D entries.
    error WrongWeightsLength(uint256 expected, uint256 actual);
    /// @notice `shapley` must have K entries.
    error WrongShapleyLength(uint256 expected, uint256 actual);
    /// @notice A signed public value must satisfy |v| < 2^120.
    error ValueOutOfRange(int256 value);
    /// @notice The training loss must be below 2^120.
    error TrainLossOutOfRange(uint256 trainLoss);
    /// @notice The Shapley value of an unused slot (index ≥ number of deliveries) must be 0.
    error UnusedSlotNotZero(uint256 index);
    /// @notice The verifier rejected the proof (returned false or reverted).
    error InvalidProof();
    /// @notice No provider in this slot.
    error ProviderNotFound(uint256 roundId, uint256 index);
    /// @notice Rewards can be claimed only once the round is settled or expired with deliveries.
    error NotClaimable(uint256 roundId);
    /// @notice This slot did not deliver: its deposit was forfeited into the pool and it has no reward.
    error NotDelivered(uint256 roundId, uint256 index);
    /// @notice This provider's reward was already claimed.
    error AlreadyClaimed(uint256 roundId, uint256 index);
    /// @notice This provider's reward is zero.
    error NothingToClaim(uint256 roundId, uint256 index);
    /// @notice Only the round owner may reclaim.
    error NotRoundOwner(uint256 roundId, address caller);
    /// @notice Registration or delivery is still open, so the round may still get deliveries.
    error RoundNotExpired(uint256 roundId);
    /// @notice A provider delivered to the round: its escrow belongs to the providers (F1).
    error RoundHasProviders(uint256 roundId);
    /// @notice The caller has no credit in this asset.
    error NothingToWithdraw(address asset);
    /// @notice The ETH transfer to the withdrawing account failed.
    error EthTransferFailed(address to, uint256 amount);

    // ---------------------------------------------------------------------------------------------
    // State-changing functions
    // ---------------------------------------------------------------------------------------------

    /// @notice Opens a round and escrows its reward. The caller becomes the round owner.
    /// @dev Reverts ShapeNotFound, ZeroAmount, InvalidValidationCommitment, InvalidValidationRows,
    ///      LambdaOutOfRange, InvalidMaxProviders, InvalidMaxRowsPerProvider, DepositOutOfRange,
    ///      RowShareOutOfRange, RegistrationPeriodTooShort, RegistrationPeriodTooLong,
    ///      DeliveryPeriodTooShort, DeliveryPeriodTooLong, SubmissionPeriodTooShort, SubmissionPeriodTooLong,
    ///      InvalidOwnerKey, EthAmountMismatch, then InvalidProof (the validation proof), then
    ///      TransferAmountMismatch (or the token's own error).
    /// @param params The round's parameters (see {RoundParams}).
    /// @param validationProof UltraHonk proof of the shape's validation circuit with public inputs
    ///        (validationCommitment, validationRows): the commitment opens to the statistics of that many
    ///        in-range rows, so the settlement's bounds hold for the owner's validation set too.
    /// @return roundId The new round's id (ids start at 1).
    function createRound(RoundParams calldata params, bytes calldata validationProof)
        external
        payable
        returns (uint256 roundId);

    /// @notice Registers the caller as a provider of `roundId`: commits to its rows and their statistics,
    ///         and pays the round's deposit. Nothing about the rows is on chain until {deliver}, which
    ///         is open only after the registration deadline: the set of providers and their commitments
    ///         is fixed before anyone, the owner included, can decrypt anything (F8).
    /// @dev Checks, in order: RoundNotFound, RegistrationClosed, NotAllowlisted, AlreadyRegistered,
    ///      InvalidNumRows, RoundFull, TooManyProviderRows, InvalidCommitment, InvalidStatsCommitment,
    ///      DepositMismatch, then TransferAmountMismatch (ERC20 deposit, or the token's own error).
    ///      There is no global duplicate-commitment check: a copied commitment cannot be delivered (the
    ///      delivery proof binds payee = msg.sender), so it only forfeits its deposit.
    /// @param roundId The round.
    /// @param commitment Poseidon2 commitment to the caller's rows, salt and address (non-zero, < p).
    /// @param statsCommitment Poseidon2 commitment to the sufficient statistics of the same rows, the
    ///        salt, the caller's address and the round's context (non-zero, < p).
    /// @param numRows The caller's rows, 1..maxRowsPerProvider of the round.
    /// @return index The provider's slot (registration order, from 0).
    function register(uint256 roundId, uint256 commitment, uint256 statsCommitment, uint256 numRows)
        external
        payable
        returns (uint256 index);

    /// @notice Delivers the caller's data to the owner of `roundId`, against exactly what it registered:
    ///         `ciphertext` encrypts the caller's rows and salt to the round's owner key, and `proof`
    ///         (registration circuit of the round's shape) shows that it decrypts to the registered
    ///         number of in-range rows and a salt that open the registered `commitment` for payee
    ///         msg.sender, and that the registered `statsCommitment` commits to the statistics of the
    ///         same rows with the same salt, payee and round. The contract builds the public inputs from
    ///         storage. Delivered providers are the settlement's providers, in delivery order.
    /// @dev Checks, in order: RoundNotFound, DeliveryNotOpen, DeliveryClosed, NotRegistered,
    ///      AlreadyDelivered, WrongCiphertextLength, InvalidCiphertext, InvalidEphemeralKey, then InvalidProof.
    /// @param roundId The round.
    /// @param ephemeralKey The fresh ephemeral Grumpkin key E = e·G (x, y).
    /// @param ciphertext C field elements (see {Shape}); neither stored nor logged: {DataDelivered}
    ///        logs its keccak256, and the owner reads it from this call's input.
    /// @param proof The UltraHonk proof of the registration circuit.
    /// @return settlementIndex The provider's index in the settlement (delivery order, from 0).
    function deliver(
        uint256 roundId,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext,
        bytes calldata proof
    ) external returns (uint256 settlementIndex);

    /// @notice Settles a round with a proof. Anyone may call: the contract builds the public inputs
    ///         from storage and the arguments, so the proof binds every number that decides the payout.
    ///         Open once delivery is over (at the delivery deadline, or as soon as every registered
    ///         provider delivered) up to the submission deadline (inclusive). Stores the prefix sums of
    ///         max(φ, 0) over the delivered providers; each provider then `claim`s its reward. With no
    ///         positive φ, the part of the value pool above the per-row reserve is credited to the owner.
    /// @dev Reverts RoundNotFound, RoundNotOpen, SubmissionNotOpen, SubmissionClosed, NoProviders,
    ///      WrongWeightsLength, WrongShapleyLength, TrainLossOutOfRange, ValueOutOfRange,
    ///      UnusedSlotNotZero, InvalidProof.
    /// @param roundId The round.
    /// @param weights The model weights w·10^8 (D entries, signed).
    /// @param intercept The intercept b·10^8 (signed).
    /// @param trainLoss The training loss ·10^8.
    /// @param shapley The Shapley values φ·10^8 (K entries in delivery order, signed; 0 beyond the deliveries).
    /// @param proof The UltraHonk proof of the settlement circuit.
    function submit(
        uint256 roundId,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley,
        bytes calldata proof
    ) external;

    /// @notice Credits provider `index` of `roundId` with its deposit and reward (then `withdraw`).
    ///         Anyone may call; the credit always goes to the registered account. The pool is the
    ///         escrow plus the deposits forfeited by slots that did not deliver. Its `rowShareBps` part
    ///         is shared by delivered rows; the rest, in a settled round with a positive φ, by
    ///         max(φ_i, 0); in a settled round with no positive φ, by rows up to the per-row reserve;
    ///         in an expired round (no settlement by the submission deadline), by rows. Cumulative
    ///         rounding makes every part sum exactly.
    /// @dev Reverts RoundNotFound, ProviderNotFound, NotClaimable, NotDelivered, AlreadyClaimed, NothingToClaim.
    /// @param roundId The round.
    /// @param index The provider's slot.
    /// @return amount The credited reward.
    function claim(uint256 roundId, uint256 index) external returns (uint256 amount);

    /// @notice Credits the escrow of a round to which nobody delivered, and the forfeited deposits,
    ///         to its owner (then `withdraw`). Owner only, once registration closed with no registration,
    ///         or once delivery closed with no delivery.
    /// @dev Reverts RoundNotFound, NotRoundOwner, RoundNotOpen, RoundNotExpired, RoundHasProviders.
    /// @param roundId The round.
    function reclaim(uint256 roundId) external;

    /// @notice Transfers the caller's whole credit of `asset` to the caller (address(0) for ETH).
    /// @dev Reverts NothingToWithdraw, EthTransferFailed (or the token's own error).
    /// @param asset The asset to withdraw.
    /// @return amount The amount transferred.
    function withdraw(address asset) external returns (uint256 amount);

    // ---------------------------------------------------------------------------------------------
    // Views
    // ---------------------------------------------------------------------------------------------

    /// @notice Number of shapes of this deployment (ids 0..shapeCount−1).
    /// @return The number of shapes.
    function shapeCount() external view returns (uint256);

    /// @notice A shape of this deployment.
    /// @param shapeId The shape (reverts ShapeNotFound).
    /// @return The shape and its verifiers.
    function getShape(uint256 shapeId) external view returns (Shape memory);

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

    /// @notice The registered providers in registration order, delivered or not.
    /// @param roundId The round.
    /// @return The provider slots.
    function getProviders(uint256 roundId) external view returns (Provider[] memory);

    /// @notice The delivered slots in delivery order: the settlement's providers.
    /// @param roundId The round.
    /// @return slots slots[i] is the slot of the settlement's provider i.
    function getDelivered(uint256 roundId) external view returns (uint256[] memory slots);

    /// @notice The slot of `account` in `roundId`.
    /// @param roundId The round.
    /// @param account The account.
    /// @return registered True when `account` is registered.
    /// @return index Its slot (0 when not registered).
    function providerIndex(uint256 roundId, address account) external view returns (bool registered, uint256 index);

    /// @notice Whether `account` may register in `roundId` as far as the allowlist is concerned.
    /// @param roundId The round.
    /// @param account The account.
    /// @return True for an open (unrestricted) round or an allowlisted account.
    function isAllowed(uint256 roundId, address account) external view returns (bool);

    /// @notice The credit `claim(roundId, index)` would make now, deposit included (0 if not claimable,
    ///         not delivered or claimed).
    /// @param roundId The round.
    /// @param index The provider's slot (reverts ProviderNotFound).
    /// @return The reward.
    function claimable(uint256 roundId, uint256 index) external view returns (uint256);

    /// @notice The phase of a round at the current block.
    /// @param roundId The round.
    /// @return The phase (reverts RoundNotFound for an unknown id).
    function phase(uint256 roundId) external view returns (Phase);

    /// @notice The proof context of a round: keccak256(abi.encode(chainid, this, roundId)) mod p.
    /// @param roundId The round (need not exist yet).
    /// @return The context field element.
    function roundContext(uint256 roundId) external view returns (uint256);

    /// @notice The settlement public-input vector `submit` would pass to the verifier
    ///         (layout: `PublicInputs.settlement`; reverts with the same errors as `submit` on malformed values).
    /// @param roundId The round.
    /// @param weights The model weights (D entries).
    /// @param intercept The intercept.
    /// @param trainLoss The training loss.
    /// @param shapley The Shapley values (K entries).
    /// @return inputs 6 + 3K + D field elements.
    function publicInputs(
        uint256 roundId,
        int256[] calldata weights,
        int256 intercept,
        uint256 trainLoss,
        int256[] calldata shapley
    ) external view returns (bytes32[] memory inputs);

    /// @notice The registration public-input vector `deliver` would pass to the verifier for `payee` if it
    ///         had registered these values (layout: `PublicInputs.registration`; no checks besides the
    ///         round's existence).
    /// @param roundId The round.
    /// @param payee The registering address (msg.sender of `register` and `deliver`).
    /// @param commitment The data commitment.
    /// @param statsCommitment The statistics commitment.
    /// @param numRows The rows.
    /// @param ephemeralKey The ephemeral key.
    /// @param ciphertext The ciphertext (C elements).
    /// @return inputs 9 + C field elements.
    function registrationPublicInputs(
        uint256 roundId,
        address payee,
        uint256 commitment,
        uint256 statsCommitment,
        uint256 numRows,
        uint256[2] calldata ephemeralKey,
        uint256[] calldata ciphertext
    ) external view returns (bytes32[] memory inputs);
}
