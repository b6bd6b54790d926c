/**
 * An exclusive lock beside a file, `<file>.lock`, that serialises the read-modify-write cycles of
 * every process sharing the file, and recovers from a holder that was killed mid-cycle.
 *
 * Taking the lock: a record `{ pid, host, time, token }` is written to a private temporary file
 * and hard-linked to `<file>.lock` — link(2) fails if the lock exists, and the lock never appears
 * half-written. A waiter retries with growing, jittered pauses for at most `timeoutMs`.
 *
 * A lock is stale when its holder is dead (same host, `process.kill(pid, 0)` says ESRCH) or it is
 * older than `staleMs` (a holder on another host, or a reused pid). Exactly one waiter takes a
 * stale lock over: it must first create `<file>.lock.<token>.takeover` exclusively, then checks that
 * the lock still carries the stale token (tokens are random and never reused) before deleting it;
 * every other waiter backs off. Release deletes the lock only if it still carries the holder's
 * own token.
 *
 * Hand-written because no lock library is installed (`proper-lockfile` is not a dependency) and
 * this one is small. It is synchronous, so that its callers keep their synchronous APIs: a waiter
 * sleeps with `Atomics.wait`; the lock guards a few milliseconds of file I/O.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ZkmlError } from '../errors/index.js';
import { removeStaleTemps, tempPathFor } from './atomic-write.js';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /** How long to wait for the lock before giving up; default 20 s. */
  timeoutMs?: number | undefined;
  /** A lock older than this is stale whoever holds it; default 10 s. */
  staleMs?: number | undefined;
}

/** What a lock file holds. */
interface LockRecord {
  pid: number;
  host: string;
  time: number;
  token: string;
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock's record, `null` if there is no lock, `'unreadable'` if it is not a lock record. */
function readLock(lockPath: string): LockRecord | 'unreadable' | null {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return null;
    throw err;
  }
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (typeof r.pid === 'number' && typeof r.host === 'string' && typeof r.time === 'number' && typeof r.token === 'string') return r as LockRecord;
  } catch {
    // not JSON
  }
  return 'unreadable';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) !== 'ESRCH';
  }
}

/** Milliseconds since the file was last modified (0 if it is gone). */
function ageOf(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function isStale(r: LockRecord, staleMs: number): boolean {
  return (r.host === hostname() && !alive(r.pid)) || Date.now() - r.time > staleMs;
}

/**
 * Tries to create the lock; false if it exists. Its temp file is named like an atomic write's, so
 * the temp of a writer killed between writing and linking it is removed by the next attempt.
 */
function tryCreate(lockPath: string, record: LockRecord): boolean {
  removeStaleTemps(lockPath);
  const temp = tempPathFor(lockPath);
  writeFileSync(temp, JSON.stringify(record), { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Deletes a stale lock unless another waiter is already taking it over (see the module comment). */
function takeOver(lockPath: string, stale: LockRecord | 'unreadable', staleMs: number): void {
  if (stale === 'unreadable') {
    // Not written by this module (link makes ours whole): removed once it is old.
    if (ageOf(lockPath) > staleMs) rmSync(lockPath, { force: true });
    return;
  }
  const marker = `${lockPath}.${stale.token}.takeover`;
  try {
    writeFileSync(marker, '', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if (errno(err) !== 'EEXIST') throw err;
    // Another waiter is taking over; a marker left by one that was killed expires like a lock.
    if (ageOf(marker) > staleMs) rmSync(marker, { force: true });
    return;
  }
  try {
    const now = readLock(lockPath);
    if (now !== null && now !== 'unreadable' && now.token === stale.token) rmSync(lockPath, { force: true });
  } finally {
    rmSync(marker, { force: true });
  }
}

/**
 * Runs `fn` holding the exclusive lock of `path` (the lock file is `<path>.lock`, in the same
 * folder), and releases it however `fn` ends.
 * @throws ZkmlError `LOCK_TIMEOUT` when another live process holds the lock for longer than `timeoutMs`
 */
export function withFileLock<T>(path: string, fn: () => T, options: FileLockOptions = {}): T {
  const lockPath = `${path}.lock`;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const staleMs = options.staleMs ?? 10_000;
  const token = `${process.pid}-${randomBytes(8).toString('hex')}`;
  const start = Date.now();
  let pause = 5;
  for (;;) {
    if (tryCreate(lockPath, { pid: process.pid, host: hostname(), time: Date.now(), token })) break;
    const holder = readLock(lockPath);
    if (holder === null) continue;
    if (holder === 'unreadable' || isStale(holder, staleMs)) {
      takeOver(lockPath, holder, staleMs);
    }
    if (Date.now() - start > timeoutMs) {
      const who = holder === 'unreadable' ? 'an unreadable lock' : `process ${holder.pid} on ${holder.host} since ${new Date(holder.time).toISOString()}`;
      throw new ZkmlError(
        'LOCK_TIMEOUT',
        `${path} is locked by ${who} (lock file ${lockPath}); waited ${Math.round(timeoutMs / 1000)} s. If no zkml process is using ${path}, delete ${lockPath} and try again.`,
      );
    }
    sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 100);
  }
  try {
    return fn();
  } finally {
    const now = readLock(lockPath);
    if (now !== null && now !== 'unreadable' && now.token === token) rmSync(lockPath, { force: true });
  }
}
