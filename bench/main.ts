/**
 * `npm run bench`: proof time, verification and gas of every shipped circuit shape (issues 10 and
 * 11), the paper workload, and the growth with rows and providers (issue 6). See bench/README.md
 * for how to run and read it.
 *
 * Each variant is measured by `bench/worker.ts` in processes of its own (fresh Node, fresh bb), one
 * after the other, so that peak memory is per variant and nothing of the benchmark runs
 * concurrently with a measurement. Timings differ by up to ~15 % from one process to the next
 * (measured), more than within a process, so the runs are spread over several processes, in
 * rounds over all variants (round 1 also measures gas), and pooled. Progress goes to stderr; the table and the targets go to stdout; `results.json`,
 * `environment.json` and the plots go to `bench/` for a full run, `bench/partial/` otherwise.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, usage, type FlagSpecs } from '../ts/terminal/args.js';
import { ZkmlError } from '../ts/errors/index.js';
import { mergeMeasurements, type Measurement } from './measurement.js';
import { writePlots } from './plots.js';
import { formatGasTable, formatSweepTable, formatTable, toResult, writeResults, type BenchResult } from './results.js';
import { registerArtifactsOnDisk } from './register.js';
import { solcVersion } from './solidity.js';
import { checkTargets, formatTargets } from './targets.js';
import { QUICK_VARIANTS, VARIANTS, selectVariants, type VariantSpec } from './variants.js';
import { SHAPES } from '../ts/protocol/shapes/index.js';
import { shapeAccuracy, type ShapeAccuracy } from './accuracy.js';
import { table } from '../ts/terminal/table.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH_DIR, '..');

const FLAGS = {
  runs: { type: 'integer', placeholder: 'N', description: 'timed runs per worker process, after one warm-up (default 3; 1 with --quick)' },
  processes: { type: 'integer', placeholder: 'P', description: 'worker processes per variant, in rounds over all variants; runs are pooled (default 3; 1 with --quick)' },
  quick: { type: 'boolean', description: `smoke run: ${QUICK_VARIANTS.join(', ')} with 1 run` },
  only: { type: 'string', placeholder: 'NAMES', description: `comma-separated variants (${VARIANTS.map((v) => v.name).join(', ')})` },
  out: { type: 'string', placeholder: 'DIR', description: 'output folder (default bench/ for a full run, bench/partial/ otherwise)' },
  'skip-gas': { type: 'boolean', description: 'skip the on-chain gas measurement (anvil, solc)' },
  'max-other-cpu': { type: 'integer', placeholder: 'PCT', description: 'repeat a timed run when other processes used more than PCT % of the CPU (default 15; 100 = never)' },
  'max-wait': { type: 'integer', placeholder: 'SECONDS', description: 'longest total wait for a quiet machine per worker process; then runs are kept as measured (default 300)' },
  hardfork: { type: 'string', placeholder: 'NAME', description: "anvil hardfork for gas (default: anvil's default, the current mainnet rules)" },
  accuracy: { type: 'boolean', description: 'prove nothing: only the accuracy of every shape against float64 (writes <out>/accuracy.json)' },
  'skip-accuracy': { type: 'boolean', description: 'skip the accuracy check of a run' },
  replot: { type: 'boolean', description: 'measure nothing: redraw the plots and print the table and targets from <out>/results.json' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
} satisfies FlagSpecs;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs the worker for one variant; resolves with its measurement, or an error message. */
function runWorker(v: VariantSpec, runs: number, extra: string[]): Promise<Measurement | string> {
  const dir = mkdtempSync(join(os.tmpdir(), 'zkml-bench-'));
  const out = join(dir, 'measurement.json');
  // The same Node with the same loader flags (tsx) as this process.
  const args = [...process.execArgv, join(BENCH_DIR, 'worker.ts'), v.name, String(runs), out, ...extra];
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 2, 2] });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    const finish = (result: Measurement | string) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      rmSync(dir, { recursive: true, force: true });
      done(result);
    };
    child.once('error', (err) => finish(`could not start the worker: ${err.message}`));
    child.once('exit', (code, signal) => {
      if (code !== 0) return finish(`worker exited with ${signal ?? `code ${code}`}`);
      try {
        // The variant holds bigints (the shape's data range): use the in-memory one, not its JSON.
        finish({ ...(JSON.parse(readFileSync(out, 'utf8')) as Measurement), variant: v });
      } catch (err) {
        finish(`worker wrote no measurement (${err instanceof Error ? err.message : String(err)})`);
      }
    });
  });
}

