/**
 * What every chain command of the `zkml` CLI shares: the node and contract flags, connecting with
 * checks (node reachable, expected chain, contract present), the sending account from the
 * environment, strict parsing of on-chain numbers and salts files.
 */
import { DEFAULT_LOG_RANGE, type Deployment, type ZkmlClient, accountFromEnv, checkChain, connect, deploymentPath, readDeployment } from '../../chain/index.js';
import { randomSalt } from '../../crypto/index.js';
import { InputError } from '../../errors/index.js';
import { FIELD_MODULUS } from '../../protocol/index.js';
import { type Salts, freshSalts, readSalts, writeSalts } from '../../round/index.js';
import { Progress } from '../../terminal/index.js';
import { startBarretenberg } from '../../toolchain/index.js';
import { existsSync, readFileSync } from 'node:fs';
import type { Barretenberg } from '@aztec/bb.js';
import { createPublicClient, http, isAddress, getAddress, parseEther, type Account, type Address, type Hex } from 'viem';
import { noteSent } from '../sent-log.js';

/** Advice for flags that would put a key on the command line (visible to every user in `ps`). */
export const KEY_HINTS: Record<string, string> = Object.fromEntries(
  ['private-key', 'privatekey', 'key', 'mnemonic', 'keystore', 'password'].map((flag) => [
    flag,
    'Keys are never taken from the command line (other users can read it in the process list): set PRIVATE_KEY in the environment, e.g. `PRIVATE_KEY=$(cat key.txt) zkml ...`.',
  ]),
);

/** Default node when neither --rpc-url nor ETH_RPC_URL is given. */
export const DEFAULT_RPC_URL = 'http://127.0.0.1:8545';

