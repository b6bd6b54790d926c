/**
 * Foundry (forge, cast, anvil) from npm, run so that its exit status is the binary's own.
 *
 * The npm packages `@foundry-rs/<tool>` install a launcher (`node_modules/.bin/<tool>`, their
 * `bin.mjs`) that spawns the real binary and exits 0 whatever the binary returned (1.7.1:
 * `npx forge inspect NoSuchContract abi; echo $?` prints 0). A failing `forge test`, `forge build`
 * or `forge script` would look like success. So every Foundry call of this repository runs the
 * platform binary itself, `@foundry-rs/<tool>-<platform>-<arch>/bin/<tool>`, through this module.
 */
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { constants } from 'node:os';
import { ToolchainError } from '../errors/index.js';
import { PACKAGE_ROOT } from '../files/package-root.js';

/** The Foundry tools the repository uses. */
export type FoundryTool = 'forge' | 'cast' | 'anvil';

export const FOUNDRY_TOOLS: readonly FoundryTool[] = Object.freeze(['forge', 'cast', 'anvil']);

/** The npm platform package of a tool on this machine, e.g. `@foundry-rs/forge-linux-amd64`. */
export function foundryPlatformPackage(tool: FoundryTool, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const cpu = arch === 'x64' ? 'amd64' : arch;
  return `@foundry-rs/${tool}-${platform}-${cpu}`;
}

/**
 * Path of the native binary of `tool`, resolved like a dependency of the package root.
 * @throws ToolchainError `FORGE_MISSING` / `CAST_MISSING` / `ANVIL_MISSING` (run `npm ci`)
 */
export function foundryBinary(tool: FoundryTool): string {
  const pkg = foundryPlatformPackage(tool);
  const exe = process.platform === 'win32' ? `${tool}.exe` : tool;
  let path: string | undefined;
  try {
    path = createRequire(join(PACKAGE_ROOT, 'package.json')).resolve(`${pkg}/bin/${exe}`);
  } catch {
    // not installed for this platform
  }
  if (path === undefined || !existsSync(path)) {
    throw new ToolchainError(
      `${tool.toUpperCase()}_MISSING`,
      `${tool} is not installed: ${pkg} (the platform package of @foundry-rs/${tool}) is missing; run \`npm ci\` in ${PACKAGE_ROOT}.`,
    );
  }
  return path;
}

/** Options of {@link runFoundrySync} and {@link runFoundry}. */
export interface FoundryRunOptions {
  /** Working directory; default the package root (where foundry.toml is). */
  cwd?: string;
  /** Environment of the child; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** What a finished Foundry process returned. */
export interface FoundryResult {
  /** The binary's exit status; 128 + n when it was killed by signal n. */
  status: number;
  stdout: string;
  stderr: string;
}

/** Exit status of a child, shell-style: its code, or 128 + the number of the signal that ended it. */
function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

function startFailure(tool: FoundryTool, binary: string, err: Error): ToolchainError {
  return new ToolchainError('FOUNDRY_START_FAILED', `${tool} (${binary}) could not be started: ${err.message}; run \`npm ci\` in ${PACKAGE_ROOT}.`, { cause: err });
}

/**
 * Runs `tool args...` and waits. Output is captured, or passed through with `inherit: true`.
 * @throws ToolchainError when the binary is missing or cannot be started (never for a non-zero status: read `status`)
 */
export function runFoundrySync(tool: FoundryTool, args: readonly string[], options: FoundryRunOptions & { inherit?: boolean } = {}): FoundryResult {
  const binary = foundryBinary(tool);
  const stdio: StdioOptions = options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'];
  const r = spawnSync(binary, args, { cwd: options.cwd ?? PACKAGE_ROOT, env: options.env ?? process.env, stdio, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw startFailure(tool, binary, r.error);
  return { status: exitStatus(r.status, r.signal), stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Options of {@link runFoundry}. */
export interface FoundryStreamOptions extends FoundryRunOptions {
  /** Receives every non-empty output line (stdout and stderr) as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * Runs `tool args...` and resolves when it exits, streaming its output line by line.
 * @throws ToolchainError when the binary is missing or cannot be started (a non-zero status resolves: read `status`)
 */
export function runFoundry(tool: FoundryTool, args: readonly string[], options: FoundryStreamOptions = {}): Promise<FoundryResult> {
  const binary = foundryBinary(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd ?? PACKAGE_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const text = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    const emit = (stream: 'stdout' | 'stderr', line: string) => {
      if (line.trim()) options.onLine?.(line, stream);
    };
    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const s = chunk.toString('utf8');
      text[stream] += s;
      const lines = (partial[stream] + s).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) emit(stream, line);
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));
    child.once('error', (err) => reject(startFailure(tool, binary, err)));
    child.once('close', (code, signal) => {
      emit('stdout', partial.stdout);
      emit('stderr', partial.stderr);
      resolve({ status: exitStatus(code, signal), stdout: text.stdout, stderr: text.stderr });
    });
  });
}

/**
 * Throws when a Foundry run failed, with its last output lines.
 * @throws ToolchainError `FOUNDRY_FAILED`
 */
export function requireSuccess(result: FoundryResult, what: string): FoundryResult {
  if (result.status === 0) return result;
  const tail = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => l.trim()).slice(-12);
  throw new ToolchainError('FOUNDRY_FAILED', `${what} failed (exit ${result.status})${tail.length ? `:\n  ${tail.join('\n  ')}` : ''}`);
}