/** Installed version of an npm package (read from node_modules; some packages do not export package.json). */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The accuracy of every shipped shape against the float64 reference: `<dir>/accuracy.json` and its table. */
export function runAccuracy(dir: string): { path: string; results: ShapeAccuracy[] } {
  const results = SHAPES.map((s) => shapeAccuracy(s));
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'accuracy.json');
  writeFileSync(path, JSON.stringify(results, null, 2) + '\n');
  return { path, results };
}

function printAccuracy(results: readonly ShapeAccuracy[]): void {
  const e = (v: number) => v.toExponential(2);
  process.stdout.write(
    `accuracy against float64 (worst over ${results[0]?.datasets ?? 0} seeded datasets per shape, at the shape's N_TRAIN rows; ` +
      '(W, B) within 2 units or 1e-6 relative, φ within 1e-4 of max|φ|):\n' +
      table(
        ['shape', 'rows', 'datasets', 'worst |ΔW|,|ΔB| units', 'worst rel. (beyond 2 units)', 'worst |Δφ|/max|φ|', 'met?'],
        results.map((a) => [a.shape, String(a.rows), String(a.datasets), e(a.worstModelAbsUnits), e(a.worstModelRel), e(a.worstPhiRelOfMax), a.ok ? 'MET' : 'MISS']),
      ) +
      '\n\n',
  );
}

/** The table, its legend and the targets, on stdout. */
function printReport(results: readonly BenchResult[]): void {
  process.stdout.write(`${formatTable(results)}\n\n`);
  process.stdout.write(
    'times in ms: median (min-max) of the timed runs of all processes; bb/node MiB: peak RSS;\n' +
      'threads: bb threads/cores; other CPU: most of the machine other processes used during a kept timed run\n\n',
  );
  if (results.some((r) => r.sweeps.some((s) => s === 'register-rows' || s === 'settle-rows' || s === 'providers'))) {
    process.stdout.write(`sweeps:\n${formatSweepTable(results)}\n\n`);
  }
  if (results.some((r) => r.verifyGas !== null)) {
    process.stdout.write(`${formatGasTable(results)}\n\n`);
    process.stdout.write(
      'gas: receipt gasUsed on anvil (incl. 21,000 + calldata); verify = the settlement verifier alone; submit settles the round of K providers;\n' +
        'register = ZKMLIncentives.register (commitments, deposit) + deliver (ciphertext, real proof): the whole cost of joining a sealed round (largest and smallest of the K providers); opt/std = optimized/standard verifier\n\n',
    );
  }
  const missing = results.filter((r) => r.sweeps.includes('shapes') && r.registerArtifact === null);
  if (missing.length > 0) process.stdout.write(`registration circuit not built for: ${missing.map((r) => `${r.name} (${r.registerNote})`).join('; ')}\n\n`);
  process.stdout.write(`targets:\n${formatTargets(checkTargets(results))}\n`);
}

