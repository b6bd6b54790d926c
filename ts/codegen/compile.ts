/**
 * Noir compilation with noir_wasm (build time only: the runtime never loads the compiler).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { compile_program, createFileManager } from '@noir-lang/noir_wasm';
import { ToolchainError } from '../errors/index.js';
import type { CircuitArtifact } from '../toolchain/noir.js';

/** Compiles the Noir package in `dir` (a folder with Nargo.toml) with noir_wasm. */
export async function compileCircuit(dir: string): Promise<CircuitArtifact> {
  const fm = createFileManager(resolve(dir));
  // noir_wasm logs every source file it adds; keep stdout clean for machine-readable output.
  const saved = { log: console.log, info: console.info, debug: console.debug };
  console.log = console.info = console.debug = () => {};
  let result;
  try {
    result = await compile_program(fm);
  } catch (err) {
    throw new ToolchainError('NOIR_COMPILE_FAILED', `Noir compilation of ${dir} failed:\n${formatDiagnostics(err)}`, { cause: err });
  } finally {
    Object.assign(console, saved);
  }
  const p = result.program as unknown as CircuitArtifact;
  return {
    noir_version: String(p.noir_version),
    hash: String(p.hash),
    abi: p.abi,
    bytecode: p.bytecode,
  };
}

/** Stable JSON text of an artifact (2-space indent, trailing newline) as committed. */
export function artifactJson(artifact: CircuitArtifact): string {
  return JSON.stringify(artifact, null, 2) + '\n';
}

interface Diagnostic {
  message: string;
  file?: string;
  secondaries?: { message: string; start: number; end: number }[];
}

/** One line per compiler error: `file@offset: message (detail)`. */
function formatDiagnostics(err: unknown): string {
  const diagnostics = (err as { diagnostics?: { diagnostics?: Diagnostic[] } })?.diagnostics?.diagnostics;
  if (!Array.isArray(diagnostics)) return String(err);
  return diagnostics
    .map((d) => {
      const at = d.secondaries?.[0];
      return `  ${d.file ?? '?'}${at ? `@${at.start}` : ''}: ${d.message}${at?.message ? ` (${at.message})` : ''}`;
    })
    .join('\n');
}

/**
 * Compiles the Noir package `noir/<pkg>` with its `src/params.nr` replaced by `params` (in a
 * temporary copy): how every shape of a circuit is built from its one source. The copy holds
 * every Noir package beside it (`noir/*` with a Nargo.toml) in the same layout, so a path
 * dependency such as `commitment = { path = "../commitment" }` resolves as in the repository.
 */
export async function compileWithParams(packageDir: string, params: string, label: string): Promise<CircuitArtifact> {
  const source = resolve(packageDir);
  const packagesDir = dirname(source);
  const root = mkdtempSync(join(tmpdir(), `${label}-`));
  try {
    for (const name of readdirSync(packagesDir)) {
      if (existsSync(join(packagesDir, name, 'Nargo.toml'))) cpSync(join(packagesDir, name), join(root, name), { recursive: true });
    }
    const dir = join(root, basename(source));
    writeFileSync(join(dir, 'src', 'params.nr'), params);
    return await compileCircuit(dir);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
