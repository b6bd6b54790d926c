/**
 * What the package may ship, as checks of a file list (`npm pack --dry-run --json`) and of the
 * compiled modules in it. Pure functions over their inputs, so the tests can also feed them a
 * list or a module graph with a planted fault and see it reported.
 */
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

/**
 * Every file the package may ship, by pattern. A file matching none is an extra (a dev helper, a
 * toy artifact, a test fixture, a source file, a stray build output).
 */
export const ALLOWED_FILES: readonly RegExp[] = [
  /^(package\.json|README\.md|LICENSE)$/,
  /^(contracts|noir)\/README\.md$/,
  // Compiled ESM and declarations, outside the folders that are tooling by definition.
  /^dist\/(?!(dev|codegen|demo|tools)\/)[\w/-]+\.(js|d\.ts)$/,
  // The tables `loadPenguins` and `loadWeather` read, and their provenance and licences.
  /^dist\/data\/tables\/(penguins\.csv|weather\.csv|README\.md)$/,
  // Settlement and registration circuits and their EVM verification keys, one pair per shape.
  /^noir\/artifacts\/(zkml|register)-k\d+d\d+n\d+(\.vk)?\.json$/,
  // The Solidity the package documents: the contract, its interfaces and libraries, the layout.
  /^contracts\/(ZKMLIncentives|interfaces\/\w+|libraries\/\w+|generated\/ZkmlLayout)\.sol$/,
  /^contracts\/generated\/verifiers\/(Zkml|Register)K\d+d\d+n\d+HonkVerifier(Optimized)?\.sol$/,
];

/** Files that must never ship, whatever the allowlist above lets through (a second, blunt check). */
export const FORBIDDEN_FILES: readonly RegExp[] = [/(^|\/)(dev|codegen|demo|tools|test|fixtures)\//, /anvil/i, /toy/i, /(?<!\.d)\.ts$/, /\.map$/];

/** What a pack's file list is checked against. */
export interface PackExpectation {
  /** Files that must ship (exactly these of their kind, when also listed in `exact`). */
  required: readonly string[];
  /**
   * Patterns whose matches must be exactly the required files they match: e.g. every file under
   * `noir/artifacts/` must be one of the shipped shapes' (no artifact of an unshipped shape).
   */
  exact: readonly RegExp[];
}

/** What is wrong with a file list: files not allowed, files missing, files of a kind not expected. */
export interface PackProblems {
  notAllowed: string[];
  forbidden: string[];
  missing: string[];
  unexpected: string[];
}

/** Checks a pack's file list against {@link ALLOWED_FILES}, {@link FORBIDDEN_FILES} and `expect`. */
export function packProblems(files: readonly string[], expect: PackExpectation): PackProblems {
  const shipped = new Set(files);
  const required = new Set(expect.required);
  return {
    notAllowed: files.filter((f) => !ALLOWED_FILES.some((p) => p.test(f))),
    forbidden: files.filter((f) => FORBIDDEN_FILES.some((p) => p.test(f))),
    missing: expect.required.filter((f) => !shipped.has(f)),
    unexpected: files.filter((f) => !required.has(f) && expect.exact.some((p) => p.test(f))),
  };
}

/** A module of the package: its path without extension (`dist/chain/client`). */
const stemOf = (file: string) => file.replace(/(\.d\.ts|\.js)$/, '');

/** The package name of a bare specifier (`@aztec/bb.js/platform` → `@aztec/bb.js`), or undefined for a relative one. */
export function packageOfSpecifier(spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const BUILTINS = new Set(builtinModules);

/** What is wrong with the compiled modules: modules no entry reaches, and imports of packages the package does not declare. */
export interface ModuleProblems {
  unreachable: string[];
  undeclared: { file: string; specifier: string }[];
}

/**
 * Walks the module graph of the shipped `.js` and `.d.ts` files from the package's entries. A
 * module counts as one node (its `.js` and its `.d.ts`), so a types-only module is reached through
 * the declarations that import it. Imports are read with TypeScript's own pre-processor (static,
 * dynamic, `export … from` and `import type`).
 * @param files the shipped files (paths relative to the package root)
 * @param read the text of a shipped file
 * @param entries the files the manifest points at (`exports`, `bin`)
 * @param declared the packages the manifest declares (dependencies, peerDependencies, its own name)
 */
export function moduleProblems(files: readonly string[], read: (file: string) => string, entries: readonly string[], declared: ReadonlySet<string>): ModuleProblems {
  const code = files.filter((f) => f.startsWith('dist/') && /\.(js|d\.ts)$/.test(f));
  const byStem = new Map<string, string[]>();
  for (const f of code) byStem.set(stemOf(f), [...(byStem.get(stemOf(f)) ?? []), f]);
  const seen = new Set<string>();
  const undeclared: { file: string; specifier: string }[] = [];
  const queue = entries.map(stemOf);
  while (queue.length > 0) {
    const stem = queue.pop()!;
    if (seen.has(stem)) continue;
    seen.add(stem);
    for (const file of byStem.get(stem) ?? []) {
      for (const { fileName: spec } of ts.preProcessFile(read(file), true, true).importedFiles) {
        const pkg = packageOfSpecifier(spec);
        if (pkg === undefined) queue.push(stemOf(posix.normalize(posix.join(posix.dirname(file), spec))));
        else if (!spec.startsWith('node:') && !BUILTINS.has(spec) && !declared.has(pkg)) undeclared.push({ file, specifier: spec });
      }
    }
  }
  return { unreachable: [...byStem.keys()].filter((s) => !seen.has(s)).sort(), undeclared };
}

/** The files of the manifest's `exports` (each condition's target, wildcards left out) and `bin`. */
export function manifestEntries(manifest: { exports: Record<string, string | Record<string, string>>; bin: Record<string, string> }): string[] {
  const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  return [...targets, ...Object.values(manifest.bin)].filter((t) => !t.includes('*')).map((t) => posix.normalize(t));
}
