/**
 * Where Barretenberg finds its BN254 CRS, decided before bb starts so that a missing CRS fails at
 * once with advice instead of an HTTP error seconds into the first proof. Reads the environment
 * only as a default; never writes it.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ToolchainError } from '../errors/index.js';

/** G1 points every shipped circuit needs: circuits fit 2^15 rows, and bb reads one point more. */
export const SHIPPED_CIRCUIT_POINTS = 2 ** 15 + 1;

/** Hosts bb.js and bb download the CRS from (probed, not downloaded from, by {@link resolveCrs}). */
export const CRS_HOSTS = ['https://crs.aztec-cdn.foundation', 'https://crs.aztec-labs.com'] as const;

/** A CRS folder and how many G1 points it holds locally (0: bb will download into it). */
export interface CrsLocation {
  path: string;
  points: number;
  source: 'option' | 'env' | 'home' | 'download';
}

/** G1 points stored in `dir` (uncompressed 64 bytes or compressed 32 bytes per point), 0 if none. */
export function localCrsPoints(dir: string): number {
  const size = (file: string) => (existsSync(join(dir, file)) ? statSync(join(dir, file)).size : 0);
  if (size('bn254_g2.dat') !== 128) return 0;
  return Math.max(Math.floor(size('bn254_g1.dat') / 64), Math.floor(size('bn254_g1_compressed.dat') / 32));
}

/** Options of {@link resolveCrs}. */
export interface ResolveCrsOptions {
  /** An explicit CRS folder; wins over everything else. */
  crsPath?: string | undefined;
  /** Points needed (default {@link SHIPPED_CIRCUIT_POINTS}). */
  points?: number;
  /** Defaults come from here (`CRS_PATH`, `HOME`); default `process.env`, only read. */
  env?: Readonly<Record<string, string | undefined>>;
  /** May bb download a missing CRS? Default true; the network is probed first. */
  allowDownload?: boolean;
  /** Milliseconds for the network probe (default 3000). */
  probeTimeoutMs?: number;
}

async function reachable(timeoutMs: number): Promise<boolean> {
  for (const host of CRS_HOSTS) {
    try {
      await fetch(`${host}/g2.dat`, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      // try the next host
    }
  }
  return false;
}

/**
 * The CRS folder to hand to bb. Order: `crsPath`, then `CRS_PATH`, then `~/.bb-crs`; a folder given
 * explicitly must hold enough points. Where no local copy is big enough, bb downloads into the
 * chosen folder, so the network is probed first: without it this fails at once with a
 * {@link ToolchainError} (`CRS_UNAVAILABLE`) saying how to provide the CRS.
 */
export async function resolveCrs(options: ResolveCrsOptions = {}): Promise<CrsLocation> {
  const env = options.env ?? process.env;
  const needed = options.points ?? SHIPPED_CIRCUIT_POINTS;
  const advice =
    'Point crsPath (or the CRS_PATH environment variable) at a folder holding bn254_g1.dat and bn254_g2.dat ' +
    `with at least ${needed} points, or allow network access so bb can download it.`;
  const explicit = options.crsPath ?? (env.CRS_PATH ? env.CRS_PATH : undefined);
  const source = options.crsPath !== undefined ? 'option' : 'env';
  if (explicit !== undefined) {
    const path = resolve(explicit);
    const points = localCrsPoints(path);
    if (points >= needed) return { path, points, source };
    if (!existsSync(path)) throw new ToolchainError('CRS_MISSING', `The CRS folder ${path} (${source === 'option' ? 'crsPath' : 'CRS_PATH'}) does not exist. ${advice}`);
    if (points === 0) throw new ToolchainError('CRS_MISSING', `The CRS folder ${path} has no bn254_g1.dat with bn254_g2.dat. ${advice}`);
    if (options.allowDownload === false || !(await reachable(options.probeTimeoutMs ?? 3000))) {
      throw new ToolchainError('CRS_TOO_SMALL', `The CRS at ${path} has ${points} points; proving needs ${needed} and the network is not reachable to download more. ${advice}`);
    }
    return { path, points, source };
  }
  const home = join(env.HOME ?? homedir(), '.bb-crs');
  const points = localCrsPoints(home);
  if (points >= needed) return { path: home, points, source: 'home' };
  if (options.allowDownload === false) throw new ToolchainError('CRS_UNAVAILABLE', `No CRS was found (crsPath, CRS_PATH, ${home}) and downloads are disabled. ${advice}`);
  if (!(await reachable(options.probeTimeoutMs ?? 3000))) {
    throw new ToolchainError('CRS_UNAVAILABLE', `No CRS was found (crsPath, CRS_PATH, ${home}) and the CRS hosts are not reachable. ${advice}`);
  }
  return { path: home, points, source: 'download' };
}
