/**
 * Deployment through the Foundry script `script/Deploy.s.sol`: it deploys the generated UltraHonk
 * verifier (artifact from `VERIFIER_ARTIFACT`, default the optimized one) and `ZKMLIncentives`,
 * and writes their addresses to `deployments/<chainId>.json`, which {@link readDeployment} reads.
 *
 * The deployer's private key never appears on a command line (where every user of the machine can
 * read it in the process list). forge has no environment variable for a raw key, so the key is
 * handed over as a throw-away encrypted keystore: a Web3 v3 keystore and its random password
 * file in a private temporary folder (mode 0700), named by the `ETH_KEYSTORE` and `ETH_PASSWORD`
 * environment variables and deleted as soon as forge exits. `PRIVATE_KEY` is set too, for
 * scripts that read it. Broadcast records go to `out/broadcast` (git-ignored).
 */
import { spawn } from 'node:child_process';
import { createCipheriv, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { createPublicClient, formatEther, getAddress, http, isAddress, keccak256, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { ChainError, InputError, ToolchainError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { privateKeyFromEnv } from './client.js';

/** The verifier deployed unless `VERIFIER_ARTIFACT` says otherwise (see contracts/README.md). */
export const DEFAULT_VERIFIER_ARTIFACT = 'ZkmlHonkVerifierOptimized.sol:ZkmlHonkVerifierOptimized';

/** Addresses of one deployment, as written by `script/Deploy.s.sol`. */
export interface Deployment {
  chainId: number;
  /** The ZKMLIncentives contract. */
  incentives: Address;
  /** The verifier it calls. */
  verifier: Address;
  /** The file the addresses were read from. */
  file: string;
  /** Everything else the script recorded (e.g. deployer, block, verifier artifact). */
  extra: Record<string, unknown>;
}

/** Options of {@link deploy}. */
export interface DeployOptions {
  rpcUrl: string;
  /** Deployer key; default the PRIVATE_KEY environment variable. Handed to forge through its environment only. */
  privateKey?: Hex;
  /** `File.sol:Contract` of the verifier; default {@link DEFAULT_VERIFIER_ARTIFACT}. */
  verifierArtifact?: string;
  /** Repository root (where foundry.toml is); default this repository. */
  root?: string;
  /** Folder of the deployment records, relative to `root` and inside `deployments/` (forge may only write there); default `deployments`. */
  deploymentsDir?: string;
  /** Receives forge's output lines; default: dropped (shown only when it fails). */
  log?: (line: string) => void;
  /** Milliseconds before forge is stopped; default 10 minutes (it may compile first). */
  timeoutMs?: number;
}

/** Path of the deployment record of a chain (`<root>/<dir>/<chainId>.json`, dir default `deployments`). */
export function deploymentPath(chainId: number, root: string = PACKAGE_ROOT, dir = 'deployments'): string {
  return join(root, dir, `${chainId}.json`);
}

function addressField(json: Record<string, unknown>, names: readonly string[], file: string): Address {
  for (const name of names) {
    const v = json[name];
    if (typeof v === 'string' && isAddress(v, { strict: false })) return getAddress(v);
  }
  throw new ChainError('DEPLOYMENT_INVALID', `${file} has no ${names[0]} address (looked for ${names.join(', ')}); deploy again with \`zkml deploy\`.`);
}

/** Reads a deployment record (JSON text) as written by `script/Deploy.s.sol`. */
export function parseDeployment(text: string, file: string, chainId?: number): Deployment {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ChainError('DEPLOYMENT_INVALID', `${file} is not valid JSON; delete it and deploy again.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ChainError('DEPLOYMENT_INVALID', `${file} is not a JSON object; delete it and deploy again.`);
  const record = json as Record<string, unknown>;
  const incentives = addressField(record, ['incentives', 'zkmlIncentives', 'ZKMLIncentives'], file);
  const verifier = addressField(record, ['verifier', 'Verifier'], file);
  const recorded = record['chainId'];
  const id = typeof recorded === 'number' ? recorded : typeof recorded === 'string' && /^\d+$/.test(recorded) ? Number(recorded) : chainId;
  if (id === undefined) throw new ChainError('DEPLOYMENT_INVALID', `${file} does not say which chain it is for; deploy again.`);
  if (chainId !== undefined && id !== chainId) {
    throw new ChainError('WRONG_CHAIN', `${file} is a deployment on chain ${id}, not chain ${chainId}; deploy on chain ${chainId} first.`);
  }
  const { incentives: _i, zkmlIncentives: _z, ZKMLIncentives: _Z, verifier: _v, Verifier: _V, chainId: _c, ...extra } = record;
  return { chainId: id, incentives, verifier, file, extra };
}

/**
 * Reads `deployments/<chainId>.json`.
 * @throws ChainError `NOT_DEPLOYED` when there is none (deploy first), `DEPLOYMENT_INVALID`
 */
export function readDeployment(chainId: number, root: string = PACKAGE_ROOT, dir = 'deployments'): Deployment {
  const file = deploymentPath(chainId, root, dir);
  if (!existsSync(file)) {
    throw new ChainError('NOT_DEPLOYED', `no deployment for chain ${chainId} (${relative(root, file)} is missing); run \`zkml deploy --rpc-url <url>\` first.`);
  }
  return parseDeployment(readFileSync(file, 'utf8'), file, chainId);
}

/** Runs a command, collecting output; rejects on spawn failure only. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number, log?: (line: string) => void): Promise<{ code: number | null; output: string[]; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        log?.(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    // Stop forge if this process is interrupted, so no deployment keeps running in the background.
    const stop = () => child.kill('SIGTERM');
    process.once('exit', stop);
    child.once('error', (err) => {
      clearTimeout(timer);
      process.off('exit', stop);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      process.off('exit', stop);
      resolve({ code, output, timedOut });
    });
  });
}

/**
 * A Web3 Secret Storage (v3) keystore of `privateKey` under `password`: scrypt, AES-128-CTR and a
 * keccak-256 MAC, the format forge's `--keystore` reads. Exported for the test that checks it.
 */
export function encryptKeystore(privateKey: Hex, password: string, options: { scryptN?: number } = {}): Record<string, unknown> {
  const n = options.scryptN ?? 1 << 14;
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = scryptSync(Buffer.from(password, 'utf8'), salt, 32, { N: n, r: 8, p: 1, maxmem: 256 * n * 8 });
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(privateKey.slice(2), 'hex')), cipher.final()]);
  const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2);
  return {
    version: 3,
    id: randomUUID(),
    address: privateKeyToAccount(privateKey).address.slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: { iv: iv.toString('hex') },
      ciphertext: ciphertext.toString('hex'),
      kdf: 'scrypt',
      kdfparams: { dklen: 32, n, r: 8, p: 1, salt: salt.toString('hex') },
      mac,
    },
  };
}

