/**
 * `npm test`: every Foundry test, then every vitest test, in one command. Both runners print as
 * usual; a last line sums them up as `tests: N passed, N failed`. Exits non-zero if either fails.
 * FOUNDRY_PROFILE=ci (set by .ci/run) raises fuzz and invariant runs.
 */
import { spawn } from 'node:child_process';

interface Outcome {
  code: number;
  passed: number;
  failed: number;
}

/** Counts from the runner's summary line (the last line matching `line`), ANSI colours removed. */
function count(text: string, line: RegExp): { passed: number; failed: number } {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const summary = plain.split('\n').filter((l) => line.test(l)).pop() ?? '';
  const num = (re: RegExp) => Number(re.exec(summary)?.[1] ?? 0);
  return { passed: num(/(\d+) (?:tests )?passed/), failed: num(/(\d+) failed/) };
}

function run(cmd: string, args: string[], line: RegExp): Promise<Outcome> {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      text += chunk.toString('utf8');
    });
    child.on('close', (code) => resolveRun({ code: code ?? 1, ...count(text, line) }));
  });
}

const bin = (name: string) => `node_modules/.bin/${name}`;

async function main(): Promise<number> {
  const vitestOnly = process.argv.includes('--vitest-only');
  const forge = vitestOnly
    ? { code: 0, passed: 0, failed: 0 }
    : await run(bin('forge'), ['test'], /^Ran \d+ test suites?/);
  const vitest = await run(bin('vitest'), ['run'], /^\s*Tests\s/);
  // A runner that failed without counting a failed test (e.g. a compile error) counts as one failure.
  const failed = forge.failed + vitest.failed + (forge.code && !forge.failed ? 1 : 0) + (vitest.code && !vitest.failed ? 1 : 0);
  process.stdout.write(`\nforge: ${forge.passed} passed, ${forge.failed} failed; vitest: ${vitest.passed} passed, ${vitest.failed} failed\n`);
  process.stdout.write(`tests: ${forge.passed + vitest.passed} passed, ${failed} failed\n`);
  return forge.code !== 0 || vitest.code !== 0 ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
});