/** Flags of every command that talks to a node. */
export const nodeFlags = {
  'rpc-url': { type: 'string', placeholder: 'URL', description: `JSON-RPC URL of the node (default $ETH_RPC_URL, else ${DEFAULT_RPC_URL})` },
  'chain-id': { type: 'integer', placeholder: 'N', description: 'refuse to do anything unless the node is on chain N' },
  deployments: { type: 'string', placeholder: 'DIR', description: 'folder of deployment records (default ./deployments)' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
} as const;

/** {@link nodeFlags} plus the contract address. */
export const contractFlags = {
  ...nodeFlags,
  contract: { type: 'string', placeholder: 'ADDRESS', description: 'ZKMLIncentives address (default: from <deployments>/<chainId>.json, written by `zkml deploy`)' },
  'log-range': { type: 'integer', placeholder: 'N', description: `blocks per eth_getLogs request, from the deployment's block (default ${DEFAULT_LOG_RANGE}; a range the node refuses is halved)` },
} as const;

/** The --log-range flag: at least 1 block (a usage error otherwise). */
export function logRangeOf(flag: number | undefined): bigint {
  return BigInt(checkRange(flag ?? Number(DEFAULT_LOG_RANGE), '--log-range', 1, 1_000_000_000));
}

/**
 * The recorded deployment of `chainId` in `dir` when it is the contract's (its block is where event
 * scans start), undefined when there is no record or it names another contract.
 */
function recordOf(chainId: number, dir: string, contract: Address | undefined): Deployment | undefined {
  if (contract === undefined) return readDeployment(chainId, dir);
  if (!existsSync(deploymentPath(chainId, dir))) return undefined;
  const deployment = readDeployment(chainId, dir);
  return deployment.incentives.toLowerCase() === contract.toLowerCase() ? deployment : undefined;
}

/** The node's URL from the flag, else ETH_RPC_URL, else the local default. */
export function rpcUrlOf(flag: string | undefined): string {
  const env = process.env['ETH_RPC_URL']?.trim();
  const url = flag ?? (env ? env : DEFAULT_RPC_URL);
  if (!/^https?:\/\/\S+$/.test(url)) throw new InputError('ARGS_BAD_VALUE', `--rpc-url must be an http(s) URL such as ${DEFAULT_RPC_URL}, got ${JSON.stringify(url)}.`);
  return url;
}

/**
 * Asks the node for its chain id and checks it against `expected` (the --chain-id flag).
 * @throws ChainError `RPC_UNREACHABLE`, `WRONG_CHAIN`
 */
export async function nodeChainId(rpcUrl: string, expected?: number): Promise<number> {
  return checkChain(createPublicClient({ transport: http(rpcUrl, { retryCount: 1, timeout: 30_000 }) }), { rpcUrl, expectedChainId: expected });
}

/**
 * Parses an address flag (a usage error, exit 2, if bad): all-lowercase or all-uppercase hex is
 * taken as it is; mixed case must be the EIP-55 checksum (a typo in one digit is caught).
 */
export function parseAddress(text: string, flag: string): Address {
  if (!isAddress(text, { strict: false })) throw new InputError('ARGS_BAD_VALUE', `${flag} must be an address (0x followed by 40 hex digits), got ${JSON.stringify(text)}.`);
  const digits = text.slice(2);
  if (digits !== digits.toLowerCase() && digits !== digits.toUpperCase() && !isAddress(text, { strict: true })) {
    throw new InputError('ARGS_BAD_VALUE', `${flag} ${text} has a bad EIP-55 checksum (mixed case that does not match the address): check it for a typo, or write it all in lowercase.`);
  }
  return getAddress(text);
}

/** Options of {@link connectFromFlags}. */
export interface ConnectFlags {
  'rpc-url'?: string | undefined;
  'chain-id'?: number | undefined;
  deployments?: string | undefined;
  contract?: string | undefined;
  quiet?: boolean | undefined;
  'log-range'?: number | undefined;
}

/**
 * What the CLI does with each transaction the node accepts: notes it for the `--json` document
 * and prints `sent <hash> (<action>)` on stderr at once (unless --quiet), before its receipt is
 * awaited: a user who stops waiting still knows what to look up.
 */
export function printSent(progress: Progress | undefined, quiet: boolean | undefined): (hash: Hex, action: string) => void {
  const out = progress ?? new Progress({ quiet: quiet ?? false });
  return (hash, action) => {
    noteSent(hash, action);
    out.info(`sent ${hash} (${action})`);
  };
}

/**
 * Connects to the ZKMLIncentives named by --contract or by the deployment record of the node's
 * chain, checking the chain (--chain-id) and that the contract exists. With `withAccount` the
 * sending account comes from PRIVATE_KEY (checked before the node is contacted). Event logs are
 * read from the recorded deployment's block (also when --contract names the recorded contract),
 * --log-range blocks per request.
 */
export async function connectFromFlags(flags: ConnectFlags, options: { withAccount: boolean; account?: Account; progress?: Progress }): Promise<ZkmlClient> {
  const account = options.account ?? (options.withAccount ? accountFromEnv() : undefined);
  const rpcUrl = rpcUrlOf(flags['rpc-url']);
  const contract = flags.contract !== undefined ? parseAddress(flags.contract, '--contract') : undefined;
  const logRange = logRangeOf(flags['log-range']);
  const chainId = await nodeChainId(rpcUrl, flags['chain-id']);
  // Event scans start at the deployment's block when the contract is the recorded one.
  const deployment = recordOf(chainId, flags.deployments ?? 'deployments', contract);
  const address = contract ?? deployment!.incentives;
  const onSent = printSent(options.progress, flags.quiet);
  return connect({ rpcUrl, contract: address, expectedChainId: chainId, onSent, logRange, ...(deployment ? { fromBlock: deployment.blockNumber } : {}), ...(account ? { account } : {}) });
}

/** Parses a round id (a positive integer). */
export function parseRoundId(text: string): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n) throw new InputError('ARGS_BAD_VALUE', `--round must be a round id (1, 2, …), got ${JSON.stringify(text)}; \`zkml status\` shows the latest round.`);
  return BigInt(text.trim());
}

