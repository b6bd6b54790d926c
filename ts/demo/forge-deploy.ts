/**
 * The demo deploys the way deployers do: `forge script script/Deploy.s.sol` (Foundry from npm). It
 * signs with anvil's published test key 0, which is public knowledge, so passing it as
 * `--private-key` exposes nothing; real deployments use `--account` (a keystore) as the README
 * says, or `zkml deploy`, which deploys with viem and keeps the key in memory.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hex } from 'viem';
import { readDeployment, type Deployment } from '../chain/deploy.js';
import { ChainError, ToolchainError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';

/** The verifier the demo deploys (see contracts/README.md). */
export const DEFAULT_VERIFIER_ARTIFACT = 'ZkmlHonkVerifierOptimized.sol:ZkmlHonkVerifierOptimized';

/** Options of {@link forgeDeploy}. */
export interface ForgeDeployOptions {
  rpcUrl: string;
  /** The node's chain id (where the script writes its record). */
  chainId: number;
  /** An anvil test key (public); real keys belong in a keystore (`forge script --account`). */
  testKey: Hex;
  /** Folder inside `deployments/` for the record (forge may only write there). */
  deploymentsDir: string;
  verifierArtifact?: string;
  log?: (line: string) => void;
}

/** forge from node_modules (the npm package's launcher). */
function forgeBinary(): string {
  const bin = join(PACKAGE_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'forge.cmd' : 'forge');
  if (!existsSync(bin)) throw new ToolchainError('FORGE_MISSING', `forge is not installed (${bin} is missing); run \`npm ci\` in ${PACKAGE_ROOT}.`);
  return bin;
}

/** Runs `script/Deploy.s.sol` on the node and returns the deployment it recorded. */
export async function forgeDeploy(options: ForgeDeployOptions): Promise<Deployment & { verifierArtifact: string }> {
  const verifierArtifact = options.verifierArtifact ?? DEFAULT_VERIFIER_ARTIFACT;
  const env = { ...process.env, VERIFIER_ARTIFACT: verifierArtifact, DEPLOYMENTS_DIR: options.deploymentsDir };
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
  return { ...readDeployment(options.chainId, join(PACKAGE_ROOT, options.deploymentsDir)), verifierArtifact };
}
