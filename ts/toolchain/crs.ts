import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ToolchainError } from '../errors.js';
import { REPO_ROOT } from '../repo-root.js';

/** Points in the offline CRS copy: enough for circuits of up to 2^15 rows. */
export const OFFLINE_CRS_POINTS = 32_769;


function hasG1(dir: string): boolean {
  const g1 = join(dir, 'bn254_g1.dat');
  return existsSync(g1) && statSync(g1).size > 0;
}

/**
 * Where the native `bb` reads its BN254 CRS from. Order: `$CRS_PATH` if set; else `../shared/crs`
 * beside the repository (the offline copy CI provides); else `undefined`, and bb.js downloads the
 * CRS into `~/.bb-crs` itself (needs network).
 *
 * The native bb process reads only the `CRS_PATH` environment variable, so callers must export it
 * (see {@link exportCrsPath}) before starting Barretenberg.
 */
export function resolveCrsPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CRS_PATH;
  if (fromEnv && fromEnv.length > 0) {
    if (!hasG1(fromEnv)) {
      throw new ToolchainError(
        'CRS_MISSING',
        `CRS_PATH=${fromEnv} does not contain bn254_g1.dat. Point CRS_PATH at a folder holding bn254_g1.dat and ` +
          'bn254_g2.dat (the offline copy is ../shared/crs), or unset it to let bb.js download the CRS (needs network).',
      );
    }
    return fromEnv;
  }
  const shared = resolve(REPO_ROOT, '..', 'shared', 'crs');
  if (hasG1(shared)) return shared;
  const home = join(env.HOME ?? '', '.bb-crs');
  if (hasG1(home)) return home;
  return undefined;
}

/** Sets `process.env.CRS_PATH` for the native bb child process; returns the path used (if any). */
export function exportCrsPath(): string | undefined {
  const path = resolveCrsPath();
  if (path) process.env.CRS_PATH = path;
  return path;
}
