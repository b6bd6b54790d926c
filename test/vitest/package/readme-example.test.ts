/**
 * The README's SDK example as consumer.test.ts takes it (verbatim, the one ```js block of "Using the
 * SDK"): the extraction refuses a README it cannot read unambiguously, and the example uses only
 * the package's public entry, viem and Node, with the environment the README documents.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { SDK_SECTION, environmentVariables, importedModules, readmeSdkExample, sectionCodeBlock } from './readme-example.js';

const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');

describe("the README's SDK example", () => {
  it('is the one js block of "Using the SDK", taken verbatim', () => {
    const code = readmeSdkExample();
    expect(readme).toContain('```js\n' + code + '```\n');
    expect(code).toMatch(/await settleRound\(/);
  });

  it('imports only the public entry, viem and node built-ins', () => {
    const modules = importedModules(readmeSdkExample());
    expect(modules).toContain('zkml-incentives');
    for (const m of modules) expect(m, m).toMatch(/^(zkml-incentives|viem|viem\/accounts|node:[\w/]+)$/);
    // Every import line was understood (no import the check above did not see).
    expect(readmeSdkExample().split('\n').filter((l) => l.startsWith('import ')).length).toBe(modules.length);
  });

  it('reads exactly the environment the README documents beside it', () => {
    const variables = environmentVariables(readmeSdkExample());
    expect(variables).toEqual(['CRS_PATH', 'ETH_RPC_URL', 'OWNER_KEY', 'PROVIDER_KEY_1', 'PROVIDER_KEY_2']);
    const section = readme.slice(readme.indexOf(`## ${SDK_SECTION}`));
    for (const v of variables) expect(section.slice(0, section.indexOf('```js')), v).toContain(`\`${v}\``);
  });

  it('refuses a README without the section, without the block, or with two blocks', () => {
    const block = '```js\nconsole.log(1);\n```\n';
    expect(sectionCodeBlock(`# x\n\n## ${SDK_SECTION}\n\ntext\n\n${block}\n## Next\n\n\`\`\`js\nother();\n\`\`\`\n`, SDK_SECTION, 'js')).toBe('console.log(1);\n');
    expect(() => sectionCodeBlock(`# x\n\n## Other\n\n${block}`, SDK_SECTION, 'js')).toThrow(/no section "## Using the SDK"/);
    expect(() => sectionCodeBlock(`# x\n\n## ${SDK_SECTION}\n\n\`\`\`sh\nnpm i\n\`\`\`\n\n## Next\n\n${block}`, SDK_SECTION, 'js')).toThrow(/exactly one ```js block, found 0/);
    expect(() => sectionCodeBlock(`# x\n\n## ${SDK_SECTION}\n\n${block}\n${block}`, SDK_SECTION, 'js')).toThrow(/found 2/);
  });
});
