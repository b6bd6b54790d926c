/**
 * On-chain gas of one circuit variant, on an embedded anvil (`ts/chain/anvil.ts`):
 *
 * - `verify` alone: the generated verifier (standard and optimized) is compiled in-process with
 *   npm solc (`bench/solidity.ts`), deployed with viem, and `verify(proof, publicInputs)` is sent
 *   as a transaction; the number is the receipt's `gasUsed` (it includes the 21,000 base cost and
 *   the calldata; {@link intrinsicGas} gives that part so the execution alone can be derived).
 * - `submit`: `ZKMLIncentives` bound to that verifier, one ETH round with the variant's `k`
 *   providers registered, then `submit` with a proof bound to that round (the caller proves it:
 *   the proof's public `context` depends on the contract's address and the round id). The number
 *   is the receipt's `gasUsed` of the whole `submit` (public inputs, verification, payout).
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
import { startAnvil, type Anvil } from '../ts/chain/anvil.js';
import { roundContext } from '../ts/protocol/context.js';
import { K as SHIPPED_K } from '../ts/protocol/layout.js';
import { compileIncentives, compileVerifier, libraryIds, linkBytecode, type CompiledContract } from './solidity.js';

/** A proof and what it settles, as the worker produces it for a given context. */
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

/** What the round registers on chain. */
export interface ChainRound {
  commitments: bigint[];
  validationCommitment: bigint;
  lambda: bigint;
}

/** Gas of one verifier flavour. */
export interface FlavourGas {
  /** Receipt gasUsed of a transaction calling `verify(proof, publicInputs)` directly. */
  verify: number;
  /** 21,000 + calldata gas of that transaction (EIP-2028 pricing), already included in `verify`. */
  verifyIntrinsic: number;
  /** Receipt gasUsed of `ZKMLIncentives.submit` (whole settlement, verification included). */
  submit: number;
  /** 21,000 + calldata gas of the `submit` transaction, included in `submit`. */
  submitIntrinsic: number;
  /** Runtime code size of the verifier (bytes) and of its linked libraries. */
  verifierBytes: number;
  libraryBytes: number;
}

export interface GasMeasurement {
  standard: FlavourGas;
  optimized: FlavourGas;
  /** anvil's hardfork (gas schedule) and chain id. */
  hardfork: string;
  chainId: number;
  /** Which ZKMLIncentives was deployed: the shipped layout, or one rebuilt for another K. */
  incentivesLayout: string;
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

