/**
 * The deployment record of a `forge script script/Deploy.s.sol --broadcast` run, written AFTER the
 * broadcast from Foundry's broadcast file (`broadcast/Deploy.s.sol/<chainId>/run-latest.json`) and
 * the chain itself. The script writes nothing (Solidity cannot write a file atomically, and it
 * would write during forge's simulation), so a dry run or a failed deploy never replaces a good
 * `deployments/<chainId>.json`: the record is only written when every transaction of the broadcast
 * is mined successfully, every deployed address has code, and the ZKMLIncentives on chain holds
 * exactly the verifiers the broadcast deployed, shape by shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, getAddress, http, type Address } from 'viem';
import { z } from 'zod';
import { ChainError } from '../errors/index.js';
import { zkmlIncentivesAbi } from '../generated/abi.js';
import { PACKAGE_ROOT } from '../files/package-root.js';
import { writeDeployment, type Deployment } from '../chain/deploy.js';
import { checkChain } from '../chain/check-chain.js';

/** The shapes the script deploys by default (its `SHAPES_CONFIG`). */
export const DEFAULT_SHAPES_CONFIG = 'script/shapes.json';

/** One shape of the script's configuration: its name and the verifier artifacts it deploys. */
export interface ShapeArtifacts {
  name: string;
  settlementVerifier: string;
  registrationVerifier: string;
  validationVerifier: string;
}

