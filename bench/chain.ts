/**
 * On-chain gas of one shape, on an embedded anvil (`ts/dev/anvil.ts`), with the real contract
 * and the real verifiers, all compiled in-process with npm solc (`bench/solidity.ts`) and deployed
 * with viem. Every number is a receipt's `gasUsed` (it includes the 21,000 base cost and the
 * calldata; {@link intrinsicGas} gives that part, so the execution alone can be derived).
 *
 * 1. Deploy the shape's settlement verifiers (optimized and standard), its registration verifiers
 *    (or, when the shape's registration circuit is not built, the bench's MOCK accepting verifier
 *    so that providers can still register: `submit` never calls it) and `ZKMLIncentives` with
 *    the one shape (optimized verifiers), as `script/Deploy.s.sol` would.
 * 2. The owner (anvil account 0) derives its Grumpkin key from its signature over the owner-key
 *    message (`ts/crypto/owner-key.ts`) and creates an ETH round with the minimum windows and a
 *    real validation proof (`noir/validation`; also sent to both validation verifiers directly).
 * 3. K providers (anvil accounts 1..K) each `register` with a real registration proof bound to
 *    their address and the round (`register` gas, K samples). The first proof is also sent to both
 *    registration verifiers directly (`verify` gas of the registration circuit).
 * 4. After the registration deadline, a real settlement proof of the round's K providers is sent to
 *    both settlement verifiers directly (`verify` gas) and then `submit`ted (`submit` gas), which
 *    must emit `RoundSettled`.
 */
