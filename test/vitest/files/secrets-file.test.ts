import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ZkmlError } from '../../../ts/errors/index.js';
import { STALE_TEMP_MS, writeFileAtomic } from '../../../ts/files/atomic-write.js';
import { withFileLock } from '../../../ts/files/file-lock.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { fieldHex } from '../../../ts/protocol/layout.js';
import { readOwnerSecrets, recordValidationSalt, validationSaltFor } from '../../../ts/round/owner-secrets.js';
import { writeSalts } from '../../../ts/round/salts.js';
import { inputError } from '../helpers/errors.js';

// node with tsx's loader, not the tsx CLI: the CLI runs the script in a grandchild, and the tests
// must kill (and find in the lock file) the writer itself.
const NODE = [process.execPath, '--import', 'tsx'];
const run = (args: string[]) => spawn(NODE[0]!, [...NODE.slice(1), WRITER, ...args], { cwd: PACKAGE_ROOT });
const WRITER = join(PACKAGE_ROOT, 'test', 'vitest', 'helpers', 'secrets-writer.ts');
const root = mkdtempSync(join(tmpdir(), 'zkml-secrets-'));
let n = 0;
const fresh = () => {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  return dir;
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;
const saltOf = (c: bigint) => c * 7n + 1n;

/** Runs the writer child to its end; `shell` wraps the command (e.g. with resource limits). */
function writer(args: string[], shell?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const cmd = shell ? spawn('/bin/sh', ['-c', `${shell}; exec "$0" "$@"`, ...NODE, WRITER, ...args], { cwd: PACKAGE_ROOT }) : run(args);
    let stdout = '';
    let stderr = '';
    cmd.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    cmd.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    cmd.once('error', reject);
    cmd.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('atomic writes', () => {
  it('a write that fails part-way (file size limit, like a full disk) keeps the old file and leaves no temp file', async () => {
    // Method: the child runs under `ulimit -f` with SIGXFSZ ignored, so its 1 MiB write fails
    // with EFBIG mid-way — what a full disk does. A plain writeFileSync would leave the target truncated.
    const dir = fresh();
    const file = join(dir, 'owner.json');
    recordValidationSalt(file, 1n, saltOf(1n));
    const before = readFileSync(file, 'utf8');
    const r = await writer(['big', file], 'trap "" XFSZ; ulimit -f 200');
    expect(r.stdout.trim(), r.stderr).toBe('WRITE_FAILED');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['owner.json']);
    // The same child without the limit writes.
    expect((await writer(['big', join(dir, 'big')])).stdout.trim()).toBe('written');
  });

  it('a failed rename keeps the target and removes the temp file, with an actionable error', () => {
    const dir = fresh();
    const target = join(dir, 'busy');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    let err: unknown;
    try {
      writeFileAtomic(target, 'data', { mode: 0o600 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ZkmlError);
    expect((err as ZkmlError).code).toBe('WRITE_FAILED');
    expect((err as ZkmlError).message).toContain(target);
    expect(readdirSync(dir)).toEqual(['busy']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('x');
  });

  it('gives secrets files mode 0600: new, and an existing 0644 file after a write', () => {
    const dir = fresh();
    const owner = join(dir, 'owner.json');
    recordValidationSalt(owner, 5n, saltOf(5n));
    expect(mode(owner)).toBe(0o600);
    chmodSync(owner, 0o644);
    expect(validationSaltFor(owner, 5n)).toBe(saltOf(5n)); // a wider file is still read
    recordValidationSalt(owner, 6n, saltOf(6n));
    expect(mode(owner)).toBe(0o600);
    const salts = join(dir, 'salts.json');
    writeFileSync(salts, '{}', { mode: 0o644 });
    writeSalts(salts, { providers: { a: 1n }, validation: 2n });
    expect(mode(salts)).toBe(0o600);
    const umaskless = join(dir, 'plain');
    writeFileAtomic(umaskless, 'x', { mode: 0o640 });
    expect(mode(umaskless)).toBe(0o640);
  });
});

describe("the owner's secrets file", () => {
  it('keeps every salt of 8 writer processes at once', async () => {
    const file = join(fresh(), 'owner.json');
    const runs = await Promise.all(Array.from({ length: 8 }, (_, w) => writer(['loop', file, String(1000 * (w + 1)), '5'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const validation = readOwnerSecrets(file).validation;
    expect(Object.keys(validation)).toHaveLength(40);
    for (let w = 1; w <= 8; w++) for (let i = 0; i < 5; i++) expect(validation[fieldHex(BigInt(1000 * w + i))]).toBe(fieldHex(saltOf(BigInt(1000 * w + i))));
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('recovers the lock of a writer killed (kill -9) while holding it; the next writer proceeds', async () => {
    const file = join(fresh(), 'owner.json');
    recordValidationSalt(file, 1n, saltOf(1n));
    const child = run(['hold', file]);
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => c.toString().includes('locked') && resolve());
      child.once('error', reject);
      child.once('close', () => reject(new Error('the holder ended before taking the lock')));
    });
    expect(JSON.parse(readFileSync(`${file}.lock`, 'utf8'))).toMatchObject({ pid: child.pid });
    // While the holder lives, a writer waits and then times out naming the lock file.
    let err: unknown;
    try {
      withFileLock(file, () => undefined, { timeoutMs: 300 });
    } catch (e) {
      err = e;
    }
    expect((err as ZkmlError).code).toBe('LOCK_TIMEOUT');
    expect((err as ZkmlError).message).toContain(`delete ${file}.lock`);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(`${file}.lock`)).toBe(true); // left behind by the killed holder
    // Taken over because its pid is dead, not because it aged: a 60 s age bound cannot have passed.
    const start = Date.now();
    withFileLock(file, () => recordValidationSalt(`${file}.other`, 9n, 9n), { staleMs: 60_000, timeoutMs: 5_000 });
    expect(Date.now() - start).toBeLessThan(5_000);
    recordValidationSalt(file, 2n, saltOf(2n));
    expect(validationSaltFor(file, 1n)).toBe(saltOf(1n));
    expect(validationSaltFor(file, 2n)).toBe(saltOf(2n));
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('stays valid when a writer is killed (kill -9) mid-loop of writes: every committed salt is kept', async () => {
    const file = join(fresh(), 'owner.json');
    const child = run(['loop', file, '100', '100000']);
    let committed = -1;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        const lines = c.toString().trim().split('\n');
        committed = Number(lines[lines.length - 1]);
        if (committed >= 30) resolve();
      });
      child.once('error', reject);
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const kept = readOwnerSecrets(file).validation; // valid JSON of the right shape
    for (let i = 0; i <= committed; i++) expect(kept[fieldHex(BigInt(100 + i))]).toBe(fieldHex(saltOf(BigInt(100 + i))));
    recordValidationSalt(file, 7n, saltOf(7n)); // the next writer proceeds, stale lock or not
    expect(validationSaltFor(file, 7n)).toBe(saltOf(7n));
    expect(validationSaltFor(file, 100n)).toBe(saltOf(100n));
    // Whatever the killed writer left half written is gone after the next write.
    expect(readdirSync(dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a writer killed (kill -9) mid-write leaves its temp file; the next write removes it, but never a live writer\'s', async () => {
    const dir = fresh();
    const file = join(dir, 'owner.json');
    recordValidationSalt(file, 1n, saltOf(1n));
    const [dead, live] = [run(['temp', file]), run(['temp', file])];
    const tempOf = (child: typeof dead) =>
      new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => resolve(c.toString().trim()));
        child.once('error', reject);
      });
    const [deadTemp, liveTemp] = await Promise.all([tempOf(dead), tempOf(live)]);
    const exited = new Promise((r) => dead.once('exit', r));
    dead.kill('SIGKILL');
    await exited;
    expect(existsSync(deadTemp)).toBe(true); // left behind: its writer could not clean up
    // A temp of another target in the same folder is not this write's business.
    const otherTemp = join(dir, `.owner.json.bak.1.${'0'.repeat(12)}.tmp`);
    writeFileSync(otherTemp, '');
    recordValidationSalt(file, 2n, saltOf(2n)); // under the file's lock
    expect(existsSync(deadTemp)).toBe(false);
    expect(existsSync(liveTemp)).toBe(true); // its writer is alive: still writing, for all we know
    expect(existsSync(otherTemp)).toBe(true);
    expect(validationSaltFor(file, 1n)).toBe(saltOf(1n));
    expect(validationSaltFor(file, 2n)).toBe(saltOf(2n));
    // Past the age bound even a live writer's temp is stale (another host, or a reused pid).
    const old = (Date.now() - STALE_TEMP_MS - 60_000) / 1000;
    utimesSync(liveTemp, old, old);
    recordValidationSalt(file, 3n, saltOf(3n));
    expect(existsSync(liveTemp)).toBe(false);
    const liveExited = new Promise((r) => live.once('exit', r));
    live.kill('SIGKILL');
    await liveExited;
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([basename(otherTemp)]);
  });

  it('says "file not found" for a missing secrets file where a salt is needed, and is created by a first write', () => {
    const file = join(fresh(), 'misspelt.json');
    const err = inputError(() => validationSaltFor(file, 1n));
    expect(err.code).toBe('SECRETS_NOT_FOUND');
    expect(err.message).toContain(`file not found: ${file}`);
    recordValidationSalt(file, 1n, saltOf(1n));
    expect(validationSaltFor(file, 1n)).toBe(saltOf(1n));
    expect(inputError(() => validationSaltFor(file, 2n)).code).toBe('SALT_NOT_FOUND');
  });
});
