import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { privateKeyToAccount, mnemonicToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { ChainError } from '../../../ts/errors/index.js';
import { ANVIL_ACCOUNTS, anvilBinary, startAnvil, withAnvil } from '../../../ts/dev/anvil.js';

const dir = mkdtempSync(join(tmpdir(), 'zkml-anvil-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rpc(url: string, method: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }) });
  return ((await res.json()) as { result: unknown }).result;
}

/** True if something accepts TCP connections on 127.0.0.1:port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** True if the process exists and is not a zombie (killed, waiting to be reaped by init). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return !existsSync('/proc/self/stat'); // no /proc (macOS): trust kill(pid, 0)
  }
}

async function waitUntil(cond: () => boolean | Promise<boolean>, ms = 5_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

describe('embedded anvil', () => {
  it('the default accounts are the keys of the default mnemonic', () => {
    expect(ANVIL_ACCOUNTS).toHaveLength(10);
    ANVIL_ACCOUNTS.forEach((a, i) => {
      expect(privateKeyToAccount(a.privateKey).address).toBe(a.address);
      expect(mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: i }).address).toBe(a.address);
    });
    expect(anvilBinary()).toMatch(/anvil(\.exe)?$/);
  });

  it('starts on a free 127.0.0.1 port, answers chain id 31337 with funded accounts, and stops', async () => {
    const anvil = await startAnvil();
    try {
      expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`);
      expect(anvil.chainId).toBe(31337);
      expect(await rpc(anvil.rpcUrl, 'eth_chainId')).toBe('0x7a69');
      const accounts = (await rpc(anvil.rpcUrl, 'eth_accounts')) as string[];
      expect(accounts.map((a) => a.toLowerCase())).toEqual(anvil.accounts.map((a) => a.address.toLowerCase()));
      expect(await portOpen(anvil.port)).toBe(true);
      expect(alive(anvil.pid)).toBe(true);
    } finally {
      await anvil.stop();
    }
    expect(await portOpen(anvil.port)).toBe(false);
    expect(alive(anvil.pid)).toBe(false);
    await anvil.stop(); // idempotent
  });

  it('runs two chains side by side on different ports, with a chosen chain id', async () => {
    await withAnvil(async (a) => {
      await withAnvil(async (b) => {
        expect(a.port).not.toBe(b.port);
        expect(b.chainId).toBe(1337);
        expect(await rpc(b.rpcUrl, 'eth_chainId')).toBe('0x539');
      }, { chainId: 1337 });
      expect(await rpc(a.rpcUrl, 'eth_chainId')).toBe('0x7a69');
    });
  });

  it('reports a start failure as a ChainError with anvil output', async () => {
    const err = await startAnvil({ args: ['--no-such-flag'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainError);
    expect((err as ChainError).code).toBe('ANVIL_START_FAILED');
    expect((err as ChainError).message).toMatch(/exited with code/);
  });

  // A separate Node process starts anvil, prints its pid and port, then ends in one of these ways;
  // anvil must be gone afterwards every time.
  const endings = {
    'forgotten stop(), normal end': '',
    'uncaught exception': "setTimeout(() => { throw new Error('boom'); }, 10);",
    'unhandled rejection': "setTimeout(() => { void Promise.reject(new Error('boom')); }, 10);",
    SIGTERM: "setInterval(() => {}, 1000); process.kill(process.pid, 'SIGTERM');",
    SIGINT: "setInterval(() => {}, 1000); process.kill(process.pid, 'SIGINT');",
    'process.exit(3)': 'process.exit(3);',
  };
  for (const [name, ending] of Object.entries(endings)) {
    it(`leaves no anvil behind: ${name}`, async () => {
      const script = join(dir, `${name.replace(/\W+/g, '_')}.mts`);
      writeFileSync(
        script,
        `import { startAnvil } from ${JSON.stringify(resolve('ts/dev/anvil.ts'))};\n` +
          'const a = await startAnvil();\n' +
          'process.stdout.write(JSON.stringify({ pid: a.pid, port: a.port }) + "\\n");\n' +
          `${ending}\n`,
      );
      const child = spawn(resolve('node_modules/.bin/tsx'), [script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
      expect(out, `the script printed nothing; stderr: ${err}`).toMatch(/^\{/);
      const info = JSON.parse(out.trim().split('\n')[0] ?? '{}') as { pid: number; port: number };
      expect(info.pid).toBeGreaterThan(0);
      expect(await waitUntil(() => !alive(info.pid))).toBe(true);
      expect(await portOpen(info.port)).toBe(false);
      if (name === 'forgotten stop(), normal end') expect(code).toBe(0);
      else expect(code).not.toBe(0);
    });
  }
});
