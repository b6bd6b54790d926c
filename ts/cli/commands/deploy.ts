/** `zkml deploy`: the optimized verifier and ZKMLIncentives, deployed with viem from the shipped bytecode. */
import { accountFromEnv, deployContracts, writeDeployment } from '../../chain/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import { relative } from 'node:path';
import type { Command } from '../command.js';
import { nodeFlags, rpcUrlOf } from './chain-common.js';
import { opts } from './shared.js';

const flags = { ...nodeFlags } as const;

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('deploy'));
  // The key stays in memory (a viem account): nothing is written to disk, whatever happens.
  const account = accountFromEnv();
  const rpcUrl = rpcUrlOf(f['rpc-url']);
  const progress = new Progress({ quiet: f.quiet });
  let step = progress.start('deploying');
  const d = await deployContracts({
    rpcUrl,
    account,
    ...(f['chain-id'] !== undefined ? { expectedChainId: f['chain-id'] } : {}),
    onStep: (s) => {
      step.done();
      step = progress.start(`deploying ${s}`);
    },
  }).catch((err: unknown) => {
    step.fail();
    throw err;
  });
  step.done();
  const file = writeDeployment(d, f.deployments ?? 'deployments');
  return { chainId: d.chainId, ZKMLIncentives: d.incentives, shapes: d.shapes, deployer: d.deployer, blockNumber: d.blockNumber, file: relative(process.cwd(), file) };
}

/** `zkml deploy`. */
export const command: Command = {
  name: 'deploy',
  summary: 'deploy the verifier and ZKMLIncentives (viem, from the shipped bytecode; key from PRIVATE_KEY)',
  examples: ['PRIVATE_KEY=0x… zkml deploy --rpc-url http://127.0.0.1:8545', 'PRIVATE_KEY=0x… ETH_RPC_URL=https://… zkml deploy --chain-id 11155111 --json'],
  flags,
  run,
};