/** Writes a throw-away keystore and password file in a private temporary folder; `dispose` deletes them. */
function temporaryKeystore(privateKey: Hex): { keystore: string; passwordFile: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zkml-deploy-')); // mode 0700
  const password = randomBytes(32).toString('hex');
  const keystore = join(dir, 'deployer.json');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  writeFileSync(keystore, JSON.stringify(encryptKeystore(privateKey, password)), { mode: 0o600 });
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', dispose);
  };
  process.once('exit', dispose);
  return { keystore, passwordFile, dispose };
}

/** forge from node_modules (the npm package's launcher). */
export function forgeBinary(root: string = PACKAGE_ROOT): string {
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'forge.cmd' : 'forge');
  if (!existsSync(bin)) throw new ToolchainError('FORGE_MISSING', `forge is not installed (${bin} is missing); run \`npm ci\` in ${root}.`);
  return bin;
}

/**
 * Deploys the verifier and ZKMLIncentives with `script/Deploy.s.sol` and returns the addresses it
 * recorded. Checks first that the node answers and the deployer has ETH (nothing is sent otherwise),
 * and afterwards that both addresses hold code.
 * @throws InputError `KEY_MISSING` / `KEY_INVALID`; ChainError `RPC_UNREACHABLE`, `UNFUNDED`, `DEPLOY_FAILED`;
 *   ToolchainError `FORGE_MISSING`, `DEPLOY_SCRIPT_MISSING`
 */
