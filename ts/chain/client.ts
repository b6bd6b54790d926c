/**
 * A typed viem client for every function of `ZKMLIncentives`.
 *
 * Every transaction goes through the same checks before anything is sent:
 * 1. the account has a key and enough ETH for the value it sends;
 * 2. the call is simulated (`eth_call`): a revert becomes a {@link ContractRevertError} with the
 *    contract's custom error decoded and a message saying what to do;
 * 3. gas is estimated and the account must afford value + gas · maxFeePerGas.
 * Only then is the transaction sent and its receipt awaited. {@link connect} checks the chain id and
 * that the contract exists. The ABI is `ts/generated/abi.ts`, generated from the forge build output.
 */
import {
  BaseError,
  ChainMismatchError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  formatEther,
  getContractError,
  http,
  isAddress,
  parseEventLogs,
  zeroAddress,
  type Account,
  type Address,
  type Chain,
  type ContractErrorArgs,
  type ContractErrorName,
  type ContractFunctionName,
  type Hex,
  type ParseEventLogsReturnType,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ChainError, InputError } from '../errors.js';
import { D, FIELD_MODULUS, K } from '../protocol/layout.js';
import { erc20ErrorsAbi, zkmlIncentivesAbi } from '../generated/abi.js';

/** The contract's ABI plus the ERC20 errors a token can bubble up through it. */
export const incentivesAbi = [...zkmlIncentivesAbi, ...erc20ErrorsAbi] as const;
type IncentivesAbi = typeof incentivesAbi;

/** Name of every custom error the client can decode. */
export type IncentivesErrorName = ContractErrorName<IncentivesAbi>;

/** Stored status of a round. */
export const ROUND_STATUS = ['Open', 'Settled', 'Reclaimed'] as const;
/** Phase of a round at the current block. */
export const ROUND_PHASE = ['Registration', 'Submission', 'Expired', 'Settled', 'Reclaimed'] as const;
export type RoundStatus = (typeof ROUND_STATUS)[number];
export type RoundPhase = (typeof ROUND_PHASE)[number];

/** A contract revert, decoded: `errorName` and `args` are the custom error's. */
export class ContractRevertError extends ChainError {
  readonly errorName: string;
  readonly args: readonly unknown[];
  constructor(errorName: string, args: readonly unknown[], message: string, options?: { cause?: unknown }) {
    super(`CONTRACT_${errorName}`, message, options);
    this.name = 'ContractRevertError';
    this.errorName = errorName;
    this.args = args;
  }
}

const assetName = (asset: Address) => (asset === zeroAddress ? 'ETH' : `token ${asset}`);
const statusName = (s: number) => ROUND_STATUS[s] ?? `status ${s}`;

