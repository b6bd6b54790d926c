/**
 * The package as an integrator gets it: `npm pack`, then install the tarball into an empty ESM
 * project outside the repository (npm's cache, or the npm registry), and use only the public API
 * with plain `node`: the bin, two provers sharing a process, and a whole round on an anvil the
 * consumer starts itself, balances checked to the wei.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anvilBinary } from '../../../ts/dev/anvil.js';
import { PACKAGE_ROOT, packageVersion } from '../../../ts/files/package-root.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-consumer-'));
const project = join(dir, 'app');
const crs = process.env['CRS_PATH'];
let tarball = '';

/** The environment of a consumer's process: no CRS_PATH (the consumer passes crsPath), no repo paths. */
function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['CRS_PATH'];
  delete env['NODE_OPTIONS'];
  delete env['VITEST'];
  return env;
}

function run(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? consumerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, exitedAt: Date.now() });
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  expect(crs, 'the consumer test needs the CRS (CRS_PATH or ../shared/crs)').toBeTruthy();
  // npm pack runs `prepack` (tsc into dist/).
  const pack = spawnSync('npm', ['pack', '--pack-destination', dir, '--json', '--silent'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info!.filename);
  const files = info!.files.map((f) => f.path);
  // What proving and deploying need ships; tooling does not.
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/zkml.js', 'noir/artifacts/zkml-k8d1n128.json', 'noir/artifacts/register.json', 'contracts/ZKMLIncentives.sol']) expect(files, f).toContain(f);
  expect(files.some((f) => f.startsWith('dist/codegen') || f.startsWith('ts/') || f.startsWith('test/'))).toBe(false);

  cpSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'consumer'), project, { recursive: true });
  const viem = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['viem']!;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'zkml-incentives': `file:${tarball}`, viem } }, null, 2));
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: project, timeoutMs: 600_000 });
  expect(install.code, install.stderr).toBe(0);
}, 900_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the installed package', () => {
  it('brings its runtime dependencies, not the tooling', () => {
    for (const dep of ['@aztec/bb.js', '@noir-lang/noir_js', 'zod', 'csv-parse']) expect(existsSync(join(project, 'node_modules', dep)), dep).toBe(true);
    for (const dev of ['tsx', '@noir-lang/noir_wasm', '@foundry-rs/forge', 'solc', 'solhint']) expect(existsSync(join(project, 'node_modules', dev)), dev).toBe(false);
  });

  it('runs `zkml --version` and `zkml --help` with plain node (no tsx)', async () => {
    const version = await run('npx', ['--no-install', 'zkml', '--version'], { cwd: project });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(packageVersion());
    const help = await run('npx', ['--no-install', 'zkml', '--help'], { cwd: project });
    expect(help.code, help.stderr).toBe(0);
    for (const word of ['PRIVATE_KEY', 'ETH_RPC_URL', 'CRS_PATH', 'register', 'settle', 'claim']) expect(help.stdout).toContain(word);
    const typo = await run('npx', ['--no-install', 'zkml', 'setle'], { cwd: project });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean "settle"\?/);
  });

  it('two provers: destroying one leaves the other working, host logs are kept, and node exits promptly', async () => {
    const r = await run('node', ['lifecycle.mjs'], { cwd: project, env: consumerEnv({ ZKML_TEST_CRS: crs! }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/verified true; CRS_PATH set: false; destroyed at \d+/);
    const printed = Number(/printed (\d+)/.exec(r.stdout)?.[1]);
    expect(printed).toBeGreaterThan(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('host line ')).length).toBe(printed);
    const destroyedAt = Number(/destroyed at (\d+)/.exec(r.stdout)?.[1]);
    expect(r.exitedAt - destroyedAt).toBeLessThan(1000);
  });

  it('plays a whole round against its own anvil: deploy, create, register, prove, verify, submit, claim, withdraw — to the wei', async () => {
    const r = await run('node', ['round.mjs'], { cwd: project, env: consumerEnv({ ZKML_TEST_CRS: crs!, ANVIL_BIN: anvilBinary(), ZKML_TEST_PORT: String(await freePort()) }) });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; verified: boolean; expected: string[]; paid: { withdrawn: string; balanceDelta: string }[] };
    expect(result.verified).toBe(true);
    result.paid.forEach((p, i) => {
      expect(p.withdrawn).toBe(result.expected[i]);
      expect(p.balanceDelta).toBe(result.expected[i]);
    });
    expect(result.ok).toBe(true);
  });
});
