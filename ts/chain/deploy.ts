/**
 * Deployment with viem from the bytecode shipped in the package (`ts/generated/bytecode.ts`): the
 * verifiers of every shape, then `ZKMLIncentives`. No forge, no key material on disk: the key stays in memory,
 * in the viem account. Deployers who prefer Foundry run `script/Deploy.s.sol` (README).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createPublicClient, createWalletClient, defineChain, formatEther, getAddress, http, type Account, type Address, type Hex } from 'viem';
import { toAccount } from './keys.js';
import { checkChain } from './check-chain.js';
import { explainChainError } from './errors.js';
import { z } from 'zod';
import { ChainError } from '../errors/index.js';
import { zkmlIncentivesAbi } from '../generated/abi.js';
import { shapeDeployments, zkmlIncentivesBytecode } from '../generated/bytecode.js';
import { makeShape } from '../protocol/shapes/index.js';

/** The verifiers of one shape of a deployment (shape id = index in {@link Deployment.shapes}). */
export interface DeployedShape {
  name: string;
  settlementVerifier: Address;
  registrationVerifier: Address;
  validationVerifier: Address;
}

/** Addresses of one deployment. */
export interface Deployment {
  chainId: number;
  /** The ZKMLIncentives contract. */
  incentives: Address;
  /** The verifiers of every registered shape, by shape id. */
  shapes: DeployedShape[];
  /** Who deployed it. */
  deployer: Address;
  /** Block of the ZKMLIncentives deployment (where event scans may start). */
  blockNumber: bigint;
  /** Block of the deployment's first transaction (its first verifier); absent in older records. */
  deploymentBlock?: bigint;
}

/** Options of {@link deployContracts}. */
export interface DeployOptions {
  /** JSON-RPC URL of the node. */
  rpcUrl: string;
  /** The deployer: a viem account or a private key (kept in memory only). */
  account: Account | Hex;
  /** Refuse to deploy on another chain. */
  expectedChainId?: number;
  /** Called before each transaction is sent, e.g. for progress. */
  onStep?: (step: string) => void;
}

const verifierAbi = [{ type: 'constructor', inputs: [], stateMutability: 'nonpayable' }] as const;

/**
 * Deploys the optimized UltraHonk verifiers of every shipped shape (settlement, registration and validation)
 * and `ZKMLIncentives` registering them. Checks first that the node answers
 * and the deployer holds ETH (nothing is sent otherwise).
 * @throws ChainError `RPC_UNREACHABLE`, `WRONG_CHAIN`, `UNFUNDED`, `DEPLOY_FAILED`
 */
export async function deployContracts(options: DeployOptions): Promise<Deployment> {
  const account = toAccount(options.account);
  const transport = http(options.rpcUrl, { retryCount: 1, timeout: 60_000 });
  const probe = createPublicClient({ transport });
  const chainId = await checkChain(probe, options);
  let balance: bigint;
  try {
    balance = await probe.getBalance({ address: account.address });
  } catch (err) {
    throw explainChainError(err, `reading the balance of the deployer ${account.address}`);
  }
  if (balance === 0n) throw new ChainError('UNFUNDED', `the deployer ${account.address} has no ETH on chain ${chainId}; fund it and deploy again. Nothing was sent.`);
  const chain = defineChain({ id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [options.rpcUrl] } } });
  const wallet = createWalletClient({ account, chain, transport });
  const reader = createPublicClient({ chain, transport, pollingInterval: 250 });
  const mined = async (what: string, send: () => Promise<Hex>) => {
    let receipt;
    try {
      receipt = await reader.waitForTransactionReceipt({ hash: await send() });
    } catch (err) {
      const short = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new ChainError('DEPLOY_FAILED', `deploying ${what} failed: ${short} (the deployer holds ${formatEther(balance)} ETH).`, { cause: err });
    }
    if (receipt.status !== 'success' || !receipt.contractAddress) throw new ChainError('DEPLOY_FAILED', `deploying ${what} reverted (transaction ${receipt.transactionHash}).`);
    return { address: getAddress(receipt.contractAddress), blockNumber: receipt.blockNumber };
  };
  const shapes: DeployedShape[] = [];
  let deploymentBlock: bigint | undefined;
  for (const spec of shapeDeployments) {
    options.onStep?.(`verifiers of shape ${spec.name}`);
    const settlement = await mined(`the settlement verifier of ${spec.name}`, () => wallet.deployContract({ abi: verifierAbi, bytecode: spec.settlementVerifier }));
    deploymentBlock ??= settlement.blockNumber;
    const registration = await mined(`the registration verifier of ${spec.name}`, () => wallet.deployContract({ abi: verifierAbi, bytecode: spec.registrationVerifier }));
    const validation = await mined(`the validation verifier of ${spec.name}`, () => wallet.deployContract({ abi: verifierAbi, bytecode: spec.validationVerifier }));
    shapes.push({ name: spec.name, settlementVerifier: settlement.address, registrationVerifier: registration.address, validationVerifier: validation.address });
  }
  options.onStep?.('ZKMLIncentives');
  const registry = shapeDeployments.map((spec, i) => ({
    k: BigInt(spec.k),
    d: BigInt(spec.d),
    nTrain: BigInt(spec.nTrain),
    nVal: BigInt(spec.nVal),
    ciphertextLength: BigInt(makeShape(spec.k, spec.d, spec.nTrain, spec.nVal).ciphertextLength),
    settlementVerifier: shapes[i]!.settlementVerifier,
    registrationVerifier: shapes[i]!.registrationVerifier,
    validationVerifier: shapes[i]!.validationVerifier,
  }));
  const incentives = await mined('ZKMLIncentives', () => wallet.deployContract({ abi: zkmlIncentivesAbi, bytecode: zkmlIncentivesBytecode, args: [registry] }));
  return { chainId, incentives: incentives.address, shapes, deployer: account.address, blockNumber: incentives.blockNumber, deploymentBlock: deploymentBlock ?? incentives.blockNumber };
}

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address').transform((a) => getAddress(a));
/**
 * The JSON shape of a deployment record (`writeDeployment`; older records of `script/Deploy.s.sol` keyed shapes by name).
 * Every shape names its three verifiers: a record without validation verifiers is of a contract before
 * validation proofs (its `createRound` takes no proof), which this SDK cannot use.
 */
