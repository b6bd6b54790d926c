/**
 * Starting and stopping Barretenberg. Every call of {@link startBarretenberg} owns its own native bb
 * process, so destroying one instance never breaks another. The host's `console` and
 * `process.env` are never touched.
 *
 * Native bb gets an allowlisted environment, never the caller's (which may hold `PRIVATE_KEY`):
 * bb.js spawns bb with the whole `process.env` and has no option for it, so bb is started through
 * a one-line launcher that `exec`s the real bb under `env -i` with only {@link BB_ENV_PASSED}
 * taken over and `CRS_PATH` (native bb reads its CRS folder only from that variable) set for bb
 * alone. The launcher is deleted as soon as bb has started.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Barretenberg, BackendType } from '@aztec/bb.js';
import { findBbBinary } from '@aztec/bb.js/platform';
import { ToolchainError } from '../errors/index.js';
import { resolveCrs, type ResolveCrsOptions } from './crs.js';

/** Options of {@link startBarretenberg}. */
export interface StartOptions {
  /** The CRS folder bb reads (and downloads into, when it must); omit for hashing only. */
  crsPath?: string | undefined;
  /** Threads for bb; default: all cores (at most 16). */
  threads?: number | undefined;
  /** How many times to try starting bb (it has timed out creating its socket under load); default 3. */
  attempts?: number | undefined;
  /** Receives start-up diagnostics; default: dropped. */
  log?: ((line: string) => void) | undefined;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The caller's variables native bb is given (when set): the thread count bb.js sets for it, and
 * where bb puts temporary files. Nothing else reaches bb; `CRS_PATH` is set by the launcher.
 */
export const BB_ENV_PASSED = ['HARDWARE_CONCURRENCY', 'TMPDIR'] as const;

/** A launcher that runs the real bb with the allowlisted environment (and `CRS_PATH`, if given) only. */
function writeLauncher(bb: string, crsPath: string | undefined): { path: string; dispose: () => void } {
  // env(1) would take such a path for one more variable instead of the program to run.
  if (bb.includes('=')) throw new ToolchainError('BB_PATH_UNSUPPORTED', `The bb binary's path ${bb} contains "="; install the package in a folder whose path has no "=".`);
  const dir = mkdtempSync(join(tmpdir(), 'zkml-bb-'));
  const path = join(dir, 'bb');
  const passed = BB_ENV_PASSED.map((name) => `\${${name}+"${name}=\$${name}"}`);
  const crs = crsPath === undefined ? [] : [shellQuote(`CRS_PATH=${crsPath}`)];
  writeFileSync(path, `#!/bin/sh\nexec /usr/bin/env -i ${[...passed, ...crs].join(' ')} ${shellQuote(bb)} "$@"\n`, { mode: 0o700 });
  chmodSync(path, 0o700);
  return { path, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

async function startOnce(options: StartOptions): Promise<Barretenberg> {
  const bb = process.platform === 'win32' ? null : findBbBinary();
  const threads = options.threads ? { threads: options.threads } : {};
  if (!bb) {
    // No native bb for this platform: bb.js runs WASM, which reads the CRS through `crsPath`.
    return Barretenberg.new({ backend: BackendType.Wasm, ...(options.crsPath ? { crsPath: options.crsPath } : { skipSrsInit: true }), ...threads });
  }
  const launcher = writeLauncher(bb, options.crsPath);
  try {
    const crs = options.crsPath ? { crsPath: options.crsPath } : {};
    const api = await Barretenberg.new({ backend: BackendType.NativeUnixSocket, bbPath: launcher.path, ...crs, ...threads });
    // `new` resolves once bb is spawned, not once the launcher has exec'd into it: one round trip
    // proves bb answers, after which the launcher file is no longer needed.
    try {
      await api.poseidon2Permutation({ inputs: [0, 1, 2, 3].map(() => new Uint8Array(32)) });
    } catch (err) {
      await api.destroy().catch(() => undefined);
      throw err;
    }
    return api;
  } finally {
    launcher.dispose();
  }
}

/**
 * Starts a Barretenberg instance of its own. Start-up is retried with back-off; after the last
 * attempt a {@link ToolchainError} (`BB_START_FAILED`) says what to check. The caller must
 * `destroy()` it (the native process otherwise keeps Node alive).
 */
export async function startBarretenberg(options: StartOptions): Promise<Barretenberg> {
  const attempts = options.attempts ?? 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      lastError = err;
      options.log?.(`bb start-up attempt ${attempt}/${attempts} failed: ${describe(err)}`);
      if (attempt < attempts) await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
  throw new ToolchainError(
    'BB_START_FAILED',
    `Could not start Barretenberg after ${attempts} attempts (${describe(lastError)}). ` +
      'Check that the machine is not out of memory or sockets and try again.',
    { cause: lastError },
  );
}

/** Options of {@link startProvingBarretenberg}. */
export interface ProvingStartOptions extends ResolveCrsOptions {
  threads?: number | undefined;
  log?: ((line: string) => void) | undefined;
}

/** Resolves the CRS first (failing at once without one, see {@link resolveCrs}), then starts bb. */
export async function startProvingBarretenberg(options: ProvingStartOptions = {}): Promise<Barretenberg> {
  const crs = await resolveCrs(options);
  return startBarretenberg({ crsPath: crs.path, threads: options.threads, log: options.log });
}
