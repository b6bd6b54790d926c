/**
 * `npm test`: every Foundry test, then every vitest test, in one command, in the working directory
 * (npm runs it in the package root; a test runs it in a copy). Both runners print as usual; a
 * last line sums them up as `tests: N passed, N failed`. `--vitest-only` skips forge.
 *
 * The exit status is non-zero whenever anything failed: a counted failed test, a runner that exits
 * non-zero, a runner that prints no summary line (e.g. forge when a Solidity file does not
 * compile), or a runner that cannot be started. forge runs as the native binary
 * (ts/dev/foundry.ts): the npm launcher would exit 0 whatever forge returned.
 * FOUNDRY_PROFILE=ci (set by .ci/run) raises fuzz and invariant runs.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foundryBinary } from '../dev/foundry.js';
import { PACKAGE_ROOT } from '../files/package-root.js';

/** What one runner did. */
export interface RunnerOutcome {
  /** The runner's exit status (1 if it could not be started or was killed). */
  code: number;
  passed: number;
  failed: number;
  /** Whether its summary line was printed (no line: it never got to run the tests). */
  summarized: boolean;
  /** Why it could not be started, if so. */
  startError?: string;
}

/** A runner: the command, and the summary line it prints at the end. */
export interface Runner {
  name: string;
  command: string;
  args: string[];
  summary: RegExp;
}

/** Counts from the runner's summary line (the last line matching `line`), ANSI colours removed. */
export function countSummary(text: string, line: RegExp): { passed: number; failed: number; summarized: boolean } {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const summary = plain.split('\n').filter((l) => line.test(l)).pop();
  const num = (re: RegExp) => Number(re.exec(summary ?? '')?.[1] ?? 0);
  return { passed: num(/(\d+) (?:tests )?passed/), failed: num(/(\d+) failed/), summarized: summary !== undefined };
}

/** Failures a runner adds to the total: its counted failures, or one if it failed without counting any. */
export function failuresOf(o: RunnerOutcome): number {
  const broken = o.code !== 0 || !o.summarized || o.startError !== undefined;
  return o.failed > 0 ? o.failed : broken ? 1 : 0;
}

/** Runs one runner in `cwd`, passing its stdout through and counting its summary; never throws. */
export function runRunner(runner: Runner, cwd: string, write: (text: string) => void = (t) => process.stdout.write(t)): Promise<RunnerOutcome> {
  return new Promise((resolveRun) => {
    let text = '';
    let startError: string | undefined;
    let child;
    try {
      child = spawn(runner.command, runner.args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    } catch (err) {
      startError = err instanceof Error ? err.message : String(err);
      resolveRun({ code: 1, passed: 0, failed: 0, summarized: false, startError });
      return;
    }
    child.stdout.on('data', (chunk: Buffer) => {
      write(chunk.toString('utf8'));
      text += chunk.toString('utf8');
    });
    child.once('error', (err) => {
      startError = err.message;
    });
    child.once('close', (code) => {
      resolveRun({ code: startError !== undefined ? 1 : (code ?? 1), ...countSummary(text, runner.summary), ...(startError !== undefined ? { startError } : {}) });
    });
  });
}

/** forge (native binary) and vitest (its Node entry) of this package. */
function runners(vitestOnly: boolean): Array<Runner | { name: string; startError: string }> {
  const list: Array<Runner | { name: string; startError: string }> = [];
  if (!vitestOnly) {
    try {
      list.push({ name: 'forge', command: foundryBinary('forge'), args: ['test'], summary: /^Ran \d+ test suites?/ });
    } catch (err) {
      list.push({ name: 'forge', startError: err instanceof Error ? err.message : String(err) });
    }
  }
  let vitestEntry: string;
  try {
    const manifest = createRequire(join(PACKAGE_ROOT, 'package.json')).resolve('vitest/package.json');
    vitestEntry = join(dirname(manifest), (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { vitest: string } }).bin.vitest);
  } catch (err) {
    list.push({ name: 'vitest', startError: `vitest is not installed (${err instanceof Error ? err.message : String(err)}); run \`npm ci\`.` });
    return list;
  }
  list.push({ name: 'vitest', command: process.execPath, args: [vitestEntry, 'run'], summary: /^\s*Tests\s/ });
  return list;
}

/** Runs every runner in `cwd` and prints the totals; returns the exit status (0 only if nothing failed). */
export async function testAll(cwd: string, vitestOnly: boolean): Promise<number> {
  const outcomes: Array<{ name: string; outcome: RunnerOutcome }> = [];
  for (const r of runners(vitestOnly)) {
    const outcome = 'command' in r ? await runRunner(r, cwd) : { code: 1, passed: 0, failed: 0, summarized: false, startError: r.startError };
    if (outcome.startError !== undefined) process.stderr.write(`\n${r.name} could not be started: ${outcome.startError}\n`);
    else if (!outcome.summarized) process.stderr.write(`\n${r.name} printed no test summary (exit ${outcome.code}): it did not run the tests (compilation error?)\n`);
    outcomes.push({ name: r.name, outcome });
  }
  const passed = outcomes.reduce((n, o) => n + o.outcome.passed, 0);
  const failed = outcomes.reduce((n, o) => n + failuresOf(o.outcome), 0);
  process.stdout.write(`\n${outcomes.map((o) => `${o.name}: ${o.outcome.passed} passed, ${o.outcome.failed} failed (exit ${o.outcome.code})`).join('; ')}\n`);
  process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  testAll(process.cwd(), process.argv.includes('--vitest-only')).then((code) => {
    process.exitCode = code;
  });
}
