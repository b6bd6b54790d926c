/**
 * The demo deploys the way deployers do: `forge script script/Deploy.s.sol --broadcast --slow`
 * (Foundry from npm), then the record step (`npm run deploy:record`). It
 * signs with anvil's published test key 0, which is public knowledge, so passing it as
 * `--private-key` exposes nothing; real deployments use `--account` (a keystore) as the README
 * says, or `zkml deploy`, which deploys with viem and keeps the key in memory.
 */
import type { Deployment } from '../chain/index.js';
import { DEFAULT_SHAPES_CONFIG, type ShapeArtifacts, readShapesConfig, recordForgeDeployment, runFoundry } from '../dev/index.js';
import { ChainError } from '../errors/index.js';
import { PACKAGE_ROOT } from '../files/index.js';
import { join } from 'node:path';
import type { Hex } from 'viem';

export { DEFAULT_SHAPES_CONFIG, readShapesConfig, type ShapeArtifacts };

/** Options of {@link forgeDeploy}. */
export interface ForgeDeployOptions {
  rpcUrl: string;
  /** The node's chain id (the record is `<deploymentsDir>/<chainId>.json`). */
  chainId: number;
  /** An anvil test key (public); real keys belong in a keystore (`forge script --account`). */
  testKey: Hex;
  /** Folder for the record, relative to the package root; forge's broadcast files go to its `broadcast/`. */
  deploymentsDir: string;
  /** Shapes configuration for the script (`SHAPES_CONFIG`), relative to the repository; default script/shapes.json. */
  shapesConfig?: string;
  log?: (line: string) => void;
}

/**
 * Runs `script/Deploy.s.sol` on the node (`--broadcast --slow`), then writes the deployment record
 * from forge's broadcast file and the chain (ts/chain/forge-record.ts), and returns it with the
 * verifier artifacts of each shape. `--slow` waits for each receipt before the next transaction:
 * without it forge sends every transaction at once, and when anvil's block is full (the verifiers
 * are 4-5 M gas each) the next one stays pending with nothing left to trigger a block, for ever.
 * @throws ChainError `DEPLOY_FAILED` when forge fails or the broadcast does not check out (no record is written)
 */
export async function forgeDeploy(options: ForgeDeployOptions): Promise<Deployment & { artifacts: ShapeArtifacts[] }> {
  const shapesConfig = options.shapesConfig ?? DEFAULT_SHAPES_CONFIG;
  const artifacts = readShapesConfig(shapesConfig);
  const deploymentsDir = join(PACKAGE_ROOT, options.deploymentsDir);
  const broadcastDir = join(deploymentsDir, 'broadcast');
  const env = { ...process.env, SHAPES_CONFIG: shapesConfig, FOUNDRY_BROADCAST: broadcastDir };
  const args = ['script', 'script/Deploy.s.sol', '--rpc-url', options.rpcUrl, '--broadcast', '--slow', '--non-interactive', '--private-key', options.testKey];
  const output: string[] = [];
  const run = await runFoundry('forge', args, {
    env,
    onLine: (line) => {
      output.push(line);
      options.log?.(line);
    },
  });
  if (run.status !== 0) throw new ChainError('DEPLOY_FAILED', `forge script script/Deploy.s.sol failed (exit ${run.status}):\n  ${output.slice(-8).join('\n  ')}`);
  const { deployment } = await recordForgeDeployment({ rpcUrl: options.rpcUrl, expectedChainId: options.chainId, broadcastDir, deploymentsDir, shapesConfig });
  return { ...deployment, artifacts };
}
