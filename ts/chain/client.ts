/**
 * A typed viem client for every function of `ZKMLIncentives`: a small class composing the reads
 * (`read-round.ts`, `read-shapes.ts`, `read-providers.ts`, `read-submission.ts`,
 * `read-events.ts`) and the one send pipeline (`send.ts`: simulate → sign → send → bounded wait
 * → decode). {@link connect} checks the chain id and that the contract exists. The ABI is
 * `ts/generated/abi.ts`, generated from the forge build output; the types are `types.ts`.
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  http,
  isAddress,
  parseEventLogs,
  zeroAddress,
  type Account,
  type Address,
  type Chain,
  type ContractFunctionName,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { ChainError, InputError } from '../errors/index.js';
import { zkmlIncentivesAbi } from '../generated/abi.js';
import { assetName, explainChainError, incentivesAbi, type IncentivesAbi, type RoundPhase } from './errors.js';
import { toAccount } from './keys.js';
import { chainRead } from './read.js';
import { checkChain } from './check-chain.js';
import { readEvents, readRegistrations } from './read-events.js';
import { readBalance, readClaimable, readCredits, readIsAllowed, readProviderIndex, readProviders } from './read-providers.js';
import { readChainTime, readLimits, readPhase, readRound, readRoundContext, readRoundCount, readRoundView, type ContractLimits } from './read-round.js';
import { readShape, readShapeCount, readShapes } from './read-shapes.js';
import { padValues, readPublicInputs, readRegistrationPublicInputs } from './read-submission.js';
import { checkRoundParams } from './round-params.js';
import { awaitSent, sendCall, type Call, type Sender } from './send.js';
import {
  DEFAULT_DROPPED_AFTER_MS,
  DEFAULT_LOG_RANGE,
  DEFAULT_RECEIPT_TIMEOUT_MS,
  type ChainContext,
  type CommitArgs,
  type ConnectOptions,
  type DeliveryArgs,
  type CreateRoundParams,
  type IncentivesEvent,
  type OnSent,
  type ProviderInfo,
  type RegistrationArgs,
  type RegistrationEvent,
  type RoundInfo,
  type RoundView,
  type SendOptions,
  type ShapeInfo,
  type Submission,
  type SubmissionShape,
  type TxResult,
} from './types.js';

export { ContractRevertError, explainChainError, incentivesAbi, ROUND_PHASE, ROUND_STATUS, TransactionError, type IncentivesErrorName, type RoundPhase, type RoundStatus, type TxOutcome } from './errors.js';
export { accountFromEnv, privateKeyFromEnv } from './keys.js';

type WriteName = ContractFunctionName<IncentivesAbi, 'nonpayable' | 'payable'>;

const toHex = (bytes: Hex | Uint8Array): Hex => (typeof bytes === 'string' ? bytes : `0x${Buffer.from(bytes).toString('hex')}`);

/** Seconds added to deadlines computed from the chain's clock (see {@link ZkmlClient.deadlinesFromNow}). */
export const DEADLINE_SLACK_SECONDS = 60n;

/** How a client was connected: shared by {@link ZkmlClient.as}. */
interface ClientSetup {
  chain: Chain;
  transport: Transport;
  ctx: ChainContext;
  receiptTimeoutMs: number;
  droppedAfterMs: number;
  onSent?: OnSent | undefined;
}

/** A client bound to one ZKMLIncentives on one chain, optionally with a sending account. */
export class ZkmlClient {
  /** Chain id of the node, checked at {@link connect}. */
  readonly chainId: number;
  /** The contract. */
  readonly contract: Address;
  /** The viem public client (reads, receipts, logs). */
  readonly publicClient: PublicClient<Transport, Chain>;
  /** The sending account, if any. */
  readonly account: Account | undefined;
  /** The node, the contract and how its logs are scanned (what the read functions take). */
  readonly ctx: ChainContext;
  private readonly setup: ClientSetup;
  private readonly wallet: WalletClient<Transport, Chain, Account> | undefined;

  /** Use {@link connect}, which checks the chain and the contract. */
  constructor(setup: ClientSetup, account?: Account) {
    this.setup = setup;
    this.ctx = setup.ctx;
    this.chainId = setup.ctx.chainId;
    this.contract = setup.ctx.contract;
    this.publicClient = setup.ctx.publicClient;
    this.account = account;
    this.wallet = account ? createWalletClient({ account, chain: setup.chain, transport: setup.transport }) : undefined;
  }