/** The shapes (and verifier artifacts) a configuration file names, in shape-id order (path relative to the package root). */
export function readShapesConfig(file: string = DEFAULT_SHAPES_CONFIG): ShapeArtifacts[] {
  const path = join(PACKAGE_ROOT, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ChainError('DEPLOY_FAILED', `cannot read the shapes configuration ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const shapes = (parsed as { shapes?: unknown }).shapes;
  if (!Array.isArray(shapes) || shapes.length === 0) throw new ChainError('DEPLOY_FAILED', `${path} lists no shapes.`);
  return shapes.map((s: Record<string, unknown>, i) => {
    const { name, settlementVerifier, registrationVerifier, validationVerifier } = s;
    if (typeof name !== 'string' || typeof settlementVerifier !== 'string' || typeof registrationVerifier !== 'string' || typeof validationVerifier !== 'string') {
      throw new ChainError('DEPLOY_FAILED', `${path}: shape ${i} needs name, settlementVerifier, registrationVerifier and validationVerifier strings.`);
    }
    return { name, settlementVerifier, registrationVerifier, validationVerifier };
  });
}

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/).transform((a) => getAddress(a));
/** The parts of Foundry's broadcast file (`run-latest.json`) the record is made from. */
const broadcastSchema = z.object({
  chain: z.number().int().positive(),
  transactions: z.array(
    z.object({
      hash: hex,
      transactionType: z.string(),
      contractName: z.string().nullable().optional(),
      contractAddress: address.nullable().optional(),
      transaction: z.object({ from: address }),
    }),
  ),
  receipts: z.array(z.object({ transactionHash: hex, status: hex, blockNumber: hex })),
  pending: z.array(z.unknown()).optional(),
});

/** Foundry's broadcast file of `script/Deploy.s.sol` on a chain: `<broadcastDir>/Deploy.s.sol/<chainId>/run-latest.json`. */
export function deployBroadcastFile(chainId: number, broadcastDir: string = join(PACKAGE_ROOT, 'broadcast')): string {
  return join(broadcastDir, 'Deploy.s.sol', String(chainId), 'run-latest.json');
}

/** Options of {@link recordForgeDeployment}. */
export interface RecordForgeDeploymentOptions {
  /** JSON-RPC URL of the node the script broadcast to. */
  rpcUrl: string;
  /** Refuse another chain. */
  expectedChainId?: number;
  /** Foundry's broadcast folder (`FOUNDRY_BROADCAST`); default `<package root>/broadcast`. */
  broadcastDir?: string;
  /** Where the record goes (`<dir>/<chainId>.json`); default `deployments` (from the working directory). */
  deploymentsDir?: string;
  /** The shapes configuration the script deployed (names the shapes); default script/shapes.json. */
  shapesConfig?: string;
}

/**
 * Checks the broadcast of `script/Deploy.s.sol` against the chain and writes its record atomically
 * (temp file + rename), with the block of ZKMLIncentives (`blockNumber`) and of the first
 * transaction (`deploymentBlock`). Nothing is written when a check fails.
 * @throws ChainError `RPC_UNREACHABLE`, `WRONG_CHAIN`, `BROADCAST_MISSING`, `DEPLOY_FAILED`
 */
export async function recordForgeDeployment(options: RecordForgeDeploymentOptions): Promise<{ deployment: Deployment; path: string }> {
  const client = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 1, timeout: 60_000 }) });
  const chainId = await checkChain(client, { rpcUrl: options.rpcUrl, expectedChainId: options.expectedChainId, nothingDone: 'Nothing was written.' });
  const file = deployBroadcastFile(chainId, options.broadcastDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ChainError('BROADCAST_MISSING', `${file} is missing: run \`forge script script/Deploy.s.sol --rpc-url ${options.rpcUrl} --broadcast --slow\` first. Nothing was written.`);
  }
  const bad = (why: string) => new ChainError('DEPLOY_FAILED', `${file}: ${why}. The deployment record was not written; deploy again.`);
  let broadcast: z.infer<typeof broadcastSchema>;
  try {
    broadcast = broadcastSchema.parse(JSON.parse(text));
  } catch (err) {
    throw bad(`not a Foundry broadcast file (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  if (broadcast.chain !== chainId) throw bad(`it is a broadcast to chain ${broadcast.chain}, the node is on chain ${chainId}`);
  if (broadcast.pending?.length) throw bad(`${broadcast.pending.length} transaction(s) are still pending`);

  const shapes = readShapesConfig(options.shapesConfig);
  const creates = broadcast.transactions.filter((t) => t.transactionType === 'CREATE');
  if (creates.length !== 3 * shapes.length + 1) throw bad(`${creates.length} contract creations, but ${shapes.length} shape(s) need ${3 * shapes.length + 1} (three verifiers each and ZKMLIncentives)`);
  const blocks: bigint[] = [];
  for (const tx of broadcast.transactions) {
    const receipt = broadcast.receipts.find((r) => r.transactionHash.toLowerCase() === tx.hash.toLowerCase());
    if (!receipt) throw bad(`transaction ${tx.hash} has no receipt (not mined)`);
    if (BigInt(receipt.status) !== 1n) throw bad(`transaction ${tx.hash} reverted`);
    blocks.push(BigInt(receipt.blockNumber));
  }
  const addresses: Address[] = [];
  for (const tx of creates) {
    if (!tx.contractAddress) throw bad(`contract creation ${tx.hash} names no address`);
    const code = await client.getCode({ address: tx.contractAddress });
    if (!code || code === '0x') throw bad(`${tx.contractName ?? 'contract'} at ${tx.contractAddress} has no code on chain ${chainId}`);
    addresses.push(tx.contractAddress);
  }
  const last = creates[creates.length - 1]!;
  if (last.contractName !== 'ZKMLIncentives') throw bad(`the last contract creation is ${last.contractName ?? 'unnamed'}, not ZKMLIncentives`);
  const incentives = addresses[addresses.length - 1]!;
  const onChain = await client.readContract({ address: incentives, abi: zkmlIncentivesAbi, functionName: 'shapeCount' });
  if (onChain !== BigInt(shapes.length)) throw bad(`ZKMLIncentives at ${incentives} holds ${onChain} shape(s), the configuration names ${shapes.length}`);
  const deployed = [];
  for (const [i, shape] of shapes.entries()) {
    const s = await client.readContract({ address: incentives, abi: zkmlIncentivesAbi, functionName: 'getShape', args: [BigInt(i)] });
    // Deploy.s.sol deploys each shape's settlement, registration and validation verifier in that order.
    const settlementVerifier = addresses[3 * i]!;
    const registrationVerifier = addresses[3 * i + 1]!;
    const validationVerifier = addresses[3 * i + 2]!;
    if (
      getAddress(s.settlementVerifier) !== settlementVerifier ||
      getAddress(s.registrationVerifier) !== registrationVerifier ||
      getAddress(s.validationVerifier) !== validationVerifier
    ) {
      throw bad(
        `shape ${i} (${shape.name}) of ZKMLIncentives holds verifiers ${s.settlementVerifier}, ${s.registrationVerifier}, ${s.validationVerifier}, not the deployed ${settlementVerifier}, ${registrationVerifier}, ${validationVerifier}`,
      );
    }
    deployed.push({ name: shape.name, settlementVerifier, registrationVerifier, validationVerifier });
  }
  const incentivesReceipt = broadcast.receipts.find((r) => r.transactionHash.toLowerCase() === last.hash.toLowerCase())!;
  const deployment: Deployment = {
    chainId,
    incentives,
    shapes: deployed,
    deployer: last.transaction.from,
    blockNumber: BigInt(incentivesReceipt.blockNumber),
    deploymentBlock: blocks.reduce((a, b) => (b < a ? b : a)),
  };
  return { deployment, path: writeDeployment(deployment, options.deploymentsDir) };
}
