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
  type ContractFunctionName,
  type Hex,
  type ParseEventLogsReturnType,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { accountFromKey } from './account.js';
import { ChainError, InputError } from '../errors.js';
import { FIELD_MODULUS } from '../protocol/layout.js';
import { isOnCurve } from '../crypto/grumpkin.js';
import { zkmlIncentivesAbi } from '../generated/abi.js';
import { assetName, explainChainError, incentivesAbi, ROUND_PHASE, ROUND_STATUS, type IncentivesAbi, type RoundPhase, type RoundStatus } from './errors.js';

export { ContractRevertError, explainChainError, incentivesAbi, ROUND_PHASE, ROUND_STATUS, type IncentivesErrorName, type RoundPhase, type RoundStatus } from './errors.js';

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
  return accountFromKey(privateKeyFromEnv(name, env));
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

/** A point on Grumpkin (the owner's encryption key, a registration's ephemeral key). */
export interface CurvePoint {
  x: bigint;
  y: bigint;
}

/** A circuit shape registered in the deployment (shape id = its index). */
export interface ShapeInfo {
  id: number;
  /** Provider slots K. */
  k: number;
  /** Features D. */
  d: number;
  /** Training rows the round can hold. */
  nTrain: number;
  /** Validation rows. */
  nVal: number;
  /** Ciphertext elements of a registration. */
  ciphertextLength: number;
  settlementVerifier: Address;
  registrationVerifier: Address;
}

/** A round as stored, with names for the enums. */
export interface RoundInfo {
  id: bigint;
  owner: Address;
  shapeId: number;
  /** `0x000…0` for ETH. */
  asset: Address;
  amount: bigint;
  validationCommitment: bigint;
  /** Λ = λ·10^4. */
  lambda: bigint;
  maxProviders: number;
  numProviders: number;
  /** Rows registered so far. */
  totalRows: number;
  status: RoundStatus;
  registrationDeadline: bigint;
  submissionDeadline: bigint;
  /** The owner's Grumpkin encryption key: registrations are encrypted to it. */
  ownerKey: CurvePoint;
  /** Registration is restricted to an allowlist. */
  restricted: boolean;
  /** After settlement: Σ max(φ, 0) (0 means the pool is split by rows). */
  positiveTotal: bigint;
  /** Rewards claimed so far. */
  paidOut: bigint;
}

/** A registered provider. */
export interface ProviderInfo {
  index: number;
  account: Address;
  commitment: bigint;
  numRows: number;
  /** Rows of the providers before it (its rows' offset in the round). */
  rowsBefore: number;
  /** Its reward has been claimed (credited). */
  claimed: boolean;
}

/** Parameters of {@link ZkmlClient.createRound}. */
export interface CreateRoundParams {
  /** The circuit shape (id in this deployment); default 0. */
  shapeId?: number;
  /** Reward token; omit (or the zero address) for ETH. */
  asset?: Address;
  /** Reward pool in wei / token units. */
  amount: bigint;
  validationCommitment: bigint;
  /** Λ = λ·10^4, at least 100 (λ ≥ 0.01). */
  lambda: bigint;
  maxProviders: number;
  /** Unix seconds; registration is open while block time < this (at least 1 hour from now). */
  registrationDeadline: bigint;
  /** Unix seconds; submission is open until this, inclusive (at least 1 day after registration). */
  submissionDeadline: bigint;
  /** The owner's Grumpkin encryption key (`ownerKeyFromSigner`). */
  ownerKey: CurvePoint;
  /** Only these addresses may register (consortium rounds); omit or empty for an open round. */
  allowlist?: readonly Address[];
}

/** What a registration sends (from `encryptRegistration` and the registration proof). */
export interface RegistrationArgs {
  commitment: bigint;
  numRows: number;
  ephemeralKey: CurvePoint;
  ciphertext: readonly bigint[];
  proof: Hex | Uint8Array;
}

/** A registration as logged by the contract: everything the owner needs to decrypt the data. */
export interface RegistrationEvent {
  roundId: bigint;
  provider: Address;
  index: number;
  commitment: bigint;
  numRows: number;
  ephemeralKey: CurvePoint;
  ciphertext: bigint[];
  blockNumber: bigint;
}

/** The numbers a proof settles (all fixed-point integers, see ts/protocol/layout.ts). */
export interface Submission {
  /** w·10^8, one per feature of the round's shape. */
  weights: readonly bigint[];
  /** b·10^8. */
  intercept: bigint;
  /** L·10^8. */
  trainLoss: bigint;
  /** φ·10^8 per registered provider (registration order); padded with zeros to the shape's K. */
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

/** Seconds added to deadlines computed from the chain's clock (see {@link ZkmlClient.deadlinesFromNow}). */
export const DEADLINE_SLACK_SECONDS = 60n;

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

