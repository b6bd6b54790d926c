/**
 * A child process for the secrets-file tests (run with tsx):
 *   loop FILE START COUNT  records COUNT validation salts (commitment START+i), printing i after each
 *   hold FILE              takes FILE's lock, prints "locked", and waits to be killed
 *   big FILE               writes 1 MiB atomically to FILE, printing the error code if it fails
 *   temp FILE              starts an atomic write of FILE as writeFileAtomic does (its temp file,
 *                          half written), prints the temp's path, and waits to be killed
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { tempPathFor, writeFileAtomic } from '../../../ts/files/atomic-write.js';
import { withFileLock } from '../../../ts/files/file-lock.js';
import { ZkmlError } from '../../../ts/errors/index.js';
import { recordValidationSalt } from '../../../ts/round/owner-secrets.js';

const [mode, file, a, b] = process.argv.slice(2);
if (mode === 'loop') {
  for (let i = 0; i < Number(b); i++) {
    const c = BigInt(a!) + BigInt(i);
    recordValidationSalt(file!, c, c * 7n + 1n);
    process.stdout.write(`${i}\n`);
  }
} else if (mode === 'hold') {
  withFileLock(file!, () => {
    process.stdout.write('locked\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600_000);
  });
} else if (mode === 'temp') {
  const temp = tempPathFor(file!);
  const fd = openSync(temp, 'wx', 0o600);
  writeSync(fd, '{"validation": {"0x01": ');
  closeSync(fd);
  process.stdout.write(`${temp}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600_000);
} else if (mode === 'big') {
  try {
    writeFileAtomic(file!, 'x'.repeat(1 << 20), { mode: 0o600 });
    process.stdout.write('written\n');
  } catch (err) {
    process.stdout.write(`${err instanceof ZkmlError ? err.code : String(err)}\n`);
  }
}
