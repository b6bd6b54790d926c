import { Barretenberg } from '@aztec/bb.js';
import { ToolchainError } from '../errors.js';
import { exportCrsPath } from './crs.js';

export interface StartOptions {
  /** How many times to try starting the native bb process (it can time out under load). */
  attempts?: number;
  /** Threads for bb; default: all cores. */
  threads?: number;
  /** Progress sink (stderr in the CLI). */
  log?: (line: string) => void;
}

let shared: Promise<Barretenberg> | undefined;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Starts a Barretenberg instance (native bb over a socket when available), with the CRS exported
 * through `CRS_PATH`. Start-up is retried with back-off because bb has been seen to time out
 * creating its socket under load; after the last attempt a {@link ToolchainError} says what to check.
 */
export async function startBarretenberg(options: StartOptions = {}): Promise<Barretenberg> {
  const attempts = options.attempts ?? 3;
  const crsPath = exportCrsPath();
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await Barretenberg.new({
        ...(crsPath ? { crsPath } : {}),
        ...(options.threads ? { threads: options.threads } : {}),
      });
    } catch (err) {
      lastError = err;
      options.log?.(`bb start-up attempt ${attempt}/${attempts} failed: ${describe(err)}`);
      if (attempt < attempts) await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
  throw new ToolchainError(
    'BB_START_FAILED',
    `Could not start Barretenberg after ${attempts} attempts (${describe(lastError)}). ` +
      (crsPath
        ? `CRS_PATH=${crsPath}. Check that the machine is not out of memory or sockets and try again.`
        : 'No CRS was found locally: set CRS_PATH to a folder with bn254_g1.dat and bn254_g2.dat ' +
          '(e.g. ../shared/crs), or allow network access so bb.js can download it.'),
    { cause: lastError },
  );
}

/** One Barretenberg per process, started on first use; release it with {@link releaseBarretenberg}. */
export function sharedBarretenberg(options: StartOptions = {}): Promise<Barretenberg> {
  shared ??= startBarretenberg(options).catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}

/** Destroys the shared instance so Node can exit. Safe to call when none was started. */
export async function releaseBarretenberg(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current).destroy();
}
