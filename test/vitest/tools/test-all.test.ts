/**
 * `npm test` (ts/tools/test-all.ts) goes red whenever something failed (issue 14): the real script
 * runs in a small copy of the project (foundry.toml, the solc shim, one tiny contract with one
 * Foundry test, the vitest config with one tiny test; node_modules linked), once green and once
 * for each way of failing. The cases share the copy and restore what they break, so forge
 * recompiles only the file a case changed.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSummary, failuresOf, runRunner } from '../../../ts/tools/test-all.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';

const TSX = join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsx');
const TEST_ALL = join(PACKAGE_ROOT, 'ts', 'tools', 'test-all.ts');

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

contract Counter {
    uint256 public count;

    function increment() external {
        ++count;
    }
}
`;

const counterTest = (expected: number) => `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Counter} from "../../contracts/Counter.sol";

contract CounterTest {
    function test_increment() public {
        Counter c = new Counter();
        c.increment();
        require(c.count() == ${expected}, "count");
    }
}
`;

const vitestCase = (expected: number) => `import { expect, it } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(${expected}));\n`;

let root: string;
const file = (rel: string) => join(root, rel);

/** Runs the real test-all.ts in the copy (nested vitest gets a clean environment). */
function testAll(args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k === 'FOUNDRY_PROFILE') delete env[k];
  return promisify(execFile)(TSX, [TEST_ALL, ...args], { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, ...r }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? null, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }),
  );
}

const lastLine = (text: string) => text.trimEnd().split('\n').pop();

/** Writes `content` to `rel` for the duration of `fn`, then restores the green file. */
async function withFile<T>(rel: string, content: string, fn: () => Promise<T>): Promise<T> {
  const green = readFileSync(file(rel), 'utf8');
  writeFileSync(file(rel), content);
  try {
    return await fn();
  } finally {
    writeFileSync(file(rel), green);
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'zkml-test-all-'));
  for (const f of ['foundry.toml', 'remappings.txt', 'package.json', 'vitest.config.ts']) cpSync(join(PACKAGE_ROOT, f), file(f));
  for (const d of ['script', 'contracts', 'test/foundry', 'test/vitest']) mkdirSync(file(d), { recursive: true });
  cpSync(join(PACKAGE_ROOT, 'script', 'solc.cjs'), file('script/solc.cjs'));
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), file('node_modules'), 'dir');
  writeFileSync(file('contracts/Counter.sol'), COUNTER);
  writeFileSync(file('test/foundry/Counter.t.sol'), counterTest(1));
  writeFileSync(file('test/vitest/tiny.test.ts'), vitestCase(2));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm test (ts/tools/test-all.ts) in a copy of the project', () => {
  it('exits 0 when every test passes (the control)', async () => {
    const r = await testAll();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[PASS\] test_increment\(\)/);
    expect(lastLine(r.stdout)).toBe('tests: 2 passed, 0 failed');
  });

  it('exits non-zero when a Foundry test fails', async () => {
    const r = await withFile('test/foundry/Counter.t.sol', counterTest(2), () => testAll());
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\[FAIL: count\] test_increment\(\)/);
    expect(lastLine(r.stdout)).toBe('tests: 1 passed, 1 failed');
  });

  it('exits non-zero when a Solidity file does not compile (forge prints no summary to count)', async () => {
    const r = await withFile('contracts/Counter.sol', COUNTER.replace('++count;', '++count'), () => testAll());
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(/^Ran \d+ test suite/m);
    expect(r.stderr).toMatch(/forge printed no test summary/);
    expect(lastLine(r.stdout)).toBe('tests: 1 passed, 1 failed');
  });

  it('exits non-zero when a vitest test fails', async () => {
    const r = await withFile('test/vitest/tiny.test.ts', vitestCase(3), () => testAll());
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(lastLine(r.stdout)).toBe('tests: 1 passed, 1 failed');
  });

  it('--vitest-only skips forge (a broken contract does not matter) and still fails on a failing vitest test', async () => {
    await withFile('contracts/Counter.sol', 'not solidity', async () => {
      const green = await testAll(['--vitest-only']);
      expect(green.code, green.stdout + green.stderr).toBe(0);
      expect(green.stdout).not.toMatch(/Compiling|Ran \d+ test/);
      expect(lastLine(green.stdout)).toBe('tests: 1 passed, 0 failed');
      const red = await withFile('test/vitest/tiny.test.ts', vitestCase(3), () => testAll(['--vitest-only']));
      expect(red.code).toBe(1);
    });
  });
});

describe('test-all verdicts', () => {
  const quiet = () => undefined;
  it('a runner that cannot be started counts as a failure', async () => {
    const o = await runRunner({ name: 'missing', command: join(root, 'no-such-runner'), args: [], summary: /^Ran/ }, root, quiet);
    expect(o.startError).toMatch(/ENOENT/);
    expect(o.code).not.toBe(0);
    expect(failuresOf(o)).toBe(1);
  });

  it('a runner that exits non-zero without counting a failure counts as one failure', async () => {
    const o = await runRunner({ name: 'false', command: process.execPath, args: ['-e', 'console.log("Ran 1 test suite: 3 tests passed, 0 failed"); process.exit(3)'], summary: /^Ran/ }, root, quiet);
    expect(o).toMatchObject({ code: 3, passed: 3, failed: 0, summarized: true });
    expect(failuresOf(o)).toBe(1);
  });

  it('a runner that exits 0 without its summary line counts as one failure; a clean one as none', async () => {
    const silent = await runRunner({ name: 'silent', command: process.execPath, args: ['-e', ''], summary: /^Ran/ }, root, quiet);
    expect(silent).toMatchObject({ code: 0, summarized: false });
    expect(failuresOf(silent)).toBe(1);
    expect(failuresOf({ code: 0, passed: 5, failed: 0, summarized: true })).toBe(0);
    expect(failuresOf({ code: 1, passed: 5, failed: 2, summarized: true })).toBe(2);
  });

  it('reads the summary lines of forge and vitest, colours removed', () => {
    expect(countSummary('Ran 3 test suites in 1s: 10 tests passed, 2 failed, 0 skipped (12 total tests)\n', /^Ran \d+ test suites?/)).toEqual({ passed: 10, failed: 2, summarized: true });
    expect(countSummary('\u001b[2m      Tests \u001b[22m \u001b[1m\u001b[31m1 failed\u001b[39m\u001b[22m | \u001b[1m\u001b[32m4 passed\u001b[39m (5)\n', /^\s*Tests\s/)).toEqual({ passed: 4, failed: 1, summarized: true });
    expect(countSummary('Compiler run failed\n', /^Ran \d+ test suites?/)).toEqual({ passed: 0, failed: 0, summarized: false });
  });
});
