/**
 * The demo deploys the way deployers do: `forge script script/Deploy.s.sol` (Foundry from npm). It
 * signs with anvil's published test key 0, which is public knowledge, so passing it as
 * `--private-key` exposes nothing; real deployments use `--account` (a keystore) as the README
 * says, or `zkml deploy`, which deploys with viem and keeps the key in memory.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { readDeployment, type Deployment } from '../chain/deploy.js';
import { ChainError, ToolchainError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';

/** The shapes the script deploys by default (its `SHAPES_CONFIG`). */
export const DEFAULT_SHAPES_CONFIG = 'script/shapes.json';

/** One shape of the script's configuration: its name and the verifier artifacts it deploys. */
export interface ShapeArtifacts {
  name: string;
  settlementVerifier: string;
  registrationVerifier: string;
}

/** The shapes (and verifier artifacts) a configuration file names, in shape-id order. */
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
    const { name, settlementVerifier, registrationVerifier } = s;
    if (typeof name !== 'string' || typeof settlementVerifier !== 'string' || typeof registrationVerifier !== 'string') {
      throw new ChainError('DEPLOY_FAILED', `${path}: shape ${i} needs name, settlementVerifier and registrationVerifier strings.`);
    }
    return { name, settlementVerifier, registrationVerifier };
  });
}

/** Options of {@link forgeDeploy}. */
export interface ForgeDeployOptions {
  rpcUrl: string;
  /** The node's chain id (where the script writes its record). */
  chainId: number;
  /** An anvil test key (public); real keys belong in a keystore (`forge script --account`). */
  testKey: Hex;
  /** Folder inside `deployments/` for the record (forge may only write there). */
  deploymentsDir: string;
  /** Shapes configuration for the script (`SHAPES_CONFIG`), relative to the repository; default script/shapes.json. */
  shapesConfig?: string;
  log?: (line: string) => void;
}

/** forge from node_modules (the npm package's launcher). */
function forgeBinary(): string {
  const bin = join(PACKAGE_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'forge.cmd' : 'forge');
  if (!existsSync(bin)) throw new ToolchainError('FORGE_MISSING', `forge is not installed (${bin} is missing); run \`npm ci\` in ${PACKAGE_ROOT}.`);
  return bin;
}

/** Runs `script/Deploy.s.sol` on the node and returns the deployment it recorded, with the verifier artifacts of each shape. */
export async function forgeDeploy(options: ForgeDeployOptions): Promise<Deployment & { artifacts: ShapeArtifacts[] }> {
  const shapesConfig = options.shapesConfig ?? DEFAULT_SHAPES_CONFIG;
  const artifacts = readShapesConfig(shapesConfig);
  const env = { ...process.env, SHAPES_CONFIG: shapesConfig, DEPLOYMENTS_DIR: options.deploymentsDir };
  const args = ['script', 'script/Deploy.s.sol', '--rpc-url', options.rpcUrl, '--broadcast', '--non-interactive', '--private-key', options.testKey];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(forgeBinary(), args, { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        output.push(line);
        options.log?.(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new ChainError('DEPLOY_FAILED', `forge script script/Deploy.s.sol failed (exit ${code}):\n  ${output.slice(-8).join('\n  ')}`);
  // forge can exit 0 although compilation failed (e.g. solc crashing): no record means no deployment.
  if (!existsSync(join(PACKAGE_ROOT, options.deploymentsDir, `${options.chainId}.json`))) {
    throw new ChainError('DEPLOY_FAILED', `forge script script/Deploy.s.sol wrote no deployment record (compilation or broadcast failed):\n  ${output.slice(-8).join('\n  ')}`);
  }
  const deployment = readDeployment(options.chainId, join(PACKAGE_ROOT, options.deploymentsDir));
  if (deployment.shapes.length !== artifacts.length || deployment.shapes.some((s, i) => s.name !== artifacts[i]!.name)) {
    throw new ChainError('DEPLOY_FAILED', `the deployment record lists shapes ${deployment.shapes.map((s) => s.name).join(', ')}, but ${shapesConfig} names ${artifacts.map((s) => s.name).join(', ')}.`);
  }
  return { ...deployment, artifacts };
}