  /** Number of shapes registered in the deployment. */
  async shapeCount(): Promise<number> {
    return Number(await this.read('reading the shape count', () => this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'shapeCount' })));
  }

  /** A shape of the deployment. @throws ContractRevertError `ShapeNotFound` */
  async getShape(shapeId: number): Promise<ShapeInfo> {
    const s = await this.read(`reading shape ${shapeId}`, () => this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'getShape', args: [BigInt(shapeId)] }));
    return {
      id: shapeId,
      k: Number(s.k),
      d: Number(s.d),
      nTrain: Number(s.nTrain),
      nVal: Number(s.nVal),
      ciphertextLength: Number(s.ciphertextLength),
      settlementVerifier: s.settlementVerifier,
      registrationVerifier: s.registrationVerifier,
    };
  }

  /** Every shape of the deployment, by id. */
  async shapes(): Promise<ShapeInfo[]> {
    const n = await this.shapeCount();
    return Promise.all(Array.from({ length: n }, (_, i) => this.getShape(i)));
  }

  /** The stored round. @throws ContractRevertError `RoundNotFound` */
  async getRound(roundId: bigint): Promise<RoundInfo> {
    const r = await this.read(`reading round ${roundId}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'getRound', args: [roundId] }),
    );
    return {
      id: roundId,
      owner: r.owner,
      shapeId: r.shapeId,
      asset: r.asset,
      amount: r.amount,
      validationCommitment: r.validationCommitment,
      lambda: BigInt(r.lambda),
      maxProviders: r.maxProviders,
      numProviders: r.numProviders,
      totalRows: r.totalRows,
      status: ROUND_STATUS[r.status] ?? 'Open',
      registrationDeadline: BigInt(r.registrationDeadline),
      submissionDeadline: BigInt(r.submissionDeadline),
      ownerKey: { x: r.ownerKeyX, y: r.ownerKeyY },
      restricted: r.restricted,
      positiveTotal: r.positiveTotal,
      paidOut: r.paidOut,
    };
  }

  /** Registered providers in registration order (the order of the proof's commitments). */
  async getProviders(roundId: bigint): Promise<ProviderInfo[]> {
    const providers = await this.read(`reading the providers of round ${roundId}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'getProviders', args: [roundId] }),
    );
    return providers.map((p, index) => ({ index, account: p.account, commitment: p.commitment, numRows: p.numRows, rowsBefore: p.rowsBefore, claimed: p.claimed }));
  }

  /** The slot of `account` in the round, or undefined if it did not register. */
  async providerIndex(roundId: bigint, account: Address): Promise<number | undefined> {
    const [registered, index] = await this.read(`reading the slot of ${account}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'providerIndex', args: [roundId, account] }),
    );
    return registered ? Number(index) : undefined;
  }

  /** What `claim(roundId, index)` would credit now (0 when not claimable or already claimed). */
  claimable(roundId: bigint, index: number): Promise<bigint> {
    return this.read(`reading the claimable reward of slot ${index}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'claimable', args: [roundId, BigInt(index)] }),
    );
  }

  /** Whether `account` may register in the round as far as its allowlist is concerned. */
  isAllowed(roundId: bigint, account: Address): Promise<boolean> {
    return this.read(`reading the allowlist of round ${roundId}`, () =>
      this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName: 'isAllowed', args: [roundId, account] }),
    );
  }

  /** The contract's minimum λ·10^4 and minimum registration / submission periods (seconds). */
  async limits(): Promise<{ minLambda: bigint; lambdaBound: bigint; minRegistrationPeriod: bigint; minSubmissionPeriod: bigint }> {
    const read = (functionName: 'MIN_LAMBDA' | 'LAMBDA_BOUND' | 'MIN_REGISTRATION_PERIOD' | 'MIN_SUBMISSION_PERIOD') =>
      this.read(`reading ${functionName}`, () => this.publicClient.readContract({ address: this.contract, abi: incentivesAbi, functionName }));
    const [minLambda, lambdaBound, minRegistrationPeriod, minSubmissionPeriod] = await Promise.all([read('MIN_LAMBDA'), read('LAMBDA_BOUND'), read('MIN_REGISTRATION_PERIOD'), read('MIN_SUBMISSION_PERIOD')]);
    return { minLambda, lambdaBound, minRegistrationPeriod, minSubmissionPeriod };
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

  /** The public inputs `submit` would give the verifier for these numbers (field elements). */
  async publicInputs(roundId: bigint, s: Omit<Submission, 'proof'>): Promise<bigint[]> {
    const { k } = await this.getShape((await this.getRound(roundId)).shapeId);
    const inputs = await this.read(`computing the public inputs of round ${roundId}`, () =>
      this.publicClient.readContract({
        address: this.contract,
        abi: incentivesAbi,
        functionName: 'publicInputs',
        args: [roundId, [...s.weights], s.intercept, s.trainLoss, pad(s.shapley, k, 'Shapley values')],
      }),
    );
    return inputs.map((h) => BigInt(h));
  }

  /** The public inputs `register` would give the registration verifier for `payee`. */
  async registrationPublicInputs(roundId: bigint, payee: Address, r: Omit<RegistrationArgs, 'proof'>): Promise<bigint[]> {
    const inputs = await this.read(`computing the registration inputs of round ${roundId}`, () =>
      this.publicClient.readContract({
        address: this.contract,
        abi: incentivesAbi,
        functionName: 'registrationPublicInputs',
        args: [roundId, payee, r.commitment, BigInt(r.numRows), [r.ephemeralKey.x, r.ephemeralKey.y], [...r.ciphertext]],
      }),
    );
    return inputs.map((h) => BigInt(h));
  }

  /** Timestamp of the latest block (the clock the deadlines are compared with). */
  async chainTime(): Promise<bigint> {
    const block = await this.read('reading the latest block', () => this.publicClient.getBlock({ blockTag: 'latest' }));
    return block.timestamp;
  }

  /**
   * Deadlines `registrationSeconds` and `registrationSeconds + submissionSeconds` after the chain's
   * clock, plus {@link DEADLINE_SLACK_SECONDS}: blocks are mined after the clock is read, so a window
   * asked at exactly the contract's minimum would otherwise be a few seconds short when mined.
   */
  async deadlinesFromNow(registrationSeconds: number, submissionSeconds: number): Promise<{ registrationDeadline: bigint; submissionDeadline: bigint }> {
    const now = await this.chainTime();
    const registrationDeadline = now + BigInt(registrationSeconds) + DEADLINE_SLACK_SECONDS;
    return { registrationDeadline, submissionDeadline: registrationDeadline + BigInt(submissionSeconds) };
  }

  /** Every event of the contract (optionally only of one round; `Withdrawn` has no round and is kept). */
  async events(options: { roundId?: bigint; fromBlock?: bigint } = {}): Promise<IncentivesEvent[]> {
    const logs = await this.read('reading events', () => this.publicClient.getLogs({ address: this.contract, fromBlock: options.fromBlock ?? 0n, toBlock: 'latest' }));
    const events = parseEventLogs({ abi: zkmlIncentivesAbi, logs });
    if (options.roundId === undefined) return events;
    return events.filter((e) => !('roundId' in e.args) || e.args.roundId === options.roundId);
  }

  /** The registrations of a round, from the contract's logs: what the owner decrypts. */
  async registrations(roundId: bigint, fromBlock = 0n): Promise<RegistrationEvent[]> {
    const logs = await this.read(`reading the registrations of round ${roundId}`, () =>
      this.publicClient.getLogs({ address: this.contract, fromBlock, toBlock: 'latest' }),
    );
    return parseEventLogs({ abi: zkmlIncentivesAbi, logs, eventName: 'ProviderRegistered', args: { roundId } }).map((e) => ({
      roundId,
      provider: e.args.provider,
      index: Number(e.args.index),
      commitment: e.args.commitment,
      numRows: Number(e.args.numRows),
      ephemeralKey: { x: e.args.ephemeralKey[0], y: e.args.ephemeralKey[1] },
      ciphertext: [...e.args.ciphertext],
      blockNumber: e.blockNumber,
    }));
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
    const bad = (msg: string) => new InputError('INPUT_BAD_ROUND', `cannot create the round: ${msg} Nothing was sent.`);
    if (p.amount <= 0n) throw bad('the reward amount must be greater than 0.');
    if (p.validationCommitment <= 0n || p.validationCommitment >= FIELD_MODULUS) throw bad('the validation commitment must be a non-zero field element below the BN254 modulus.');
    const [limits, shape, now] = await Promise.all([this.limits(), this.getShape(p.shapeId ?? 0), this.chainTime()]);
    if (p.lambda < limits.minLambda || p.lambda >= limits.lambdaBound) throw bad(`λ·10^4 = ${p.lambda} must be at least ${limits.minLambda} (λ ≥ ${Number(limits.minLambda) / 1e4}) and below 2^40.`);
    if (!Number.isInteger(p.maxProviders) || p.maxProviders < 1 || p.maxProviders > shape.k) throw bad(`max providers must be between 1 and ${shape.k} (shape ${shape.id}), got ${p.maxProviders}.`);
    if (p.registrationDeadline < now + limits.minRegistrationPeriod) {
      throw bad(`registration must stay open at least ${limits.minRegistrationPeriod} s (until chain time ${now + limits.minRegistrationPeriod} or later), got deadline ${p.registrationDeadline}.`);
    }
    if (p.submissionDeadline < p.registrationDeadline + limits.minSubmissionPeriod) {
      throw bad(`submission must stay open at least ${limits.minSubmissionPeriod} s after registration closes, got ${p.submissionDeadline - p.registrationDeadline} s.`);
    }
    if (p.asset !== undefined && !isAddress(p.asset)) throw bad(`${p.asset} is not an address.`);
    if (!isOnCurve(p.ownerKey)) throw bad(`the owner key (${p.ownerKey.x}, ${p.ownerKey.y}) is not a point of Grumpkin; derive it with ownerKeyFromSigner.`);
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
      args: [
        {
          shapeId: BigInt(p.shapeId ?? 0),
          asset,
          amount: p.amount,
          validationCommitment: p.validationCommitment,
          lambda: p.lambda,
          maxProviders: BigInt(p.maxProviders),
          registrationDeadline: p.registrationDeadline,
          submissionDeadline: p.submissionDeadline,
          ownerKey: [p.ownerKey.x, p.ownerKey.y],
          allowlist: [...(p.allowlist ?? [])],
        },
      ],
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
   * Registers the sending account as a provider of `roundId`, delivering its encrypted data with
   * the registration proof (`ZkmlProver.proveRegistration`).
   * @returns the provider's slot (registration order, from 0)
   */
  async register(roundId: bigint, r: RegistrationArgs): Promise<TxResult<{ index: number }>> {
    const data = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'register',
      args: [roundId, r.commitment, BigInt(r.numRows), [r.ephemeralKey.x, r.ephemeralKey.y], [...r.ciphertext], toHex(r.proof)],
    });
    const receipt = await this.send(`registering in round ${roundId}`, this.tx('register', data));
    return this.result(receipt, { index: Number(this.event(receipt, 'ProviderRegistered').args.index) });
  }

  /**
   * Submits the proof and the numbers it proves; settles the round. Rewards are then credited by
   * {@link claim} (anyone may call it for any slot).
   * @returns whether the pool is split by rows (no positive Shapley value)
   */
  async submit(roundId: bigint, s: Submission): Promise<TxResult<{ byRows: boolean }>> {
    const action = `submitting the proof for round ${roundId}`;
    const shape = await this.getShape((await this.getRound(roundId)).shapeId);
    if (s.weights.length !== shape.d) throw new InputError('INPUT_BAD_SUBMISSION', `${action}: ${s.weights.length} weights given, the round's shape has D=${shape.d}.`);
    const data = encodeFunctionData({
      abi: incentivesAbi,
      functionName: 'submit',
      args: [roundId, [...s.weights], s.intercept, s.trainLoss, pad(s.shapley, shape.k, 'Shapley values'), toHex(s.proof)],
    });
    const receipt = await this.send(action, this.tx('submit', data));
    return this.result(receipt, { byRows: this.event(receipt, 'RoundSettled').args.byRows });
  }

  /** Credits slot `index`'s reward of a settled or expired round to its provider (then {@link withdraw}). */
  async claim(roundId: bigint, index: number): Promise<TxResult<{ provider: Address; amount: bigint }>> {
    const data = encodeFunctionData({ abi: incentivesAbi, functionName: 'claim', args: [roundId, BigInt(index)] });
    const receipt = await this.send(`claiming slot ${index} of round ${roundId}`, this.tx('claim', data));
    const e = this.event(receipt, 'RewardClaimed');
    return this.result(receipt, { provider: e.args.provider, amount: e.args.amount });
  }

  /** Credits the escrow of a round no provider entered back to its owner (then {@link withdraw}). */
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
  const account = typeof options.account === 'string' ? accountFromKey(options.account) : options.account;
  return new ZkmlClient({ chain, transport, publicClient, contract: options.contract, account });
}