import {
  createPublicClient,
  createWalletClient,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  http,
  parseEventLogs,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { startAnvil, type Anvil } from '../ts/dev/anvil.js';
import type { GrumpkinPoint } from '../ts/crypto/grumpkin.js';
import { ownerKeyFromSigner } from '../ts/crypto/owner-key.js';
import type { SealedRegistration } from '../ts/protocol/registration.js';
import { roundContext } from '../ts/protocol/context.js';
import type { Shape } from '../ts/protocol/shapes/index.js';
import { compileIncentives, compileMockRegistrationVerifier, compileVerifier, libraryIds, linkBytecode, MOCK_REGISTRATION_VERIFIER, type CompiledContract } from './solidity.js';

/** A settlement proof and what it settles, as the worker produces it for a given context. */
export interface ChainProof {
  proof: Uint8Array;
  /** 0x-prefixed 32-byte field elements (bb.js order = the layout). */
  publicInputs: string[];
  weights: bigint[];
  intercept: bigint;
  trainLoss: bigint;
  /** Signed Shapley values, K entries. */
  shapley: bigint[];
}

/** A registration as the worker produces it: encrypted values, and the proof unless the circuit is missing. */
export interface ChainRegistration {
  registration: SealedRegistration;
  proof?: { proof: Uint8Array; publicInputs: string[] };
}

/** Standard and optimized verifier. */
export interface PerVerifier {
  standard: number;
  optimized: number;
}

/** Solidity sources of a circuit's two verifiers and their contract names. */
export interface VerifierSources {
  standard: { source: string; name: string };
  optimized: { source: string; name: string };
}

export interface GasMeasurement {
  /** anvil's hardfork (gas schedule) and chain id. */
  hardfork: string;
  chainId: number;
  /** Providers registered (= K). */
  providers: number;
  /** `verify(proof, publicInputs)` of the settlement proof, sent to each settlement verifier. */
  verify: PerVerifier;
  verifyIntrinsic: PerVerifier;
  /** Runtime code of the settlement verifiers (with the standard one's libraries), bytes. */
  verifierBytes: PerVerifier;
  /** `createRound` (ETH, K providers: allocates ceil(K/2) prefix words) with its real validation proof, verified by the optimized validation verifier. */
  createRound: number;
  createRoundIntrinsic: number;
  /** Validation rows the round was created with (the validation proof's `num_rows`). */
  validationRows: number;
  /** `verify` of the validation proof, sent to each validation verifier. */
  validationVerify: PerVerifier;
  validationVerifyIntrinsic: PerVerifier;
  /** `submit` with the optimized verifier and K providers (whole settlement). */
  submit: number;
  submitIntrinsic: number;
  /** `register` of each provider, in order, with the real optimized registration verifier and proof; `null` with the mock. */
  register: number[] | null;
  registerIntrinsic: number[] | null;
  /** `verify` of the first registration proof, sent to each registration verifier; `null` with the mock. */
  registerVerify: PerVerifier | null;
  registerVerifyIntrinsic: PerVerifier | null;
  registerVerifierBytes: PerVerifier | null;
  /**
   * `register` of one provider holding the registration circuit's full capacity (`registerFullRows`
   * = the shape's N_TRAIN rows), in a second round of the same deployment (same validation proof);
   * `null` with the mock.
   */
  registerFull: number | null;
  registerFullIntrinsic: number | null;
  registerFullRows: number | null;
  /** The registration verifier the contract was deployed with (a contract name, or the mock's). */
  registrationVerifier: string;
  /** `ZKMLIncentives` runtime code, bytes. */
  incentivesBytes: number;
}

const transport = (anvil: Anvil) => http(anvil.rpcUrl, { retryCount: 0, timeout: 120_000 });

/** 21,000 plus calldata gas (4 per zero byte, 16 per non-zero byte). */
export function intrinsicGas(data: Hex): number {
  let gas = 21_000;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === '00' ? 4 : 16;
  return gas;
}

class Chain {
  readonly publicClient: PublicClient;
  constructor(readonly anvil: Anvil) {
    this.publicClient = createPublicClient({ chain: { ...foundry, id: anvil.chainId }, transport: transport(anvil), pollingInterval: 50 });
  }

  wallet(index: number) {
    const key = this.anvil.accounts[index]?.privateKey;
    if (!key) throw new Error(`anvil has no account ${index}`);
    return createWalletClient({ account: privateKeyToAccount(key), chain: { ...foundry, id: this.anvil.chainId }, transport: transport(this.anvil) });
  }

  /** Sends a transaction from account `from` and returns its successful receipt. */
  async send(from: number, to: Address | undefined, data: Hex, value = 0n): Promise<TransactionReceipt> {
    const wallet = this.wallet(from);
    const gas = await this.publicClient.estimateGas({ account: wallet.account, ...(to ? { to } : {}), data, value });
    const hash = await wallet.sendTransaction({ ...(to ? { to } : { to: null }), data, value, gas: gas + gas / 5n });
    const receipt = await this.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return receipt;
  }

  /** Deploys `contract` (its libraries first, from `all`) and returns the address and the runtime size with libraries. */
  async deploy(contract: CompiledContract, all: ReadonlyMap<string, CompiledContract>, args: readonly unknown[] = []): Promise<{ address: Address; bytes: number }> {
    const addresses = new Map<string, string>();
    let bytes = contract.runtimeBytes;
    for (const id of libraryIds(contract)) {
      const lib = all.get(id);
      if (!lib) throw new Error(`${contract.id} links ${id}, which solc did not produce`);
      if (libraryIds(lib).length > 0) throw new Error(`library ${id} links further libraries; not supported`);
      addresses.set(id, await this.create(linkBytecode(lib, new Map()), lib.abi, []));
      bytes += lib.runtimeBytes;
    }
    return { address: await this.create(linkBytecode(contract, addresses), contract.abi, args), bytes };
  }

  private async create(bytecode: Hex, abi: Abi, args: readonly unknown[]): Promise<Address> {
    const data = args.length > 0 ? encodeDeployData({ abi, bytecode, args }) : bytecode;
    const receipt = await this.send(0, undefined, data);
    if (!receipt.contractAddress) throw new Error('deployment receipt without a contract address');
    return receipt.contractAddress;
  }

  async now(): Promise<bigint> {
    return (await this.publicClient.getBlock({ blockTag: 'latest' })).timestamp;
  }

  /** Checks with a call that `verifier` accepts, then sends `verify` as a transaction; its gas and calldata gas. */
  async verify(verifier: CompiledContract, at: Address, proof: Uint8Array, publicInputs: readonly string[], what: string): Promise<{ gas: number; intrinsic: number }> {
    const data = encodeFunctionData({ abi: verifier.abi, functionName: 'verify', args: [hex(proof), publicInputs] });
    const call = await this.publicClient.call({ to: at, data, gas: 30_000_000n });
    const accepted = call.data ? decodeFunctionResult({ abi: verifier.abi, functionName: 'verify', data: call.data }) : false;
    if (accepted !== true) throw new Error(`${what} did not accept the proof`);
    const receipt = await this.send(0, at, data);
    return { gas: Number(receipt.gasUsed), intrinsic: intrinsicGas(data) };
  }
}

const hex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`;

/** Seconds: the contract's MIN_REGISTRATION_PERIOD, MIN_DELIVERY_PERIOD and MIN_SUBMISSION_PERIOD, plus a margin. */
const REGISTRATION_PERIOD = 3600n + 600n;
const DELIVERY_PERIOD = 3600n;
const SUBMISSION_PERIOD = 86_400n + 600n;
/** The deposit of every registration of the bench's rounds (wei). */
const DEPOSIT = 10n ** 15n;

/**
 * Measures the gas of one shape: deployment with its verifiers, a round with K providers who
 * register with real proofs (unless `register` is `null`: then the mock registration verifier),
 * and the settlement of that round with a real proof.
 */
export async function measureGas(opts: {
  shape: Shape;
  settlement: VerifierSources;
  /** The registration circuit's verifiers, or `null` to deploy the MOCK accepting verifier. */
  registration: VerifierSources | null;
  /** The shape's validation verifiers, the round's validation commitment, its row count and the proof of both (noir/validation). */
  validation: { verifiers: VerifierSources; commitment: bigint; rows: number; proof: { proof: Uint8Array; publicInputs: string[] } };
  /** Λ. */
  lambda: bigint;
  /** Provider i's registration for the round `context` and owner key (with a proof unless `registration` is null). */
  register: (i: number, context: bigint, ownerKey: GrumpkinPoint) => Promise<ChainRegistration>;
  /** One provider's registration of the shape's full capacity (N_TRAIN rows) for `context`, with its proof; `null`: not measured. */
  registerFull: ((context: bigint, ownerKey: GrumpkinPoint) => Promise<ChainRegistration>) | null;
  /** A settlement proof of the round's K providers with public `context`. */
  prove: (context: bigint) => Promise<ChainProof>;
  log: (line: string) => void;
  /** anvil `--hardfork` (gas schedule); default anvil's own default. */
  hardfork?: string;
}): Promise<GasMeasurement> {
  const { shape, log } = opts;
  const k = shape.k;
  log('compiling the verifiers and ZKMLIncentives with solc');
  const settlement = {
    standard: compileVerifier(opts.settlement.standard.source, opts.settlement.standard.name),
    optimized: compileVerifier(opts.settlement.optimized.source, opts.settlement.optimized.name),
  };
  const registration = opts.registration
    ? {
        standard: compileVerifier(opts.registration.standard.source, opts.registration.standard.name),
        optimized: compileVerifier(opts.registration.optimized.source, opts.registration.optimized.name),
      }
    : null;
  const validation = {
    standard: compileVerifier(opts.validation.verifiers.standard.source, opts.validation.verifiers.standard.name),
    optimized: compileVerifier(opts.validation.verifiers.optimized.source, opts.validation.verifiers.optimized.name),
  };
  const mock = registration ? null : compileMockRegistrationVerifier();
  const incentives = compileIncentives();

  const anvil = await startAnvil(opts.hardfork ? { args: ['--hardfork', opts.hardfork] } : {});
  try {
    const chain = new Chain(anvil);
    const info = (await anvil.rpc('anvil_nodeInfo')) as { hardFork?: string };
    const deploy = (c: { verifier: CompiledContract; all: Map<string, CompiledContract> }) => chain.deploy(c.verifier, c.all);
    const sv = { optimized: await deploy(settlement.optimized), standard: await deploy(settlement.standard) };
    const rv = registration ? { optimized: await deploy(registration.optimized), standard: await deploy(registration.standard) } : null;
    const registrationVerifier = rv ? rv.optimized.address : (await deploy(mock!)).address;
    const vv = { optimized: await deploy(validation.optimized), standard: await deploy(validation.standard) };
    const shapeArg = {
      k: BigInt(k),
      d: BigInt(shape.d),
      nTrain: BigInt(shape.nTrain),
      maxProviderRows: BigInt(shape.nProvider),
      nVal: BigInt(shape.nVal),
      ciphertextLength: BigInt(shape.ciphertextLength),
      settlementVerifier: sv.optimized.address,
      registrationVerifier,
      validationVerifier: vv.optimized.address,
    };
    const inc = await chain.deploy(incentives, new Map(), [[shapeArg]]);
    const at = inc.address;
    const abi = incentives.abi;

    // The owner's key, as the SDK derives it: from its EIP-712 signature over the owner-key typed data.
    const ownerKey = (await ownerKeyFromSigner(chain.wallet(0).account, anvil.chainId, at)).publicKey;

    const now = await chain.now();
    const registrationDeadline = now + REGISTRATION_PERIOD;
    const amount = 10n ** 18n;
    const params = {
      shapeId: 0n,
      asset: '0x0000000000000000000000000000000000000000' as Address,
      amount,
      validationCommitment: opts.validation.commitment,
      validationRows: BigInt(opts.validation.rows),
      lambda: opts.lambda,
      maxProviders: BigInt(k),
      maxRowsPerProvider: 0n,
      deposit: DEPOSIT,
      rowShareBps: 0n,
      reservePerRow: amount,
      registrationDeadline,
      deliveryDeadline: registrationDeadline + DELIVERY_PERIOD,
      submissionDeadline: registrationDeadline + DELIVERY_PERIOD + SUBMISSION_PERIOD,
      ownerKey: [ownerKey.x, ownerKey.y] as const,
      allowlist: [] as Address[],
    };
    const vp = opts.validation.proof;
    const validationVerify = {
      optimized: await chain.verify(validation.optimized.verifier, vv.optimized.address, vp.proof, vp.publicInputs, 'the optimized validation verifier'),
      standard: await chain.verify(validation.standard.verifier, vv.standard.address, vp.proof, vp.publicInputs, 'the standard validation verifier'),
    };
    const createData = encodeFunctionData({ abi, functionName: 'createRound', args: [params, hex(vp.proof)] });
    const created = await chain.send(0, at, createData, amount);
    log(`createRound with a validation proof of ${opts.validation.rows} rows: ${created.gasUsed} gas (validation verify ${validationVerify.optimized.gas} optimized / ${validationVerify.standard.gas} standard)`);
    const createdLog = parseEventLogs({ abi, logs: created.logs, eventName: 'RoundCreated' })[0] as { args: { roundId: bigint } } | undefined;
    if (!createdLog) throw new Error('createRound emitted no RoundCreated');
    const roundId = createdLog.args.roundId;
    const context = roundContext(anvil.chainId, at, roundId);

    // A sealed round: each provider first registers its commitments with the deposit, then, after the
    // registration deadline, delivers its ciphertext with the proof. The "register" figures are the whole
    // cost for a provider to join: both transactions (each logged apart).
    const register: number[] = [];
    const registerIntrinsic: number[] = [];
    let registerVerify: { standard: { gas: number; intrinsic: number }; optimized: { gas: number; intrinsic: number } } | null = null;
    const pending: { from: number; roundId: bigint; deliverData: Hex; commitGas: number; commitIntrinsic: number; rows: number }[] = [];
    const commit = async (from: number, id: bigint, r: ChainRegistration['registration'], proof: ChainRegistration['proof']) => {
      const data = encodeFunctionData({ abi, functionName: 'register', args: [id, r.commitment, r.statsCommitment, BigInt(r.numRows)] });
      const receipt = await chain.send(from, at, data, DEPOSIT);
      if (parseEventLogs({ abi, logs: receipt.logs, eventName: 'ProviderRegistered' }).length !== 1) throw new Error(`provider ${from} was not registered`);
      const deliverData = encodeFunctionData({ abi, functionName: 'deliver', args: [id, [r.ephemeralKey.x, r.ephemeralKey.y], r.ciphertext, proof ? hex(proof.proof) : '0x'] });
      pending.push({ from, roundId: id, deliverData, commitGas: Number(receipt.gasUsed), commitIntrinsic: intrinsicGas(data), rows: r.numRows });
    };
    for (let i = 0; i < k; i++) {
      const { registration: r, proof } = await opts.register(i, context, ownerKey);
      if (registration && !proof) throw new Error(`provider ${i + 1}: no registration proof`);
      if (proof && rv && registerVerify === null) {
        registerVerify = {
          optimized: await chain.verify(registration!.optimized.verifier, rv.optimized.address, proof.proof, proof.publicInputs, 'the optimized registration verifier'),
          standard: await chain.verify(registration!.standard.verifier, rv.standard.address, proof.proof, proof.publicInputs, 'the standard registration verifier'),
        };
      }
      await commit(i + 1, roundId, r, proof);
    }
    // A second round (one slot, so its row cap is the registration circuit's full capacity) in which one
    // provider registers the full capacity (before the deadline passes).
    let full: { gas: number; intrinsic: number; rows: number } | null = null;
    if (opts.registerFull && rv) {
      const created2 = await chain.send(0, at, encodeFunctionData({ abi, functionName: 'createRound', args: [{ ...params, maxProviders: 1n }, hex(vp.proof)] }), amount);
      const id2 = (parseEventLogs({ abi, logs: created2.logs, eventName: 'RoundCreated' })[0] as { args: { roundId: bigint } } | undefined)?.args.roundId;
      if (id2 === undefined) throw new Error('the second createRound emitted no RoundCreated');
      const { registration: r, proof } = await opts.registerFull(roundContext(anvil.chainId, at, id2), ownerKey);
      if (!proof) throw new Error('the full-capacity registration has no proof');
      await commit(1, id2, r, proof);
    }
    await anvil.increaseTime(Number(REGISTRATION_PERIOD) + 60);
    for (const d of pending) {
      const receipt = await chain.send(d.from, at, d.deliverData);
      if (parseEventLogs({ abi, logs: receipt.logs, eventName: 'DataDelivered' }).length !== 1) throw new Error(`provider ${d.from} did not deliver`);
      const gas = d.commitGas + Number(receipt.gasUsed);
      const intrinsic = d.commitIntrinsic + intrinsicGas(d.deliverData);
      if (d.roundId === roundId) {
        register.push(gas);
        registerIntrinsic.push(intrinsic);
        log(`provider ${d.from}/${k} registered (${d.commitGas} gas) and delivered (${receipt.gasUsed} gas, ${d.rows} rows)${rv ? '' : ` (MOCK registration verifier: not reported)`}`);
      } else {
        full = { gas, intrinsic, rows: d.rows };
        log(`one provider registered (${d.commitGas} gas) and delivered the full capacity (${d.rows} rows, ${receipt.gasUsed} gas) in round ${d.roundId}: ${Math.round(gas / d.rows)} gas/row`);
      }
    }

    log(`proving the settlement of round ${roundId} of ${at} (${k} providers)`);
    const p = await opts.prove(context);
    const verify = {
      optimized: await chain.verify(settlement.optimized.verifier, sv.optimized.address, p.proof, p.publicInputs, 'the optimized settlement verifier'),
      standard: await chain.verify(settlement.standard.verifier, sv.standard.address, p.proof, p.publicInputs, 'the standard settlement verifier'),
    };
    const submitData = encodeFunctionData({ abi, functionName: 'submit', args: [roundId, p.weights, p.intercept, p.trainLoss, p.shapley, hex(p.proof)] });
    const submitReceipt = await chain.send(0, at, submitData);
    if (parseEventLogs({ abi, logs: submitReceipt.logs, eventName: 'RoundSettled' }).length !== 1) throw new Error('submit did not settle the round');
    log(`verify ${verify.optimized.gas} (optimized) / ${verify.standard.gas} (standard) gas; submit ${submitReceipt.gasUsed} gas with ${k} providers`);

    return {
      hardfork: info.hardFork ?? 'unknown',
      chainId: anvil.chainId,
      providers: k,
      verify: { standard: verify.standard.gas, optimized: verify.optimized.gas },
      verifyIntrinsic: { standard: verify.standard.intrinsic, optimized: verify.optimized.intrinsic },
      verifierBytes: { standard: sv.standard.bytes, optimized: sv.optimized.bytes },
      createRound: Number(created.gasUsed),
      createRoundIntrinsic: intrinsicGas(createData),
      validationRows: opts.validation.rows,
      validationVerify: { standard: validationVerify.standard.gas, optimized: validationVerify.optimized.gas },
      validationVerifyIntrinsic: { standard: validationVerify.standard.intrinsic, optimized: validationVerify.optimized.intrinsic },
      submit: Number(submitReceipt.gasUsed),
      submitIntrinsic: intrinsicGas(submitData),
      register: rv ? register : null,
      registerIntrinsic: rv ? registerIntrinsic : null,
      registerVerify: registerVerify ? { standard: registerVerify.standard.gas, optimized: registerVerify.optimized.gas } : null,
      registerVerifyIntrinsic: registerVerify ? { standard: registerVerify.standard.intrinsic, optimized: registerVerify.optimized.intrinsic } : null,
      registerVerifierBytes: rv ? { standard: rv.standard.bytes, optimized: rv.optimized.bytes } : null,
      registerFull: full?.gas ?? null,
      registerFullIntrinsic: full?.intrinsic ?? null,
      registerFullRows: full?.rows ?? null,
      registrationVerifier: opts.registration ? opts.registration.optimized.name : `${MOCK_REGISTRATION_VERIFIER} (MOCK: the shape's registration circuit is not built)`,
      incentivesBytes: incentives.runtimeBytes,
    };
  } finally {
    await anvil.stop();
  }
}
