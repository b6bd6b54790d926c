/**
 * Atomic file writes: a reader (or a crash, or a full disk) never sees half a file. The content
 * goes to a temporary file in the target's own folder (same file system, so the rename is atomic),
 * is flushed to disk, and is renamed over the target; then the folder is flushed so the rename
 * itself survives a power loss. On any failure the temporary file is removed and the previous
 * target is left exactly as it was.
 *
 * A writer killed outright (`kill -9`, a power cut) cannot remove its temporary file, so each write
 * first removes the stale temporary files of its target: the temp name carries the writer's host
 * (a short hash) and pid, and a temp is stale when its writer is a dead process of this host, or
 * when it is older than {@link STALE_TEMP_MS} (a writer on another host sharing the folder, or a
 * pid reused since). A live writer's temp is never touched. Callers that hold a lock on the target
 * (the owner's secrets file) write under it, so the cleanup runs under the lock too.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { ZkmlError } from '../errors/index.js';

/** A temporary file older than this is stale whoever wrote it (1 hour: a write takes milliseconds). */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** This host, as it appears in temp names (8 hex digits of a hash: host names can hold dots). */
const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** The name of a new temporary file for `target` by process `pid` of this host. */
export function tempPathFor(target: string, pid: number = process.pid): string {
  const t = resolve(target);
  return join(dirname(t), `.${basename(t)}.${HOST_TAG}-${pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Whether process `pid` of this host is alive (EPERM: it is, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes the stale temporary files of `target` (see the module comment); returns their names.
 * Best effort: a temp that cannot be read or removed is left, and the write goes on.
 */
export function removeStaleTemps(target: string, now: number = Date.now()): string[] {
  const t = resolve(target);
  const dir = dirname(t);
  const prefix = `.${basename(t)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    // `<host>-<pid>.<random>.tmp`; the host is absent in temps of earlier versions (this host's).
    const m = /^(?:([0-9a-f]{8})-)?(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const local = m[1] === undefined || m[1] === HOST_TAG;
    const pid = Number(m[2]);
    if (local && pid === process.pid) continue;
    try {
      const old = now - statSync(join(dir, name)).mtimeMs > STALE_TEMP_MS;
      if (old || (local && !alive(pid))) {
        rmSync(join(dir, name), { force: true });
        removed.push(name);
      }
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * The file's permission bits, applied exactly (not narrowed by the umask) — also when the target
   * already exists with other bits, since the new file replaces it. Default: `0o666` less the umask.
   */
  mode?: number | undefined;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Flushes a folder's entries (the rename) to disk; a platform that cannot open folders skips it. */
function fsyncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw err;
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `data`, atomically and durably (see the module comment).
 * @throws ZkmlError `WRITE_FAILED` (disk full, no permission, missing folder…): the previous file is unchanged
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const target = resolve(path);
  const dir = dirname(target);
  removeStaleTemps(target);
  const temp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', options.mode ?? 0o666);
    if (options.mode !== undefined) fchmodSync(fd, options.mode);
    writeFileSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (err) {
    try {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
    } catch {
      // the original error is the one to report
    }
    throw new ZkmlError('WRITE_FAILED', `Could not write ${path} (${describe(err)}); the previous file, if any, is unchanged. Free disk space or fix the folder's permissions and try again.`, { cause: err });
  }
  fsyncFolder(dir);
}
