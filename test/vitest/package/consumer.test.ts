/**
 * The package as an integrator gets it: `npm pack`, then install the tarball into an empty ESM
 * project outside the repository (npm's cache, or the npm registry), and use only the public API
 * with plain `node`: the bin, two provers sharing a process, a whole round on an anvil the
 * consumer starts itself (balances checked to the wei), the README's SDK example run as written,
 * TypeScript consumers type-checked under node16 and node10 resolution, and CommonJS `require()`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEther, parseEther } from 'viem';
import { anvilBinary, startAnvil } from '../../../ts/dev/anvil.js';
import { PACKAGE_ROOT, packageVersion } from '../../../ts/files/package-root.js';
import { CJS_CONSUMER, TS_CONSUMER, TS_CONSUMER_FILE, consumerTsconfig, tscOf } from './consumer-types.js';
import { readmeSdkExample } from './readme-example.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-consumer-'));
const project = join(dir, 'app');
const crs = process.env['CRS_PATH'];
let tarball = '';

/** The environment of a consumer's process: no CRS_PATH unless given (the consumer passes crsPath), no repo paths. */
function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['CRS_PATH'];
  delete env['NODE_OPTIONS'];
  delete env['VITEST'];
  return { ...env, ...extra };
}

function run(cmd: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; onStdout?: (all: string) => void }): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? consumerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      options.onStdout?.(stdout);
    });
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
  // What proving and deploying need ships; tooling does not (files.test.ts checks the whole list).
  for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/zkml.js', 'noir/artifacts/zkml-k8d1n128.json', 'noir/artifacts/register-k8d1n128.json', 'contracts/ZKMLIncentives.sol', 'LICENSE']) expect(files, f).toContain(f);
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
    for (const dev of ['tsx', '@noir-lang/noir_wasm', '@foundry-rs/forge', '@foundry-rs/anvil', 'solc', 'solhint', '@resvg/resvg-js', 'dejavu-fonts-ttf']) expect(existsSync(join(project, 'node_modules', dev)), dev).toBe(false);
    // The optional peer: only a Solidity project compiling the shipped contracts installs it.
    expect(existsSync(join(project, 'node_modules', '@openzeppelin', 'contracts'))).toBe(false);
  });

  it('type-checks a TypeScript consumer: ESM under node16 (with the libraries\' own declarations), types under node10; CommonJS under node16 is told the package is ESM', async () => {
    writeFileSync(join(project, TS_CONSUMER_FILE), TS_CONSUMER);
    writeFileSync(join(project, 'cjs-consumer.cts'), CJS_CONSUMER);
    const typeRoots = join(PACKAGE_ROOT, 'node_modules', '@types');
    const check = async (name: string, config: object) => {
      writeFileSync(join(project, name), JSON.stringify(config, null, 2));
      return run(process.execPath, [tscOf(PACKAGE_ROOT), '-p', name], { cwd: project });
    };
    for (const resolution of ['node16', 'node10'] as const) {
      const r = await check(`tsconfig.${resolution}.json`, consumerTsconfig(resolution, [TS_CONSUMER_FILE], typeRoots));
      expect(r.code, `${resolution}:\n${r.stdout}${r.stderr}`).toBe(0);
    }
    const cjs = await check('tsconfig.cjs.json', consumerTsconfig('node16', ['cjs-consumer.cts'], typeRoots, { skipLibCheck: true }));
    expect(cjs.code).not.toBe(0);
    expect(cjs.stdout).toMatch(/TS1479: The current file is a CommonJS module .* the referenced file is an ECMAScript module/);
  });

  it('loads with require() from CommonJS (Node ≥ 20.19) and reads the shipped penguins table', async () => {
    writeFileSync(join(project, 'require.cjs'), "const { toFixed } = require('zkml-incentives');\nconst { loadPenguins } = require('zkml-incentives/data');\nconst split = loadPenguins();\nconsole.log(toFixed('1.5', 10000n), split.validation.rows.length > 0);\n");
    const r = await run('node', ['require.cjs'], { cwd: project });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('15000n true');
  });

  it('runs `zkml --version` and `zkml --help` with plain node (no tsx)', async () => {
    const version = await run('npx', ['--no-install', 'zkml', '--version'], { cwd: project });
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(packageVersion());
    const help = await run('npx', ['--no-install', 'zkml', '--help'], { cwd: project });
    expect(help.code, help.stderr).toBe(0);
    for (const word of ['PRIVATE_KEY', 'ETH_RPC_URL', 'CRS_PATH', 'register', 'deliver', 'settle', 'claim']) expect(help.stdout).toContain(word);
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

  it('plays a whole sealed round against its own anvil: deploy, create, register, deliver, prove, verify, submit, claim, withdraw — to the wei', async () => {
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

  it("runs the README's SDK example as written: a whole round, the clock moved from outside while it waits", async () => {
    writeFileSync(join(project, 'readme-example.mjs'), readmeSdkExample());
    const anvil = await startAnvil();
    try {
      const [owner, p1, p2] = anvil.accounts;
      let moved: Promise<void> | undefined;
      const r = await run('node', ['readme-example.mjs'], {
        cwd: project,
        timeoutMs: 900_000,
        env: consumerEnv({ ETH_RPC_URL: anvil.rpcUrl, CRS_PATH: crs!, OWNER_KEY: owner!.privateKey, PROVIDER_KEY_1: p1!.privateKey, PROVIDER_KEY_2: p2!.privateKey }),
        // What a person on anvil does when the example says it waits: move the clock past the deadline.
        onStdout: (out) => {
          if (!moved && out.includes('waiting for registration to close')) moved = anvil.increaseTime(3700);
        },
      });
      await moved;
      expect(r.code, r.stderr).toBe(0);
      expect(moved, 'the example never said it was waiting for the registration deadline').toBeDefined();
      expect(r.stdout).toMatch(/^Shapley values: -?\d+(\.\d+)?, -?\d+(\.\d+)?$/m);
      const withdrawn = [...r.stdout.matchAll(/^(0x[0-9a-fA-F]{40}) withdrew (\d+(?:\.\d+)?) ETH$/gm)].map((m) => ({ address: m[1]!, amount: parseEther(m[2]!) }));
      expect(withdrawn.length).toBeGreaterThan(0);
      for (const w of withdrawn) expect([p1!.address, p2!.address]).toContain(w.address);
      // Both providers delivered: the whole 1 ETH pool and their two 0.01 ETH deposits reach them, to the wei.
      expect(withdrawn.map((w) => w.address).sort()).toEqual([p1!.address, p2!.address].sort());
      expect(formatEther(withdrawn.reduce((a, w) => a + w.amount, 0n))).toBe('1.02');
    } finally {
      await anvil.stop();
    }
  });
});