/** Parses a non-zero field element given as decimal or 0x-hex. */
export function parseFieldElement(text: string, flag: string): bigint {
  const t = text.trim();
  if (!/^(0x[0-9a-fA-F]{1,64}|\d{1,78})$/.test(t)) throw new InputError('ARGS_BAD_VALUE', `${flag} must be a decimal or 0x-hex number (a BN254 field element), got ${JSON.stringify(text)}.`);
  const v = BigInt(t);
  if (v === 0n || v >= FIELD_MODULUS) throw new InputError('ARGS_BAD_VALUE', `${flag} must be a non-zero field element below the BN254 modulus; compute it with \`zkml commit\`.`);
  return v;
}

/** Parses an ETH amount in decimal ether (`10`, `0.5`), at most 18 decimals, > 0. */
export function parseEthAmount(text: string, flag: string): bigint {
  const t = text.trim();
  if (!/^\d+(\.\d{1,18})?$/.test(t)) throw new InputError('ARGS_BAD_VALUE', `${flag} must be an amount of ETH such as 10 or 0.25 (at most 18 decimals), got ${JSON.stringify(text)}.`);
  const wei = parseEther(t);
  if (wei === 0n) throw new InputError('ARGS_BAD_VALUE', `${flag} must be greater than 0.`);
  if (wei >= 1n << 128n) throw new InputError('ARGS_BAD_VALUE', `${flag} ${t} ETH is out of range.`);
  return wei;
}

/** Parses a token amount in the token's smallest unit (a positive integer). */
export function parseTokenAmount(text: string, flag: string): bigint {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new InputError('ARGS_BAD_VALUE', `${flag} must be a whole number of the token's smallest unit when --token is given, got ${JSON.stringify(text)}.`);
  const v = BigInt(t);
  if (v === 0n || v >= 1n << 256n) throw new InputError('ARGS_BAD_VALUE', `${flag} must be between 1 and 2^256 − 1.`);
  return v;
}

/** A count flag in [min, max]; out of range is a usage error (exit 2). */
export function checkRange(value: number, flag: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new InputError('ARGS_BAD_VALUE', `${flag} must be between ${min} and ${max}, got ${value}.`);
  return value;
}

/**
 * The salts of `providers` (and of the validation set) from a salts file, adding fresh random
 * salts for whatever is missing (a missing file is created, mode 0600). The file has the format of
 * `zkml prove --salts`, so the same file later proves the round.
 */
export function saltsFor(path: string, providers: readonly string[], progress: Progress): Salts {
  if (!existsSync(path)) {
    const salts = freshSalts(providers);
    writeSalts(path, salts);
    progress.info(`wrote fresh salts to ${path} (keep it secret, and give it to the prover: the commitments depend on it)`);
    return salts;
  }
  let known: string[] = [];
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as { providers?: unknown };
    if (json && typeof json.providers === 'object' && json.providers !== null) known = Object.keys(json.providers);
  } catch {
    // readSalts below reports the broken file
  }
  const salts = readSalts(path, known);
  const missing = providers.filter((p) => !Object.hasOwn(salts.providers, p));
  if (missing.length > 0) {
    for (const p of missing) salts.providers[p] = randomSalt();
    writeSalts(path, salts);
    progress.info(`added fresh salts for ${missing.join(', ')} to ${path}`);
  }
  return salts;
}

/**
 * Refuses a provider salts file given as the owner's secrets file (they are both JSON with salts):
 * the message says which file is which and what to pass.
 */
export function checkSecretsFile(path: string): void {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return; // a missing or broken file is reported by the secrets reader
  }
  if (json !== null && typeof json === 'object' && 'providers' in json) {
    throw new InputError(
      'BAD_SECRETS',
      `${path} is a provider salts file (written by \`zkml commit --salts\` or \`zkml prove --salts\`), not the owner's secrets file: pass --secrets the file \`zkml create-round --secrets\` wrote (it holds the validation salts).`,
    );
  }
}

/** Runs `fn` with a Barretenberg of its own (for Poseidon2 commitments), released afterwards. */
export async function withBarretenberg<T>(progress: Progress, fn: (api: Barretenberg) => Promise<T>): Promise<T> {
  const api = await progress.step('starting Barretenberg', () => startBarretenberg({}));
  try {
    return await fn(api);
  } finally {
    await api.destroy();
  }
}