  private wallet(index: number) {
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

  /** Deploys `contract` (its libraries first, from `all`) and returns the address and the libraries' code size. */
  async deploy(contract: CompiledContract, all: ReadonlyMap<string, CompiledContract>, args: readonly unknown[] = []): Promise<{ address: Address; libraryBytes: number }> {
    const addresses = new Map<string, string>();
    let libraryBytes = 0;
    for (const id of libraryIds(contract)) {
      const lib = all.get(id);
      if (!lib) throw new Error(`${contract.id} links ${id}, which solc did not produce`);
      if (libraryIds(lib).length > 0) throw new Error(`library ${id} links further libraries; not supported`);
      addresses.set(id, await this.create(linkBytecode(lib, new Map()), lib.abi, []));
      libraryBytes += lib.runtimeBytes;
    }
    return { address: await this.create(linkBytecode(contract, addresses), contract.abi, args), libraryBytes };
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
}

const hex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString('hex')}`;

/**
 * Measures `verify` and `submit` gas for both verifier flavours of a variant with `k` slots.
 * `prove(context)` must return a proof of the variant's round with that public context.
 */
export async function measureGas(opts: {
  /** Provider slots K of the circuit; the round registers K providers. */
  slots: number;
  nTrain: number;
  nVal: number;
  standardSource: string;
  optimizedSource: string;
  round: ChainRound;
  prove: (context: bigint) => Promise<ChainProof>;
  log: (line: string) => void;
  /** anvil `--hardfork` (gas schedule); default anvil's own default. */
  hardfork?: string;
}): Promise<GasMeasurement> {
  const { slots: k, round } = opts;
  opts.log('compiling the verifiers and ZKMLIncentives with solc');
  const flavours = {
    standard: compileVerifier(opts.standardSource, 'BenchHonkVerifier'),
    optimized: compileVerifier(opts.optimizedSource, 'BenchHonkVerifierOptimized'),
  };
  const incentives = compileIncentives(k, opts.nTrain, opts.nVal);
  const anvil = await startAnvil(opts.hardfork ? { args: ['--hardfork', opts.hardfork] } : {});
  try {
    const chain = new Chain(anvil);
    const info = (await anvil.rpc('anvil_nodeInfo')) as { hardFork?: string };
    const result: Partial<Record<'standard' | 'optimized', FlavourGas>> = {};
    for (const flavour of ['optimized', 'standard'] as const) {
      const { verifier, all } = flavours[flavour];
      const deployed = await chain.deploy(verifier, all);
      const inc = await chain.deploy(incentives, new Map(), [deployed.address]);
      const at = inc.address;

      // One ETH round with k providers (anvil accounts 1..k), then past the registration deadline.
      const now = await chain.now();
      const created = await chain.send(
        0,
        at,
        encodeFunctionData({ abi: incentives.abi, functionName: 'createRound', args: ['0x0000000000000000000000000000000000000000', 10n ** 18n, round.validationCommitment, round.lambda, BigInt(k), now + 100n, now + 100_000n] }),
        10n ** 18n,
      );
      const createdLog = parseEventLogs({ abi: incentives.abi, logs: created.logs, eventName: 'RoundCreated' })[0] as { args: { roundId: bigint } } | undefined;
      if (!createdLog) throw new Error('createRound emitted no RoundCreated');
      const roundId = createdLog.args.roundId;
      for (let i = 0; i < k; i++) {
        await chain.send(i + 1, at, encodeFunctionData({ abi: incentives.abi, functionName: 'register', args: [roundId, round.commitments[i]!] }));
      }
      await anvil.increaseTime(200);

      opts.log(`${flavour} verifier: proving round ${roundId} of ${at}`);
      const p = await opts.prove(roundContext(anvil.chainId, at, roundId));
      const verifyData = encodeFunctionData({ abi: verifier.abi, functionName: 'verify', args: [hex(p.proof), p.publicInputs] });
      const call = await chain.publicClient.call({ to: deployed.address, data: verifyData, gas: 15_000_000n });
      const accepted = call.data ? decodeFunctionResult({ abi: verifier.abi, functionName: 'verify', data: call.data }) : false;
      if (accepted !== true) throw new Error(`the ${flavour} verifier did not accept the proof`);
      const verifyReceipt = await chain.send(0, deployed.address, verifyData);

      const shapley = [...p.shapley, ...new Array<bigint>(Math.max(0, k - p.shapley.length)).fill(0n)];
      const submitData = encodeFunctionData({ abi: incentives.abi, functionName: 'submit', args: [roundId, p.weights, p.intercept, p.trainLoss, shapley, hex(p.proof)] });
      const submitReceipt = await chain.send(0, at, submitData);
      if (parseEventLogs({ abi: incentives.abi, logs: submitReceipt.logs, eventName: 'RoundSettled' }).length !== 1) throw new Error('submit did not settle the round');

      result[flavour] = {
        verify: Number(verifyReceipt.gasUsed),
        verifyIntrinsic: intrinsicGas(verifyData),
        submit: Number(submitReceipt.gasUsed),
        submitIntrinsic: intrinsicGas(submitData),
        verifierBytes: verifier.runtimeBytes,
        libraryBytes: deployed.libraryBytes,
      };
      opts.log(`${flavour} verifier: verify ${verifyReceipt.gasUsed} gas, submit ${submitReceipt.gasUsed} gas`);
    }
    return {
      standard: result.standard!,
      optimized: result.optimized!,
      hardfork: info.hardFork ?? 'unknown',
      chainId: anvil.chainId,
      incentivesLayout: k === SHIPPED_K ? `shipped ZkmlLayout (K = ${SHIPPED_K})` : `ZkmlLayout rebuilt in memory for K = ${k} (ZKMLIncentives code unchanged)`,
    };
  } finally {
    await anvil.stop();
  }
}