  /** The same client sending from another account (a key or a viem account). */
  as(account: Account | Hex): ZkmlClient {
    return new ZkmlClient(this.setup, toAccount(account));
  }

  // Reads ----------------------------------------------------------------------------------------

  /** Number of rounds created (the latest round id). */
  roundCount(): Promise<bigint> {
    return readRoundCount(this.ctx);
  }

  /** Number of shapes registered in the deployment. */
  shapeCount(): Promise<number> {
    return readShapeCount(this.ctx);
  }

  /** A shape of the deployment. @throws ContractRevertError `ShapeNotFound` */
  getShape(shapeId: number): Promise<ShapeInfo> {
    return readShape(this.ctx, shapeId);
  }

  /** Every shape of the deployment, by id. */
  shapes(): Promise<ShapeInfo[]> {
    return readShapes(this.ctx);
  }

  /** The stored round. @throws ContractRevertError `RoundNotFound` */
  getRound(roundId: bigint): Promise<RoundInfo> {
    return readRound(this.ctx, roundId);
  }

  /** The round with its shape and providers, read once (one `getRound`, one `getShape`, one `getProviders`). */
  roundView(roundId: bigint): Promise<RoundView> {
    return readRoundView(this.ctx, roundId);
  }

  /** Registered providers in registration order (slots), delivered or not; `deliveryOrder` gives the settlement's order. */
  getProviders(roundId: bigint): Promise<ProviderInfo[]> {
    return readProviders(this.ctx, roundId);
  }

  /** The slot of `account` in the round, or undefined if it did not register. */
  providerIndex(roundId: bigint, account: Address): Promise<number | undefined> {
    return readProviderIndex(this.ctx, roundId, account);
  }

  /** What `claim(roundId, index)` would credit now (0 when not claimable or already claimed). */
  claimable(roundId: bigint, index: number): Promise<bigint> {
    return readClaimable(this.ctx, roundId, index);
  }

  /** Whether `account` may register in the round as far as its allowlist is concerned. */
  isAllowed(roundId: bigint, account: Address): Promise<boolean> {
    return readIsAllowed(this.ctx, roundId, account);
  }

  /** The contract's λ bounds and the minimum and maximum registration / delivery / submission periods (seconds). */
  limits(): Promise<ContractLimits> {
    return readLimits(this.ctx);
  }

  /** Phase of the round at the latest block. */
  phase(roundId: bigint): Promise<RoundPhase> {
    return readPhase(this.ctx, roundId);
  }

  /** The round's proof context as the contract computes it (equals `roundContext` of ts/protocol/context.ts). */
  roundContext(roundId: bigint): Promise<bigint> {
    return readRoundContext(this.ctx, roundId);
  }

  /** Withdrawable credit of `account` in `asset` (default ETH). */
  credits(account: Address, asset: Address = zeroAddress): Promise<bigint> {
    return readCredits(this.ctx, account, asset);
  }

  /** The shape of round `roundId` unless the caller already has it. */
  private async shapeFor(roundId: bigint, shape?: SubmissionShape): Promise<SubmissionShape> {
    return shape ?? readShape(this.ctx, (await readRound(this.ctx, roundId)).shapeId);
  }

  /** The public inputs `submit` would give the verifier for these numbers (field elements); `shape`: the round's, if already read. */
  async publicInputs(roundId: bigint, s: Omit<Submission, 'proof'>, shape?: SubmissionShape): Promise<bigint[]> {
    return readPublicInputs(this.ctx, roundId, s, await this.shapeFor(roundId, shape));
  }

  /** The public inputs `deliver` would give the registration verifier for `payee` had it registered these values. */
  registrationPublicInputs(roundId: bigint, payee: Address, r: Omit<RegistrationArgs, 'proof'>): Promise<bigint[]> {
    return readRegistrationPublicInputs(this.ctx, roundId, payee, r);
  }

  /** Timestamp of the latest block (the clock the deadlines are compared with). */
  chainTime(): Promise<bigint> {
    return readChainTime(this.ctx);
  }