async function main(): Promise<number> {
  const { flags } = parseArgs(process.argv.slice(2), FLAGS, { command: 'npm run bench --' });
  if (flags.help) {
    process.stdout.write(`usage: npm run bench -- [flags]\n\n${usage(FLAGS)}\n`);
    return 0;
  }
  const runs = flags.runs ?? (flags.quick ? 1 : 3);
  const processes = flags.processes ?? (flags.quick ? 1 : 3);
  if (runs < 1 || processes < 1) throw new Error('--runs and --processes must be at least 1');
  const names = flags.only
    ? flags.only.split(',').map((s) => s.trim()).filter(Boolean)
    : flags.quick
      ? QUICK_VARIANTS
      : VARIANTS.map((v) => v.name);
  const variants = selectVariants(names);
  const full = !flags.only && !flags.quick;
  const outDir = resolve(flags.out ?? (full ? BENCH_DIR : join(BENCH_DIR, 'partial')));
  const extra = [
    ...(flags['skip-gas'] ? ['--skip-gas'] : []),
    ...(flags.hardfork ? [`--hardfork=${flags.hardfork}`] : []),
    ...(flags['max-other-cpu'] !== undefined ? [`--max-other-cpu=${flags['max-other-cpu']}`] : []),
    ...(flags['max-wait'] !== undefined ? [`--max-wait=${flags['max-wait']}`] : []),
  ];

  if (flags.accuracy) {
    const { path, results } = runAccuracy(outDir);
    log(`wrote ${relative(REPO, path)}`);
    printAccuracy(results);
    return 0;
  }
  if (flags.replot) {
    const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as BenchResult[];
    log(`redrew ${writePlots(outDir, results).map((p) => relative(REPO, p)).join(', ')}`);
    printReport(results);
    return 0;
  }

  log(
    `bench: ${variants.length} variant(s) × ${processes} process(es) × ${runs} timed run(s) after one warm-up each; ` +
      `${os.availableParallelism()} cores; output ${relative(REPO, outDir) || '.'}/`,
  );
  if (runs * processes < 3) log('note: fewer than 3 timed runs per variant; the issue asks for the median of at least 3 (use for smoke tests only).');
  const loadAtStart = os.loadavg().map((v) => Math.round(v * 100) / 100);
  log(`load average at start (1, 5, 15 min): ${loadAtStart.join(', ')}`);
  const parts = new Map<string, Measurement[]>();
  const failures: string[] = [];
  const t0 = performance.now();
  for (let round = 1; round <= processes; round++) {
    for (const [i, v] of variants.entries()) {
      if (failures.some((f) => f.startsWith(`${v.name}:`))) continue;
      log(`\n[round ${round}/${processes}, ${i + 1}/${variants.length}] ${v.name}: ${v.about}`);
      // Gas is deterministic up to the proof's random bytes: measured in the first round only.
      const m = await runWorker(v, runs, round === 1 ? extra : [...extra.filter((a) => a !== '--skip-gas'), '--skip-gas']);
      if (typeof m === 'string') {
        failures.push(`${v.name}: ${m}`);
        log(`[${v.name}] FAILED: ${m}`);
      } else {
        parts.set(v.name, [...(parts.get(v.name) ?? []), m]);
      }
    }
  }
  const measurements = variants.filter((v) => parts.has(v.name) && !failures.some((f) => f.startsWith(`${v.name}:`))).map((v) => mergeMeasurements(parts.get(v.name)!));
  log(`\nbench finished in ${((performance.now() - t0) / 60_000).toFixed(1)} min`);

  const results: BenchResult[] = measurements.map(toResult);
  if (results.length > 0) {
    mkdirSync(outDir, { recursive: true });
    const written = [writeResults(outDir, results), ...writePlots(outDir, results)];
    const env = {
      date: new Date().toISOString(),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      runsPerProcess: runs,
      processes,
      warmupRunsPerProcess: 1,
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.availableParallelism(),
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      node: process.version,
      versions: {
        '@aztec/bb.js': packageVersion('@aztec/bb.js'),
        '@noir-lang/noir_wasm': packageVersion('@noir-lang/noir_wasm'),
        '@noir-lang/noir_js': packageVersion('@noir-lang/noir_js'),
        solc: solcVersion(),
        '@foundry-rs/anvil': packageVersion('@foundry-rs/anvil'),
      },
      loadAvgAtStart: loadAtStart,
      loadAvgAtEnd: os.loadavg().map((v) => Math.round(v * 100) / 100),
      gasSchedule: results.find((r) => r.gasSchedule)?.gasSchedule ?? null,
      shapes: SHAPES.map((s) => s.name),
      registerArtifacts: registerArtifactsOnDisk(),
      registrationCircuitMissing: results.filter((r) => r.sweeps.includes('shapes') && r.registerArtifact === null).map((r) => r.name),
      failures,
    };
    const envPath = join(outDir, 'environment.json');
    writeFileSync(envPath, JSON.stringify(env, null, 2) + '\n');
    written.push(envPath);
    const accuracy = flags['skip-accuracy'] ? null : runAccuracy(outDir);
    if (accuracy) written.push(accuracy.path);
    log(`wrote ${written.map((p) => relative(REPO, p)).join(', ')}`);

    printReport(results);
    if (accuracy) printAccuracy(accuracy.results);
  }
  if (failures.length > 0) {
    log(`\n${failures.length} variant(s) failed:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(err instanceof ZkmlError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  },
);
