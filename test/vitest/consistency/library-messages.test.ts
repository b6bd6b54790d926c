/**
 * Library messages speak the SDK's language: no string literal in shipped library code (every
 * layer under ts/ but the CLI and the unshipped dev, demo, codegen and tools folders) names a CLI
 * flag (` --rpc-url`) or a `zkml <command>`, and none names a repository path (`../shared/crs`).
 * The CLI adds the flag to use where it renders the typed error (ts/cli/hints.ts). The scanner
 * reads string literals with the TypeScript parser (comments may name the CLI) and can fail: a
 * planted sample is flagged.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';

const NOT_SHIPPED = ['cli', 'demo', 'dev', 'codegen', 'tools'];
/** Files whose subject is the command line: ts/terminal/args.ts is the flag parser, its messages are about flags by nature. */
const EXEMPT: Record<string, string> = {
  'ts/terminal/args.ts': 'the flag parser',
};

const COMMANDS = ['value', 'prove', 'verify', 'deploy', 'create-round', 'commit', 'register', 'status', 'settle', 'submit', 'claim', 'withdraw', 'reclaim'];
const PATTERNS: [string, RegExp][] = [
  ['a CLI flag', /(^|[\s`'"(])--[a-z]/],
  ['a zkml command', new RegExp(`\\bzkml (${COMMANDS.join('|')})\\b`)],
  ['a repository path', /\.\.\/shared\b|\bshared\/crs\b/],
];

/** The string literals of a TypeScript source that look like CLI talk: `[line, what, text]`. */
export function cliTalk(source: string, file = 'sample.ts'): [number, string, string][] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: [number, string, string][] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const text = node.text;
      for (const [what, re] of PATTERNS) if (re.test(text)) out.push([sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, what, text]);
    }
    // Module specifiers are paths of imports, not messages.
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function librarySources(): string[] {
  const root = join(PACKAGE_ROOT, 'ts');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(relative(PACKAGE_ROOT, p));
    }
  };
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (e.isDirectory() && !NOT_SHIPPED.includes(e.name)) walk(join(root, e.name));
    else if (e.isFile() && e.name.endsWith('.ts')) files.push(relative(PACKAGE_ROOT, join(root, e.name)));
  }
  return files.sort();
}

describe('library messages', () => {
  it('name no CLI flag, zkml command or repository path (shipped library code)', () => {
    const files = librarySources();
    expect(files).toContain('ts/chain/client.ts');
    expect(files.some((f) => f.startsWith('ts/cli/'))).toBe(false);
    const found = files
      .filter((f) => !Object.hasOwn(EXEMPT, f))
      .flatMap((f) => cliTalk(readFileSync(join(PACKAGE_ROOT, f), 'utf8'), f).map(([line, what, text]) => `${f}:${line}: ${what}: ${JSON.stringify(text)}`));
    expect(found).toEqual([]);
  });

  it('the scanner flags planted samples and passes SDK wording and comments', () => {
    const planted = [
      "throw new Error('cannot reach the node; Check --rpc-url.');",
      'const m = `run \\`zkml deploy\\` first (${x})`;',
      'const m = `a ${x} then zkml status --round ${id}`;',
      "const crs = 'e.g. ../shared/crs';",
    ];
    for (const sample of planted) expect(cliTalk(sample).length, sample).toBeGreaterThan(0);
    const clean = [
      "// `zkml value --rows` uses this\nconst a = 'pass the rpcUrl option';",
      "const b = 'If no zkml process is using the file, delete it';",
      "import { x } from '../shared/crs.js';",
      "const c = 'values in [-1, 1] and x--y';",
    ];
    for (const sample of clean) expect(cliTalk(sample), sample).toEqual([]);
  });

  it('the exemptions are still needed (a file that no longer talks CLI leaves the list)', () => {
    for (const f of Object.keys(EXEMPT)) expect(cliTalk(readFileSync(join(PACKAGE_ROOT, f), 'utf8'), f).length, f).toBeGreaterThan(0);
  });
});