  /**
   * Deadlines `registrationSeconds` and `registrationSeconds + submissionSeconds` after now, plus
   * {@link DEADLINE_SLACK_SECONDS} (blocks are mined after the clock is read, so a window asked at
   * exactly the contract's minimum would otherwise be a few seconds short when mined).
   *
   * "Now" is the later of the latest block's timestamp and this machine's clock: the contract
   * compares the deadlines with the timestamp of the block that mines the transaction, and on an
   * idle chain (anvil mining on demand) that block is stamped with the wall clock, however old the
   * latest block is; a chain whose clock runs ahead (time travel in tests) is followed instead.
   * @param nowSeconds this machine's clock in Unix seconds (default `Date.now()`)
   */
  async deadlinesFromNow(
    registrationSeconds: number,
    deliverySeconds: number,
    submissionSeconds: number,
    nowSeconds = BigInt(Math.floor(Date.now() / 1000)),
  ): Promise<{ registrationDeadline: bigint; deliveryDeadline: bigint; submissionDeadline: bigint }> {
    const chainNow = await this.chainTime();
    const now = chainNow > nowSeconds ? chainNow : nowSeconds;
    const registrationDeadline = now + BigInt(registrationSeconds) + DEADLINE_SLACK_SECONDS;
    const deliveryDeadline = registrationDeadline + BigInt(deliverySeconds);
    return { registrationDeadline, deliveryDeadline, submissionDeadline: deliveryDeadline + BigInt(submissionSeconds) };
  }

  /** Every event of the contract from the deployment block (optionally only of one round; `Withdrawn` has no round and is kept). */
  events(options: { roundId?: bigint; fromBlock?: bigint } = {}): Promise<IncentivesEvent[]> {
    return readEvents(this.ctx, options);
  }

  /** The deliveries of a round, from the contract's logs (from the deployment block unless `fromBlock`), with what each slot registered: what the owner decrypts. */
  registrations(roundId: bigint, fromBlock?: bigint, known?: readonly ProviderInfo[]): Promise<RegistrationEvent[]> {
    return readRegistrations(this.ctx, roundId, fromBlock, known);
  }

  /** ETH balance of an address. */
  balance(address: Address): Promise<bigint> {
    return readBalance(this.ctx, address);
  }

  // Transactions ---------------------------------------------------------------------------------

  private sender(action: string): Sender {
    if (!this.wallet) throw new InputError('KEY_MISSING', `${action} needs a sending account: set PRIVATE_KEY in the environment.`);
    return { ctx: this.ctx, wallet: this.wallet, receiptTimeoutMs: this.setup.receiptTimeoutMs, droppedAfterMs: this.setup.droppedAfterMs, onSent: this.setup.onSent };
  }

  private send(action: string, call: Call, options?: SendOptions): Promise<TransactionReceipt> {
    return sendCall(this.sender(action), action, call, options);
  }

  /**
   * Waits for a transaction sent earlier (its reply lost, say) as for one just sent.
   * @throws ChainError `TX_NOT_FOUND`; TransactionError (`TX_DROPPED`, `TX_REPLACED`, `TX_REVERTED`, `TX_UNKNOWN`)
   */
  awaitTransaction(hash: Hex, action = `waiting for transaction ${hash}`): Promise<TransactionReceipt> {
    return awaitSent(this.sender(action), action, hash);
  }

  /** Calldata of one contract function, type-checked against the ABI. */
  private call<F extends WriteName>(functionName: F, data: Hex, value?: bigint): Call {
    return value === undefined ? { to: this.contract, data, functionName } : { to: this.contract, data, functionName, value };
  }

  private event<N extends IncentivesEvent['eventName']>(receipt: TransactionReceipt, eventName: N) {
    const [log] = parseEventLogs({ abi: zkmlIncentivesAbi, logs: receipt.logs, eventName });
    if (!log) throw new ChainError('EVENT_MISSING', `transaction ${receipt.transactionHash} did not emit ${eventName}; is ${this.contract} a ZKMLIncentives contract?`);
    return log;
  }

  private result<T>(receipt: TransactionReceipt, result: T): TxResult<T> {
    return { hash: receipt.transactionHash, gasUsed: receipt.gasUsed, blockNumber: receipt.blockNumber, result };
  }