/** What each custom error means for the user and what to do. Exhaustive: a new contract error fails tsc. */
const ADVICE: { [N in IncentivesErrorName]: (args: ContractErrorArgs<IncentivesAbi, N>) => string } = {
  InvalidVerifier: ([v]) => `the verifier address ${v} has no code; deploy the verifier first.`,
  RoundNotFound: ([id]) => `round ${id} does not exist on this contract; check the round id (\`zkml status\` lists the rounds).`,
  ZeroAmount: () => 'the reward amount must be greater than 0.',
  EthAmountMismatch: ([sent, expected]) =>
    `${sent} wei were sent but ${expected} were expected; send exactly the reward for an ETH round and no ETH for a token round.`,
  TransferAmountMismatch: ([requested, received]) =>
    `the token delivered ${received} instead of ${requested}; fee-on-transfer and rebasing tokens are not supported, use a standard ERC20.`,
  InvalidValidationCommitment: ([c]) => `validation commitment ${c} must be a non-zero field element below the BN254 modulus; commit to the validation set first.`,
  LambdaOutOfRange: ([l]) => `λ·10^4 = ${l} is too large (it must be below 2^40); choose a smaller λ.`,
  InvalidMaxProviders: ([m]) => `max providers ${m} must be between 1 and ${K}.`,
  InvalidDeadlines: ([r, s]) =>
    `deadlines must satisfy now < registration deadline (${r}) < submission deadline (${s}); choose future times in that order.`,
  RegistrationClosed: ([id]) => `registration for round ${id} has closed; providers must register before the registration deadline.`,
  InvalidCommitment: ([c]) => `commitment ${c} must be a non-zero field element below the BN254 modulus; compute it from the provider's data.`,
  DuplicateCommitment: ([id, c]) => `commitment ${c} is already registered in round ${id}; every provider registers a commitment to its own data.`,
  AlreadyRegistered: ([id, p]) => `${p} is already registered in round ${id}; each address registers once per round.`,
  RoundFull: ([id]) => `round ${id} already has its maximum number of providers.`,
  RoundNotOpen: ([id, s]) => `round ${id} is already ${statusName(Number(s)).toLowerCase()}; it cannot change any more.`,
  SubmissionNotOpen: ([id]) => `submission for round ${id} opens at its registration deadline; wait until then.`,
  SubmissionClosed: ([id]) => `the submission deadline of round ${id} has passed; the owner can reclaim the escrow.`,
  NoProviders: ([id]) => `round ${id} has no registered provider, so it cannot be settled; the owner can reclaim it.`,
  WrongWeightsLength: ([e, a]) => `${a} weights were given but the circuit has ${e}.`,
  WrongShapleyLength: ([e, a]) => `${a} Shapley values were given but the contract expects ${e} (one per slot, 0 for unused slots).`,
  ValueOutOfRange: ([v]) => `value ${v} is out of range (|value| must be below 2^120).`,
  TrainLossOutOfRange: ([l]) => `training loss ${l} is out of range (it must be below 2^120).`,
  UnusedSlotNotZero: ([i]) => `the Shapley value of unused slot ${i} must be 0; give one value per registered provider.`,
  InvalidProof: () =>
    'the verifier rejected the proof: it does not match this round (chain, contract, round id, registered commitments, ' +
    'validation commitment, λ) or the submitted model, loss and Shapley values; prove again with this round\'s context and commitments.',
  NotRoundOwner: ([id, caller]) => `only the owner of round ${id} can reclaim it; ${caller} is not the owner.`,
  RoundNotExpired: ([id]) => `round ${id} has not expired and can still be settled; reclaim after its submission deadline.`,
  NothingToWithdraw: ([asset]) => `nothing to withdraw in ${assetName(asset)}; credits appear when a round settles or is reclaimed.`,
  EthTransferFailed: ([to, amount]) => `sending ${amount} wei to ${to} failed (the receiver rejected ETH); withdraw from an address that accepts ETH.`,
  ReentrancyGuardReentrantCall: () => 'a reentrant call was rejected.',
  SafeCastOverflowedUintDowncast: ([bits, value]) => `value ${value} does not fit in ${bits} bits.`,
  SafeERC20FailedOperation: ([token]) => `token ${token} refused the transfer; check the token balance and allowance.`,
  ERC20InsufficientAllowance: ([spender, allowance, needed]) =>
    `the allowance of ${spender} is ${allowance} but ${needed} is needed; approve the contract for the amount first.`,
  ERC20InsufficientBalance: ([sender, balance, needed]) => `${sender} holds ${balance} tokens but ${needed} are needed; fund the account with the token.`,
  ERC20InvalidApprover: ([a]) => `invalid token approver ${a}.`,
  ERC20InvalidReceiver: ([a]) => `invalid token receiver ${a}.`,
  ERC20InvalidSender: ([a]) => `invalid token sender ${a}.`,
  ERC20InvalidSpender: ([a]) => `invalid token spender ${a}.`,
};

function adviceFor(errorName: string, args: readonly unknown[]): string {
  // Decoded arguments arrive untyped; each entry reads them positionally as its error declares.
  const table = ADVICE as unknown as Record<string, ((a: readonly unknown[]) => string) | undefined>;
  const advise = Object.hasOwn(table, errorName) ? table[errorName] : undefined;
  return advise ? advise(args) : `the contract reverted with ${errorName}(${args.map(String).join(', ')}).`;
}

/**
 * Turns any error of a chain call into a typed {@link ChainError}: a decoded custom error becomes a
 * {@link ContractRevertError}; unreachable node, wrong chain and missing funds get their own codes.
 * @param err what viem (or anything else) threw
 * @param action what was being done, e.g. `register in round 3`
 */
