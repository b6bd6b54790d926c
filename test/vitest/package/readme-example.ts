/**
 * The README's SDK example, taken from README.md verbatim: the one ```js block of the section
 * "Using the SDK". consumer.test.ts runs it as written in a project where the packed package is
 * installed; readme-example.test.ts checks the extraction and what the block may import.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';

/** The README section that holds the example. */
export const SDK_SECTION = 'Using the SDK';

/**
 * The text of the one fenced block of language `lang` in the section `## <section>` of `markdown`,
 * exactly as written (without the fences).
 * @throws Error when the section is missing or holds no such block or more than one
 */
export function sectionCodeBlock(markdown: string, section: string, lang: string): string {
  const heading = `\n## ${section}\n`;
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`README has no section "## ${section}"`);
  const rest = markdown.slice(start + heading.length);
  const end = rest.search(/^## /m);
  const body = end < 0 ? rest : rest.slice(0, end);
  const blocks = [...body.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].filter((m) => m[1] === lang).map((m) => m[2]!);
  if (blocks.length !== 1) throw new Error(`section "## ${section}" must hold exactly one \`\`\`${lang} block, found ${blocks.length}`);
  return blocks[0]!;
}

/** The SDK example of the repository's README.md. */
export function readmeSdkExample(): string {
  return sectionCodeBlock(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8'), SDK_SECTION, 'js');
}

/** The modules a code block imports (static imports only; the example has no other kind). */
export function importedModules(code: string): string[] {
  return [...code.matchAll(/^import\s[^'"]*from\s+'([^']+)';$/gm)].map((m) => m[1]!);
}

/** The environment variables a code block reads (`process.env.NAME`, `privateKeyFromEnv('NAME')`). */
export function environmentVariables(code: string): string[] {
  const names = [...code.matchAll(/process\.env\.(\w+)|privateKeyFromEnv\('(\w+)'\)/g)].map((m) => m[1] ?? m[2]!);
  return [...new Set(names)].sort();
}