  /**
   * Opens a round and escrows the reward: ETH is sent with the call; for a token the client checks
   * the token balance and approves the contract first if the allowance is short.
   * `options` apply to the createRound transaction (not to an approval before it).
   * @returns the new round id
   */
  async createRound(p: CreateRoundParams, options?: SendOptions): Promise<TxResult<{ roundId: bigint }>> {
    const action = 'creating the round';
    this.sender(action);
    await checkRoundParams(this.ctx, p);
    const asset = p.asset ?? zeroAddress;
    if (asset !== zeroAddress) await this.ensureAllowance(action, asset, p.amount);
    const data = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'createRound',
      args: [
        {
          shapeId: BigInt(p.shapeId ?? 0),
          asset,
          amount: p.amount,
          validationCommitment: p.validationCommitment,
          validationRows: BigInt(p.validationRows),
          lambda: p.lambda,
          maxProviders: BigInt(p.maxProviders),
          maxRowsPerProvider: BigInt(p.maxRowsPerProvider ?? 0),
          deposit: p.deposit,
          rowShareBps: BigInt(p.rowShareBps ?? 0),
          reservePerRow: p.reservePerRow ?? p.amount,
          registrationDeadline: p.registrationDeadline,
          deliveryDeadline: p.deliveryDeadline,
          submissionDeadline: p.submissionDeadline,
          ownerKey: [p.ownerKey.x, p.ownerKey.y],
          allowlist: [...(p.allowlist ?? [])],
        },
        toHex(p.validationProof),
      ],
    });
    const receipt = await this.send(action, this.call('createRound', data, asset === zeroAddress ? p.amount : 0n), options);
    return this.result(receipt, { roundId: this.event(receipt, 'RoundCreated').args.roundId });
  }

  /** Approves the contract to take `amount` of `token` from the sending account. */
  async approve(token: Address, amount: bigint): Promise<TxResult<null>> {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [this.contract, amount] });
    const receipt = await this.send(`approving ${amount} of token ${token}`, { to: token, data, functionName: 'approve' });
    return this.result(receipt, null);
  }

  /**
   * Registers the sending account as a provider of `roundId`: its data and statistics commitments
   * and row count, with the round's deposit (`deposit`, read from the round: ETH is sent with the
   * call; a token deposit is approved first when the allowance is short). Nothing about the rows
   * is sent: they follow with {@link deliver} once registration has closed.
   * @returns the provider's slot (registration order, from 0)
   */
  async register(roundId: bigint, r: CommitArgs, round: Pick<RoundInfo, 'asset' | 'deposit'>): Promise<TxResult<{ index: number }>> {
    const action = `registering in round ${roundId}`;
    const isEth = round.asset === zeroAddress;
    if (!isEth && round.deposit > 0n) await this.ensureAllowance(action, round.asset, round.deposit);
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'register', args: [roundId, r.commitment, r.statsCommitment, BigInt(r.numRows)] });
    const receipt = await this.send(action, this.call('register', data, isEth ? round.deposit : 0n));
    return this.result(receipt, { index: Number(this.event(receipt, 'ProviderRegistered').args.index) });
  }

  /**
   * Delivers the sending account's data to round `roundId` (open from the registration deadline to
   * the delivery deadline): the encryption to the owner's key and the registration proof
   * (`ZkmlProver.proveRegistration`) of exactly what the account registered.
   * @returns the provider's index in the settlement (delivery order, from 0)
   */
  async deliver(roundId: bigint, r: DeliveryArgs): Promise<TxResult<{ settlementIndex: number }>> {
    const data = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'deliver',
      args: [roundId, [r.ephemeralKey.x, r.ephemeralKey.y], [...r.ciphertext], toHex(r.proof)],
    });
    const receipt = await this.send(`delivering to round ${roundId}`, this.call('deliver', data));
    return this.result(receipt, { settlementIndex: Number(this.event(receipt, 'DataDelivered').args.settlementIndex) });
  }

  /** Approves `amount` of `token` unless the sending account's allowance already covers it; refuses an account that holds less. */
  private async ensureAllowance(action: string, token: Address, amount: bigint): Promise<void> {
    const owner = this.sender(action).wallet.account.address;
    const [balance, allowance] = await chainRead(`${action}: reading the token balance`, () =>
      Promise.all([
        this.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
        this.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, this.contract] }),
      ]),
    );
    if (balance < amount) {
      throw new ChainError('UNFUNDED', `${action}: ${owner} holds ${balance} of token ${token} but ${amount} is needed; fund the account with the token. Nothing was sent.`);
    }
    if (allowance < amount) await this.approve(token, amount);
  }

  /**
   * Submits the proof and the numbers it proves; settles the round. Rewards are then credited by
   * {@link claim} (anyone may call it for any slot). `shape`: the round's, if already read.
   * @returns whether the pool is split by rows (no positive Shapley value)
   */
  async submit(roundId: bigint, s: Submission, shape?: SubmissionShape): Promise<TxResult<{ byRows: boolean }>> {
    const action = `submitting the proof for round ${roundId}`;
    const { k, d } = await this.shapeFor(roundId, shape);
    if (s.weights.length !== d) throw new InputError('INPUT_BAD_SUBMISSION', `${action}: ${s.weights.length} weights given, the round's shape has D=${d}.`);
    const data = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'submit',
      args: [roundId, [...s.weights], s.intercept, s.trainLoss, padValues(s.shapley, k, 'Shapley values'), toHex(s.proof)],
    });
    const receipt = await this.send(action, this.call('submit', data));
    return this.result(receipt, { byRows: this.event(receipt, 'RoundSettled').args.byRows });
  }

  /** Credits slot `index`'s reward and deposit of a settled or expired round to its provider (then {@link withdraw}). */
  async claim(roundId: bigint, index: number): Promise<TxResult<{ provider: Address; amount: bigint }>> {
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'claim', args: [roundId, BigInt(index)] });
    const receipt = await this.send(`claiming slot ${index} of round ${roundId}`, this.call('claim', data));
    const e = this.event(receipt, 'RewardClaimed');
    return this.result(receipt, { provider: e.args.provider, amount: e.args.amount });
  }

  /** Credits the escrow (and forfeited deposits) of a round nobody delivered to back to its owner (then {@link withdraw}). */
  async reclaim(roundId: bigint): Promise<TxResult<{ amount: bigint }>> {
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'reclaim', args: [roundId] });
    const receipt = await this.send(`reclaiming round ${roundId}`, this.call('reclaim', data));
    return this.result(receipt, { amount: this.event(receipt, 'RoundReclaimed').args.amount });
  }

  /** Withdraws the sending account's whole credit in `asset` (default ETH). */
  async withdraw(asset: Address = zeroAddress): Promise<TxResult<{ amount: bigint }>> {
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'withdraw', args: [asset] });
    const receipt = await this.send(`withdrawing ${assetName(asset)}`, this.call('withdraw', data));
    return this.result(receipt, { amount: this.event(receipt, 'Withdrawn').args.amount });
  }
}

