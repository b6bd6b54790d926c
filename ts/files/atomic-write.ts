/**
 * Atomic file writes: a reader (or a crash, or a full disk) never sees half a file. The content
 * goes to a temporary file in the target's own folder (same file system, so the rename is atomic),
 * is flushed to disk, and is renamed over the target; then the folder is flushed so the rename
 * itself survives a power loss. On any failure the temporary file is removed and the previous
 * target is left exactly as it was.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ZkmlError } from '../errors/index.js';

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
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
