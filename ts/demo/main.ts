/**
 * `npm run demo [-- flags]`: one whole fair round on an embedded local chain (see run.ts).
 * Progress on stderr, the summary on stdout, the report under `out/demo/`. Any failure is one line
 * on stderr and exit code 1 (ZKML_DEBUG=1 shows the stack); Ctrl-C stops anvil and exits 130.
 */
import { parseEthAmount } from '../cli/commands/chain-common.js';
import { InputError, ZkmlError } from '../errors/index.js';
import { parseArgs, usage } from '../terminal/index.js';
import { DEMO_DATA_KINDS, type DemoDataKind } from './data.js';
import { runDemo } from './run.js';

const flags = {
  data: { type: 'string', placeholder: 'KIND', description: "the round's data: weather (default; the shipped NOAA table, 300 days of one station-year per provider, 400 validation days, shape k8d1n4096p512e5) or synthetic (the paper's 100 rows, shape k8d1n128)" },
  seed: { type: 'integer', placeholder: 'N', description: 'seed of the data, 0..4294967295 (default 1; salts are always fresh)' },
  providers: { type: 'integer', placeholder: 'P', description: 'number of data providers, 4..8 (default 5)' },
  poisoned: { type: 'integer', placeholder: 'I', description: 'which provider (1..P) has reversed labels; 0 for none (default P)' },
  reward: { type: 'string', placeholder: 'ETH', description: 'reward pool in ETH (default 10)' },
  lambda: { type: 'string', placeholder: 'L', description: 'ridge parameter λ, at least 0.01 (default 0.01)' },
  out: { type: 'string', placeholder: 'DIR', description: 'output folder (default out/demo)' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
} as const;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'usage: npm run demo -- [flags]\n' +
        'plays one whole fair round on an embedded anvil: deployment, owner key, round, encrypted registrations with proofs, settlement from the chain, claims, withdrawals; ' +
        "each step's gas is printed (registrations also per row)\n" +
        'data: by default a round at real scale from ts/data/tables/weather.csv (daily NOAA readings of Seattle and New York, 2012-2015; a U.S. Government work, public domain): ' +
        'provider p holds 300 seeded days of one station-year (Seattle 2012, New York 2012, Seattle 2013, ...), x = temp_min, y = temp_max; the poisoned provider\'s labels are reversed\n' +
        `\n${usage(flags)}\n`,
    );
    return 0;
  }
  const { flags: f } = parseArgs(argv, flags, { command: 'npm run demo --' });
  if (f.data !== undefined && !(DEMO_DATA_KINDS as readonly string[]).includes(f.data)) {
    throw new InputError('ARGS_BAD_VALUE', `--data must be one of ${DEMO_DATA_KINDS.join(', ')}, got ${JSON.stringify(f.data)}.`);
  }
  const result = await runDemo({
    ...(f.data !== undefined ? { data: f.data as DemoDataKind } : {}),
    ...(f.seed !== undefined ? { seed: f.seed } : {}),
    ...(f.providers !== undefined ? { providers: f.providers } : {}),
    ...(f.poisoned !== undefined ? { poisoned: f.poisoned } : {}),
    ...(f.reward !== undefined ? { reward: parseEthAmount(f.reward, '--reward') } : {}),
    ...(f.lambda !== undefined ? { lambda: f.lambda } : {}),
    ...(f.out !== undefined ? { outDir: f.out } : {}),
    quiet: f.quiet,
  });
  process.stdout.write(`\n${result.summary}`);
  return 0;
}

// Ctrl-C / SIGTERM: exit through process.exit so the exit handlers run (anvil is killed, the
// temporary deployment record removed; bb exits with its parent).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\ndemo: interrupted (${signal}); local chain stopped.\n`);
    process.exit(130);
  });
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    if (process.env['ZKML_DEBUG']) console.error(err);
    const message = err instanceof ZkmlError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)} (set ZKML_DEBUG=1 for details)`;
    process.stderr.write(`demo: FAILED: ${message}\n`);
    process.exitCode = 1;
  });