export function explainChainError(err: unknown, action: string): ChainError {
  if (err instanceof ChainError) return err;
  if (err instanceof BaseError) {
    const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (reverted instanceof ContractFunctionRevertedError) {
      const data = reverted.data;
      if (data && data.errorName !== 'Error' && data.errorName !== 'Panic') {
        const args = data.args ?? [];
        return new ContractRevertError(data.errorName, args, `${action} was rejected by the contract (${data.errorName}): ${adviceFor(data.errorName, args)}`, { cause: err });
      }
      const why = reverted.reason ?? (reverted.signature ? `unknown error ${reverted.signature}` : 'no reason given');
      return new ChainError('CONTRACT_REVERT', `${action} was rejected by the contract (${why}).`, { cause: err });
    }
    if (err.walk((e) => e instanceof InsufficientFundsError)) {
      return new ChainError('UNFUNDED', `${action}: the account cannot pay for the transaction; fund it with ETH and try again.`, { cause: err });
    }
    if (err.walk((e) => e instanceof ChainMismatchError)) {
      return new ChainError('WRONG_CHAIN', `${action}: the node is on a different chain than expected; check --rpc-url.`, { cause: err });
    }
    if (err.walk((e) => e instanceof HttpRequestError)) {
      return new ChainError('RPC_UNREACHABLE', `${action}: cannot reach the node (${err.shortMessage}); is it running? Check --rpc-url.`, { cause: err });
    }
    return new ChainError('CHAIN_ERROR', `${action} failed: ${err.shortMessage}`, { cause: err });
  }
  return new ChainError('CHAIN_ERROR', `${action} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

/**
 * The private key in the environment variable `name` (default `PRIVATE_KEY`), 0x-prefixed.
 * Keys are only ever read from the environment, never from the command line.
 * @throws InputError `KEY_MISSING` / `KEY_INVALID`
 */
export function privateKeyFromEnv(name = 'PRIVATE_KEY', env: NodeJS.ProcessEnv = process.env): Hex {
  const raw = env[name]?.trim();
  if (!raw) throw new InputError('KEY_MISSING', `set ${name} in the environment to the 0x-prefixed private key of the sending account (keys are never taken from the command line).`);
  const hex = raw.startsWith('0x') ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new InputError('KEY_INVALID', `${name} is not a private key: it must be 32 bytes in hex (64 hex digits, optionally 0x-prefixed).`);
  return hex as Hex;
}

/** The account of {@link privateKeyFromEnv}. */
export function accountFromEnv(name = 'PRIVATE_KEY', env: NodeJS.ProcessEnv = process.env): Account {
  return privateKeyToAccount(privateKeyFromEnv(name, env));
}

/** Options of {@link connect}. */
export interface ConnectOptions {
  /** JSON-RPC URL of the node. */
  rpcUrl: string;
  /** Address of the deployed ZKMLIncentives. */
  contract: Address;
  /** Chain id the caller expects (e.g. from the deployment record); a different chain is an error. */
  expectedChainId?: number;
  /** Sending account (or its private key); reads work without one. */
  account?: Account | Hex;
  /** Receipt polling interval in ms; default 250 (anvil mines instantly). */
  pollingInterval?: number;
}

/** A mined transaction and what it did. */
export interface TxResult<T> {
  hash: Hex;
  gasUsed: bigint;
  blockNumber: bigint;
  result: T;
}

/** A round as stored, with names for the enums. */
export interface RoundInfo {
  id: bigint;
  owner: Address;
  /** `0x000…0` for ETH. */
  asset: Address;
  amount: bigint;
  validationCommitment: bigint;
  lambda: bigint;
  maxProviders: number;
  numProviders: number;
  status: RoundStatus;
  registrationDeadline: bigint;
  submissionDeadline: bigint;
}

/** A registered provider. */
export interface ProviderInfo {
  index: number;
  account: Address;
  commitment: bigint;
}

/** Parameters of {@link ZkmlClient.createRound}. */
export interface CreateRoundParams {
  /** Reward token; omit (or the zero address) for ETH. */
  asset?: Address;
  /** Reward pool in wei / token units. */
  amount: bigint;
  validationCommitment: bigint;
  /** λ·10^4. */
  lambda: bigint;
  maxProviders: number;
  /** Unix seconds; registration is open while block time < this. */
  registrationDeadline: bigint;
  /** Unix seconds; submission is open until this (inclusive). */
  submissionDeadline: bigint;
}

/** The numbers a proof settles (all fixed-point integers, see ts/protocol/layout.ts). */
export interface Submission {
  /** w·10^8, D entries. */
  weights: readonly bigint[];
  /** b·10^8. */
  intercept: bigint;
  /** L·10^8. */
  trainLoss: bigint;
  /** φ·10^8 per registered provider (registration order); padded with zeros to K. */
  shapley: readonly bigint[];
  /** The UltraHonk proof bytes. */
  proof: Hex | Uint8Array;
}

/** Every event the contract emits, decoded. */
export type IncentivesEvent = ParseEventLogsReturnType<typeof zkmlIncentivesAbi>[number];

type WriteName = ContractFunctionName<IncentivesAbi, 'nonpayable' | 'payable'>;

function toHex(bytes: Hex | Uint8Array): Hex {
  return typeof bytes === 'string' ? bytes : `0x${Buffer.from(bytes).toString('hex')}`;
}

function pad(values: readonly bigint[], length: number, what: string): bigint[] {
  if (values.length > length) throw new InputError('INPUT_TOO_MANY_VALUES', `${values.length} ${what} given but at most ${length} fit.`);
  return [...values, ...Array.from({ length: length - values.length }, () => 0n)];
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
  private readonly chain: Chain;
  private readonly transport: Transport;
  private readonly wallet: WalletClient<Transport, Chain, Account> | undefined;

  /** Use {@link connect}, which checks the chain and the contract. */
  constructor(args: { chain: Chain; transport: Transport; publicClient: PublicClient<Transport, Chain>; contract: Address; account?: Account | undefined }) {
    this.chain = args.chain;
    this.chainId = args.chain.id;
    this.transport = args.transport;
    this.publicClient = args.publicClient;
    this.contract = args.contract;
    this.account = args.account;
    this.wallet = args.account ? createWalletClient({ account: args.account, chain: args.chain, transport: args.transport }) : undefined;
  }

  /** The same client sending from another account (a key or a viem account). */
  as(account: Account | Hex): ZkmlClient {
    return new ZkmlClient({
      chain: this.chain,
      transport: this.transport,
      publicClient: this.publicClient,
      contract: this.contract,
      account: typeof account === 'string' ? privateKeyToAccount(account) : account,
    });
  }

  private async read<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw explainChainError(err, action);
    }
  }

  // ----------------------------------------------------------------------------------------------
  // Reads
  // ----------------------------------------------------------------------------------------------

  /** Number of rounds created (the latest round id). */
  roundCount(): Promise<bigint> {
    return this.read('reading the round count', () => this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'roundCount' }));
  }

  /** The stored round. @throws ContractRevertError `RoundNotFound` */
  async getRound(roundId: bigint): Promise<RoundInfo> {
    const r = await this.read(`reading round ${roundId}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'getRound', args: [roundId] }),
    );
    return {
      id: roundId,
      owner: r.owner,
      asset: r.asset,
      amount: r.amount,
      validationCommitment: r.validationCommitment,
      lambda: r.lambda,
      maxProviders: r.maxProviders,
      numProviders: r.numProviders,
      status: ROUND_STATUS[r.status] ?? 'Open',
      registrationDeadline: BigInt(r.registrationDeadline),
      submissionDeadline: BigInt(r.submissionDeadline),
    };
  }

  /** Registered providers in registration order (the order of the proof's commitments). */
  async getProviders(roundId: bigint): Promise<ProviderInfo[]> {
    const [accounts, commitments] = await this.read(`reading the providers of round ${roundId}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'getProviders', args: [roundId] }),
    );
    return accounts.map((account, index) => ({ index, account, commitment: commitments[index] ?? 0n }));
  }

  /** Phase of the round at the latest block. */
  async phase(roundId: bigint): Promise<RoundPhase> {
    const p = await this.read(`reading the phase of round ${roundId}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'phase', args: [roundId] }),
    );
    return ROUND_PHASE[p] ?? 'Expired';
  }

  /** The round's proof context as the contract computes it (equals `roundContext` of ts/protocol/context.ts). */
  roundContext(roundId: bigint): Promise<bigint> {
    return this.read(`reading the context of round ${roundId}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'roundContext', args: [roundId] }),
    );
  }

  /** Withdrawable credit of `account` in `asset` (default ETH). */
  credits(account: Address, asset: Address = zeroAddress): Promise<bigint> {
    return this.read(`reading the credit of ${account}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'credits', args: [account, asset] }),
    );
  }

  /** The verifier the contract calls. */
  verifier(): Promise<Address> {
    return this.read('reading the verifier address', () => this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'VERIFIER' }));
  }

  /** The public inputs `submit` would give the verifier for these numbers (field elements). */
  async publicInputs(roundId: bigint, s: Omit<Submission, 'proof'>): Promise<bigint[]> {
    const inputs = await this.read(`computing the public inputs of round ${roundId}`, () =>
      this.publicClient.readContract({
        address: this.contract,
        abi: incentivesAbi,
        functionName: 'publicInputs',
        args: [roundId, [...s.weights], s.intercept, s.trainLoss, pad(s.shapley, K, 'Shapley values')],
      }),
    );
    return inputs.map((h) => BigInt(h));
  }

  /** Timestamp of the latest block (the clock the deadlines are compared with). */
  async chainTime(): Promise<bigint> {
    const block = await this.read('reading the latest block', () => this.publicClient.getBlock({ blockTag: 'latest' }));
    return block.timestamp;
  }

  /** Deadlines `registrationSeconds` and `registrationSeconds + submissionSeconds` after the chain's clock. */
  async deadlinesFromNow(registrationSeconds: number, submissionSeconds: number): Promise<{ registrationDeadline: bigint; submissionDeadline: bigint }> {
    const now = await this.chainTime();
    const registrationDeadline = now + BigInt(registrationSeconds);
    return { registrationDeadline, submissionDeadline: registrationDeadline + BigInt(submissionSeconds) };
  }

  /** Every event of the contract (optionally only of one round; `Withdrawn` has no round and is kept). */
  async events(options: { roundId?: bigint; fromBlock?: bigint } = {}): Promise<IncentivesEvent[]> {
    const logs = await this.read('reading events', () => this.publicClient.getLogs({ address: this.contract, fromBlock: options.fromBlock ?? 0n, toBlock: 'latest' }));
    const events = parseEventLogs({ abi: zkmlIncentivesAbi, logs });
    if (options.roundId === undefined) return events;
    return events.filter((e) => !('roundId' in e.args) || e.args.roundId === options.roundId);
  }

  /** ETH balance of an address. */
  balance(address: Address): Promise<bigint> {
    return this.read(`reading the balance of ${address}`, () => this.publicClient.getBalance({ address }));
  }

  // ----------------------------------------------------------------------------------------------
  // Transactions
  // ----------------------------------------------------------------------------------------------

  private requireWallet(action: string): WalletClient<Transport, Chain, Account> {
    if (!this.wallet) throw new InputError('KEY_MISSING', `${action} needs a sending account: set PRIVATE_KEY in the environment.`);
    return this.wallet;
  }

  /** Checks that the account can pay `value` + gas · maxFeePerGas; nothing is sent otherwise. */
  private async checkFunds(action: string, account: Address, value: bigint, gas: bigint): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    const [balance, fees] = await this.read(`${action}: reading balance and fees`, () =>
      Promise.all([this.publicClient.getBalance({ address: account }), this.publicClient.estimateFeesPerGas()]),
    );
    const need = value + gas * fees.maxFeePerGas;
    if (balance < need) {
      throw new ChainError(
        'UNFUNDED',
        `${action}: account ${account} has ${formatEther(balance)} ETH but needs about ${formatEther(need)} ETH` +
          `${value > 0n ? ` (${formatEther(value)} sent + gas)` : ' for gas'}; fund it and try again. Nothing was sent.`,
      );
    }
    return fees;
  }

  /**
   * Simulates, checks funds, sends and waits for one call. Nothing is sent when the simulation
   * reverts or the account cannot pay.
   */
  private async send(action: string, tx: { to: Address; data: Hex; functionName: string; value?: bigint }): Promise<TransactionReceipt> {
    const wallet = this.requireWallet(action);
    const account = wallet.account;
    const value = tx.value ?? 0n;
    const balance = await this.balance(account.address);
    if (balance < value) {
      throw new ChainError(
        'UNFUNDED',
        `${action}: account ${account.address} has ${formatEther(balance)} ETH but the call sends ${formatEther(value)} ETH; fund it and try again. Nothing was sent.`,
      );
    }
    const request = { account, to: tx.to, data: tx.data, value };
    let gas: bigint;
    try {
      // The simulation reverts with the contract's custom error; estimation gives the gas.
      await this.publicClient.call(request);
      gas = await this.publicClient.estimateGas(request);
    } catch (err) {
      const decoded = err instanceof BaseError ? getContractError(err, { abi: incentivesAbi, functionName: tx.functionName, args: [], address: tx.to }) : err;
      throw explainChainError(decoded, action);
    }
    gas += gas / 5n + 10_000n; // margin: estimation is exact on anvil, not always on other nodes
    const fees = await this.checkFunds(action, account.address, value, gas);
    let hash: Hex;
    try {
      hash = await wallet.sendTransaction({ to: tx.to, data: tx.data, value, gas, ...fees });
    } catch (err) {
      throw explainChainError(err, action);
    }
    const receipt = await this.read(`${action}: waiting for ${hash}`, () => this.publicClient.waitForTransactionReceipt({ hash }));
    if (receipt.status !== 'success') {
      throw new ChainError('TX_REVERTED', `${action}: transaction ${hash} reverted on chain although its simulation passed (the state changed in between); check the round and try again.`);
    }
    return receipt;
  }

  /** Calldata of one contract function, type-checked against the ABI. */
  private tx<F extends WriteName>(functionName: F, data: Hex, value?: bigint): { to: Address; data: Hex; functionName: F; value?: bigint } {
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

  /** Checks the round parameters as the contract will, so that nothing (not even an approval) is sent for a bad round. */
  private async checkRoundParams(p: CreateRoundParams): Promise<void> {
    const bad = (msg: string) => new InputError('INPUT_BAD_ROUND', `cannot create the round: ${msg}`);
    if (p.amount <= 0n) throw bad('the reward amount must be greater than 0.');
    if (p.validationCommitment <= 0n || p.validationCommitment >= FIELD_MODULUS) throw bad('the validation commitment must be a non-zero field element below the BN254 modulus.');
    if (p.lambda < 0n || p.lambda >= 1n << 40n) throw bad(`λ·10^4 = ${p.lambda} must be in 0..2^40−1.`);
    if (!Number.isInteger(p.maxProviders) || p.maxProviders < 1 || p.maxProviders > K) throw bad(`max providers must be between 1 and ${K}, got ${p.maxProviders}.`);
    const now = await this.chainTime();
    if (p.registrationDeadline <= now || p.submissionDeadline <= p.registrationDeadline) {
      throw bad(`deadlines must satisfy chain time (${now}) < registration deadline (${p.registrationDeadline}) < submission deadline (${p.submissionDeadline}).`);
    }
    if (p.asset !== undefined && !isAddress(p.asset)) throw bad(`${p.asset} is not an address.`);
  }

  /**
   * Opens a round and escrows the reward: ETH is sent with the call; for a token the client checks
   * the token balance and approves the contract first if the allowance is short.
   * @returns the new round id
   */
  async createRound(p: CreateRoundParams): Promise<TxResult<{ roundId: bigint }>> {
    const action = 'creating the round';
    const wallet = this.requireWallet(action);
    await this.checkRoundParams(p);
    const asset = p.asset ?? zeroAddress;
    if (asset !== zeroAddress) {
      const owner = wallet.account.address;
      const [balance, allowance] = await this.read(`${action}: reading the token balance`, () =>
        Promise.all([
          this.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: 'balanceOf', args: [owner] }),
          this.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: 'allowance', args: [owner, this.contract] }),
        ]),
      );
      if (balance < p.amount) {
        throw new ChainError('UNFUNDED', `${action}: ${owner} holds ${balance} of token ${asset} but the reward is ${p.amount}; fund the account with the token. Nothing was sent.`);
      }
      if (allowance < p.amount) await this.approve(asset, p.amount);
    }
    const data = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'createRound',
      args: [asset, p.amount, p.validationCommitment, p.lambda, BigInt(p.maxProviders), p.registrationDeadline, p.submissionDeadline],
    });
    const receipt = await this.send(action, this.tx('createRound', data, asset === zeroAddress ? p.amount : 0n));
    return this.result(receipt, { roundId: this.event(receipt, 'RoundCreated').args.roundId });
  }

  /** Approves the contract to take `amount` of `token` from the sending account. */
  async approve(token: Address, amount: bigint): Promise<TxResult<null>> {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [this.contract, amount] });
    const receipt = await this.send(`approving ${amount} of token ${token}`, { to: token, data, functionName: 'approve' });
    return this.result(receipt, null);
  }

  /**
   * Registers the sending account as a provider of `roundId` with its data commitment.
   * @returns the provider's slot (registration order, from 0)
   */
  async register(roundId: bigint, commitment: bigint): Promise<TxResult<{ index: number }>> {
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'register', args: [roundId, commitment] });
    const receipt = await this.send(`registering in round ${roundId}`, this.tx('register', data));
    return this.result(receipt, { index: Number(this.event(receipt, 'ProviderRegistered').args.index) });
  }

  /**
   * Submits the proof and the numbers it proves; settles the round and credits the rewards.
   * @returns the remainder credited back to the owner
   */
  async submit(roundId: bigint, s: Submission): Promise<TxResult<{ remainder: bigint }>> {
    const action = `submitting the proof for round ${roundId}`;
    if (s.weights.length !== D) throw new InputError('INPUT_BAD_SUBMISSION', `${action}: ${s.weights.length} weights given, the circuit has D=${D}.`);
    const data = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'submit',
      args: [roundId, [...s.weights], s.intercept, s.trainLoss, pad(s.shapley, K, 'Shapley values'), toHex(s.proof)],
    });
    const receipt = await this.send(action, this.tx('submit', data));
    return this.result(receipt, { remainder: this.event(receipt, 'RoundSettled').args.remainder });
  }

  /** Credits the escrow of an expired round back to its owner (then {@link withdraw}). */
  async reclaim(roundId: bigint): Promise<TxResult<{ amount: bigint }>> {
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'reclaim', args: [roundId] });
    const receipt = await this.send(`reclaiming round ${roundId}`, this.tx('reclaim', data));
    return this.result(receipt, { amount: this.event(receipt, 'RoundReclaimed').args.amount });
  }

  /** Withdraws the sending account's whole credit in `asset` (default ETH). */
  async withdraw(asset: Address = zeroAddress): Promise<TxResult<{ amount: bigint }>> {
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'withdraw', args: [asset] });
    const receipt = await this.send(`withdrawing ${assetName(asset)}`, this.tx('withdraw', data));
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
  const transport = http(options.rpcUrl, { retryCount: 1, timeout: 60_000 });
  const probe = createPublicClient({ transport });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (err) {
    throw new ChainError('RPC_UNREACHABLE', `cannot reach the node at ${options.rpcUrl}; is it running? Check --rpc-url.`, { cause: err });
  }
  if (options.expectedChainId !== undefined && chainId !== options.expectedChainId) {
    throw new ChainError('WRONG_CHAIN', `the node at ${options.rpcUrl} is on chain ${chainId} but chain ${options.expectedChainId} was expected; point --rpc-url at the chain the contract is deployed on.`);
  }
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
    throw new ChainError('NO_CONTRACT', `there is no contract at ${options.contract} on chain ${chainId}; deploy first (\`zkml deploy\`) or check the address.`);
  }
  const account = typeof options.account === 'string' ? privateKeyToAccount(options.account) : options.account;
  return new ZkmlClient({ chain, transport, publicClient, contract: options.contract, account });
}