export async function deploy(options: DeployOptions): Promise<Deployment> {
  const root = options.root ?? PACKAGE_ROOT;
  const privateKey = options.privateKey ?? privateKeyFromEnv();
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) throw new InputError('KEY_INVALID', 'the deployer key must be 32 bytes in hex, 0x-prefixed.');
  const deployer = privateKeyToAccount(privateKey).address;
  const script = join(root, 'script', 'Deploy.s.sol');
  if (!existsSync(script)) throw new ToolchainError('DEPLOY_SCRIPT_MISSING', `${relative(root, script)} is missing; the contracts are not ready to deploy in this checkout.`);
  const forge = forgeBinary(root);

  const client = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 1 }) });
  let chainId: number;
  let balance: bigint;
  try {
    chainId = await client.getChainId();
    balance = await client.getBalance({ address: deployer });
  } catch (err) {
    throw new ChainError('RPC_UNREACHABLE', `cannot reach the node at ${options.rpcUrl}; is it running? Check --rpc-url.`, { cause: err });
  }
  if (balance === 0n) {
    throw new ChainError('UNFUNDED', `the deployer ${deployer} has no ETH on chain ${chainId}; fund it and deploy again. Nothing was sent.`);
  }

  const verifierArtifact = options.verifierArtifact ?? DEFAULT_VERIFIER_ARTIFACT;
  const dir = options.deploymentsDir ?? 'deployments';
  if (isAbsolute(dir) || !(dir === 'deployments' || dir.startsWith('deployments/')) || dir.split('/').includes('..')) {
    throw new InputError('INPUT_BAD_OPTION', `deployments folder ${dir} must be deployments/ or a folder inside it (forge may only write there).`);
  }
  const key = temporaryKeystore(privateKey);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ETH_KEYSTORE: key.keystore,
    ETH_PASSWORD: key.passwordFile,
    PRIVATE_KEY: privateKey,
    VERIFIER_ARTIFACT: verifierArtifact,
    DEPLOYMENTS_DIR: dir,
    FOUNDRY_BROADCAST: join('out', 'broadcast'),
  };
  const args = ['script', 'script/Deploy.s.sol', '--rpc-url', options.rpcUrl, '--broadcast', '--non-interactive'];
  let result: Awaited<ReturnType<typeof run>>;
  try {
    result = await run(forge, args, env, root, options.timeoutMs ?? 600_000, options.log);
  } catch (err) {
    throw new ToolchainError('FORGE_MISSING', `could not run forge (${err instanceof Error ? err.message : String(err)}); run \`npm ci\`.`, { cause: err });
  } finally {
    key.dispose();
  }
  if (result.code !== 0) {
    const tail = result.output.slice(-8).join('\n  ');
    const unfunded = result.output.some((l) => /insufficient funds/i.test(l));
    throw new ChainError(
      unfunded ? 'UNFUNDED' : 'DEPLOY_FAILED',
      result.timedOut
        ? `deployment timed out after ${(options.timeoutMs ?? 600_000) / 1000} s; check the node at ${options.rpcUrl}.`
        : unfunded
          ? `the deployer ${deployer} has ${formatEther(balance)} ETH, not enough to deploy; fund it and deploy again.`
          : `forge script script/Deploy.s.sol failed (exit ${result.code}) with verifier ${verifierArtifact}:\n  ${tail}`,
    );
  }

  const deployment = readDeployment(chainId, root, dir);
  for (const [what, address] of [['ZKMLIncentives', deployment.incentives], ['verifier', deployment.verifier]] as const) {
    const code = await client.getCode({ address });
    if (!code || code === '0x') {
      throw new ChainError('DEPLOY_FAILED', `${deployment.file} names ${address} as ${what}, but it has no code on chain ${chainId}; the record is stale, deploy again.`);
    }
  }
  return deployment;
}
