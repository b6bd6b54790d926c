/**
 * The Foundry deployment (issue 14): `script/Deploy.s.sol --broadcast --slow`, then the record
 * written in TypeScript from forge's broadcast file and the chain (ts/chain/forge-record.ts).
 *
 * The chain's block gas limit (9,000,000) holds one verifier deployment (~4.8 M gas) but not two,
 * which is what made the demo hang: without `--slow` forge sends every transaction at once, anvil
 * mines what fits, the rest stays pending and no new transaction comes to trigger a block, so forge
 * waits for ever (checked by hand: the same deploy without `--slow` in ts/demo/forge-deploy.ts does
 * not finish). With `--slow` it completes, bounded here by the test timeout.
 *
 * A dry run (no --broadcast), a deploy that fails, and a broadcast that does not check out against
 * the chain all leave an existing good record byte for byte as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, http } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type Anvil } from '../../../ts/dev/anvil.js';
import { deployBroadcastFile, recordForgeDeployment } from '../../../ts/dev/forge-record.js';
import { deploymentPath, readDeployment } from '../../../ts/chain/deploy.js';
import { forgeDeploy, readShapesConfig } from '../../../ts/demo/forge-deploy.js';
import { ChainError } from '../../../ts/errors/index.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { runFoundry } from '../../../ts/dev/foundry.js';

const CHAIN_ID = 31_414;
const DIR = `deployments/.forge-deploy-test-${process.pid}`;
const dir = join(PACKAGE_ROOT, DIR);
const record = deploymentPath(CHAIN_ID, dir);
const broadcastDir = join(dir, 'broadcast');

const parentExisted = existsSync(join(PACKAGE_ROOT, 'deployments'));
let anvil: Anvil;
beforeAll(async () => {
  anvil = await startAnvil({ chainId: CHAIN_ID, gasLimit: 9_000_000 });
});
afterAll(async () => {
  await anvil?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (!parentExisted && readdirSync(join(PACKAGE_ROOT, 'deployments')).length === 0) rmSync(join(PACKAGE_ROOT, 'deployments'), { recursive: true });
});

const rejection = async (p: Promise<unknown>): Promise<ChainError> => {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ChainError);
  return err as ChainError;
};

describe('forge deployment and its record', () => {
  let good: string;

  it('deploys every shape on a chain whose block holds one verifier (--slow), and records it with the deployment block', async () => {
    const genesis = (await anvil.rpc('eth_getBlockByNumber', ['latest', false])) as { gasLimit: string };
    expect(BigInt(genesis.gasLimit)).toBe(9_000_000n); // startAnvil's gasLimit option
    const d = await forgeDeploy({ rpcUrl: anvil.rpcUrl, chainId: CHAIN_ID, testKey: anvil.accounts[0]!.privateKey, deploymentsDir: DIR });
    const shapes = readShapesConfig();
    expect(d.shapes.map((s) => s.name)).toEqual(shapes.map((s) => s.name));
    expect(readDeployment(CHAIN_ID, dir)).toEqual({ chainId: d.chainId, incentives: d.incentives, shapes: d.shapes, deployer: d.deployer, blockNumber: d.blockNumber, deploymentBlock: d.deploymentBlock });
    expect(d.deployer).toBe(anvil.accounts[0]!.address);
    // One transaction per block at most (the limit), the first one in block 1, ZKMLIncentives last.
    expect(d.deploymentBlock).toBe(1n);
    expect(d.blockNumber).toBeGreaterThanOrEqual(BigInt(3 * shapes.length + 1));
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    const verifiers = d.shapes.flatMap((s) => [s.settlementVerifier, s.registrationVerifier, s.validationVerifier]);
    expect(new Set(verifiers).size).toBe(3 * shapes.length);
    for (const a of [d.incentives, ...verifiers]) {
      expect((await client.getCode({ address: a }))?.length ?? 0, a).toBeGreaterThan(2);
    }
    // The record holds each shape's three verifiers, as the contract does.
    const recorded = JSON.parse(readFileSync(record, 'utf8')) as { shapes: Array<{ validationVerifier: string }> };
    expect(recorded.shapes.map((s) => s.validationVerifier)).toEqual(d.shapes.map((s) => s.validationVerifier));
    good = readFileSync(record, 'utf8');
    expect(JSON.parse(good)).toMatchObject({ chainId: CHAIN_ID, ZKMLIncentives: d.incentives, deploymentBlock: '1' });
  }, 180_000);

  it('a dry run (no --broadcast) leaves the record byte-identical', async () => {
    const r = await runFoundry('forge', ['script', 'script/Deploy.s.sol', '--rpc-url', anvil.rpcUrl, '--non-interactive', '--private-key', anvil.accounts[0]!.privateKey], {
      env: { ...process.env, FOUNDRY_BROADCAST: broadcastDir },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(record, 'utf8')).toBe(good);
  }, 180_000);

  it('a failing deploy (a verifier artifact that is not built) throws and leaves the record byte-identical', async () => {
    const shapes = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'script/shapes.json'), 'utf8')) as { shapes: Array<Record<string, unknown>> };
    shapes.shapes[0]!.registrationVerifier = 'RegisterNoSuchShape.sol:RegisterNoSuchShape';
    writeFileSync(join(dir, 'bad-shapes.json'), JSON.stringify(shapes));
    const err = await rejection(forgeDeploy({ rpcUrl: anvil.rpcUrl, chainId: CHAIN_ID, testKey: anvil.accounts[0]!.privateKey, deploymentsDir: DIR, shapesConfig: `${DIR}/bad-shapes.json` }));
    expect(err.code).toBe('DEPLOY_FAILED');
    expect(err.message).toMatch(/forge script script\/Deploy\.s\.sol failed \(exit [1-9]\d*\)/);
    expect(readFileSync(record, 'utf8')).toBe(good);
  }, 180_000);

  it('a broadcast that does not check out against the chain writes nothing', async () => {
    // The same broadcast on a fresh chain with the same id: nothing has code there.
    const fresh = await startAnvil({ chainId: CHAIN_ID });
    try {
      const err = await rejection(recordForgeDeployment({ rpcUrl: fresh.rpcUrl, broadcastDir, deploymentsDir: dir }));
      expect(err.code).toBe('DEPLOY_FAILED');
      expect(err.message).toMatch(/has no code on chain 31414/);
    } finally {
      await fresh.stop();
    }
    // A reverted transaction, a missing broadcast, another chain.
    const tampered = join(dir, 'tampered');
    mkdirSync(join(tampered, 'Deploy.s.sol', String(CHAIN_ID)), { recursive: true });
    const b = JSON.parse(readFileSync(deployBroadcastFile(CHAIN_ID, broadcastDir), 'utf8')) as { receipts: Array<{ status: string }> };
    b.receipts[2]!.status = '0x0';
    writeFileSync(deployBroadcastFile(CHAIN_ID, tampered), JSON.stringify(b));
    expect((await rejection(recordForgeDeployment({ rpcUrl: anvil.rpcUrl, broadcastDir: tampered, deploymentsDir: dir }))).message).toMatch(/reverted/);
    expect((await rejection(recordForgeDeployment({ rpcUrl: anvil.rpcUrl, broadcastDir: join(dir, 'none'), deploymentsDir: dir }))).code).toBe('BROADCAST_MISSING');
    expect((await rejection(recordForgeDeployment({ rpcUrl: anvil.rpcUrl, expectedChainId: 1, broadcastDir, deploymentsDir: dir }))).code).toBe('WRONG_CHAIN');
    expect(readFileSync(record, 'utf8')).toBe(good);
    // The untouched broadcast records the same deployment again.
    await recordForgeDeployment({ rpcUrl: anvil.rpcUrl, broadcastDir, deploymentsDir: dir });
    expect(readFileSync(record, 'utf8')).toBe(good);
  }, 180_000);
});