export const deploymentRecordSchema = z.object({
  chainId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]),
  ZKMLIncentives: address,
  // An array by shape id (`zkml deploy`), or an object keyed by shape name with an `id` (script/Deploy.s.sol).
  shapes: z.union([
    z.array(z.object({ name: z.string(), settlementVerifier: address, registrationVerifier: address, validationVerifier: address })),
    z
      .record(z.string(), z.object({ id: z.union([z.number(), z.string()]).transform(Number), settlementVerifier: address, registrationVerifier: address, validationVerifier: address }))
      .transform((byName) =>
        Object.entries(byName)
          .sort(([, a], [, b]) => a.id - b.id)
          .map(([name, v]) => ({ name, settlementVerifier: v.settlementVerifier, registrationVerifier: v.registrationVerifier, validationVerifier: v.validationVerifier })),
      ),
  ]),
  deployer: address.optional(),
  blockNumber: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional(),
  deploymentBlock: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional(),
});

/** Path of the deployment record of a chain: `<dir>/<chainId>.json` (dir default `./deployments`, from the working directory). */
export function deploymentPath(chainId: number, dir = 'deployments'): string {
  return resolve(join(dir, `${chainId}.json`));
}

/**
 * Writes a deployment record atomically (a temporary file in the same folder, then a rename): a
 * reader sees the old record or the new one, never part of one. Returns its path.
 */
export function writeDeployment(d: Deployment, dir = 'deployments'): string {
  const path = deploymentPath(d.chainId, dir);
  mkdirSync(dirname(path), { recursive: true });
  const record = {
    chainId: d.chainId,
    ZKMLIncentives: d.incentives,
    shapes: d.shapes,
    deployer: d.deployer,
    blockNumber: d.blockNumber.toString(),
    ...(d.deploymentBlock !== undefined ? { deploymentBlock: d.deploymentBlock.toString() } : {}),
  };
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return path;
}

/** Parses a deployment record (JSON text). @throws ChainError `DEPLOYMENT_INVALID`, `WRONG_CHAIN` */
export function parseDeployment(text: string, file: string, chainId?: number): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ChainError('DEPLOYMENT_INVALID', `${file} is not valid JSON; delete it and deploy again.`);
  }
  const parsed = deploymentRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChainError('DEPLOYMENT_INVALID', `${file}: ${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'}; deploy again.`);
  }
  const r = parsed.data;
  if (chainId !== undefined && r.chainId !== chainId) throw new ChainError('WRONG_CHAIN', `${file} is a deployment on chain ${r.chainId}, not chain ${chainId}; deploy on chain ${chainId} first.`);
  return {
    chainId: r.chainId,
    incentives: r.ZKMLIncentives,
    shapes: r.shapes,
    deployer: r.deployer ?? '0x0000000000000000000000000000000000000000',
    blockNumber: BigInt(r.blockNumber ?? 0),
    ...(r.deploymentBlock !== undefined ? { deploymentBlock: BigInt(r.deploymentBlock) } : {}),
  };
}

/**
 * Reads `<dir>/<chainId>.json`.
 * @throws ChainError `NOT_DEPLOYED` when there is none (deploy first), `DEPLOYMENT_INVALID`
 */
export function readDeployment(chainId: number, dir = 'deployments'): Deployment {
  const file = deploymentPath(chainId, dir);
  if (!existsSync(file)) throw new ChainError('NOT_DEPLOYED', `no deployment for chain ${chainId} (${file} is missing); deploy on chain ${chainId} first (deployContracts writes the record), or give the contract address.`, { details: { option: 'contract', chainId: String(chainId) } });
  return parseDeployment(readFileSync(file, 'utf8'), file, chainId);
}
