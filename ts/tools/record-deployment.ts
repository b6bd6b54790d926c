/**
 * `npm run deploy:record -- --rpc-url <url> [--deployments DIR] [--shapes FILE] [--broadcast-dir DIR]`:
 * after `forge script script/Deploy.s.sol --rpc-url <url> --broadcast --slow`, checks forge's
 * broadcast file against the chain and writes `deployments/<chainId>.json` atomically
 * (ts/chain/forge-record.ts). Exits non-zero, writing nothing, when a check fails.
 */
import { parseArgs } from 'node:util';
import { recordForgeDeployment } from '../dev/forge-record.js';
import { ZkmlError } from '../errors/index.js';

const usage = 'usage: npm run deploy:record -- --rpc-url <url> [--deployments DIR (default deployments)] [--shapes FILE (default script/shapes.json)] [--broadcast-dir DIR (default broadcast)]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { 'rpc-url': { type: 'string' }, deployments: { type: 'string' }, shapes: { type: 'string' }, 'broadcast-dir': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const rpcUrl = values['rpc-url'] ?? process.env.ETH_RPC_URL;
  if (!rpcUrl) {
    process.stderr.write(`--rpc-url is required (or ETH_RPC_URL).\n${usage}\n`);
    return 2;
  }
  try {
    const { deployment, path } = await recordForgeDeployment({
      rpcUrl,
      ...(values.deployments !== undefined ? { deploymentsDir: values.deployments } : {}),
      ...(values.shapes !== undefined ? { shapesConfig: values.shapes } : {}),
      ...(values['broadcast-dir'] !== undefined ? { broadcastDir: values['broadcast-dir'] } : {}),
    });
    process.stdout.write(`ZKMLIncentives ${deployment.incentives} on chain ${deployment.chainId} (blocks ${deployment.deploymentBlock}–${deployment.blockNumber}), ${deployment.shapes.length} shape(s): written to ${path}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`deploy:record: ${err instanceof ZkmlError ? err.message : String(err)}\n`);
    return 1;
  }
}

main().then((code) => {
  process.exitCode = code;
});