/**
 * Connects to a ZKMLIncentives: checks that the node answers, that its chain id is the expected
 * one, and that the address holds a contract.
 * @throws ChainError `RPC_UNREACHABLE`, `WRONG_CHAIN`, `NO_CONTRACT`
 */
export async function connect(options: ConnectOptions): Promise<ZkmlClient> {
  if (!isAddress(options.contract)) throw new InputError('INPUT_BAD_ADDRESS', `${options.contract} is not a contract address (0x followed by 40 hex digits).`);
  const transport = options.transport ?? http(options.rpcUrl, { retryCount: 1, timeout: 60_000 });
  const chainId = await checkChain(createPublicClient({ transport }), options);
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: options.pollingInterval ?? 250 });
  const code = await publicClient.getCode({ address: options.contract }).catch((err: unknown) => {
    throw explainChainError(err, `reading the code at ${options.contract}`);
  });
  if (!code || code === '0x') {
    throw new ChainError('NO_CONTRACT', `there is no contract at ${options.contract} on chain ${chainId}; deploy the contracts first (deployContracts) or check the contract address. Nothing was sent.`, { details: { option: 'contract', contract: options.contract } });
  }
  if (options.logRange !== undefined && options.logRange < 1n) throw new InputError('INPUT_BAD_LOG_RANGE', `the log range must be at least 1 block, got ${options.logRange}.`);
  const ctx: ChainContext = { publicClient, contract: options.contract, chainId, fromBlock: options.fromBlock ?? 0n, logRange: options.logRange ?? DEFAULT_LOG_RANGE };
  const setup: ClientSetup = { chain, transport, ctx, receiptTimeoutMs: options.receiptTimeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS, droppedAfterMs: options.droppedAfterMs ?? DEFAULT_DROPPED_AFTER_MS, onSent: options.onSent };
  return new ZkmlClient(setup, options.account === undefined ? undefined : toAccount(options.account));
}
