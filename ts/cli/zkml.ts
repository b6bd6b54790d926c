#!/usr/bin/env node
/**
 * `zkml`: the command line of the SDK. Progress goes to stderr, results to stdout (`--json` for one
 * JSON document); any error is one line on stderr. Exit codes: 0 success, 1 runtime error, 2 usage
 * error. Keys come from the PRIVATE_KEY environment variable only, never from the command line.
 */
import { ZkmlError } from '../errors/index.js';
import { packageVersion } from '../files/index.js';
import { closest, usage } from '../terminal/index.js';
import type { Command } from './command.js';
import { cliMessage } from './hints.js';
import { jsonError, jsonResult, renderHuman } from './output.js';
import { sentTransactions } from './sent-log.js';

/** Commands, loaded on demand: `value` does not pay for viem, chain commands not for noir_js. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  value: { summary: "train and compute every provider's Shapley value off-chain (--rows: per-row values)", load: async () => (await import('./commands/value.js')).command },
  prove: { summary: 'prove training and Shapley values (--round ID reads the round from the chain)', load: async () => (await import('./commands/prove.js')).command },
  verify: { summary: 'verify a proof JSON off-chain', load: async () => (await import('./commands/verify.js')).command },
  deploy: { summary: 'deploy the verifier and ZKMLIncentives (viem, from the shipped bytecode)', load: async () => (await import('./commands/deploy.js')).command },
  'create-round': { summary: 'open a round and escrow its reward (the model owner)', load: async () => (await import('./commands/create-round.js')).command },
  commit: { summary: "print a provider's data commitment (or the validation set's)", load: async () => (await import('./commands/commit.js')).command },
  register: { summary: 'join a round: prove your data, keep the delivery, register its commitments with the deposit (--deliver: then wait and deliver)', load: async () => (await import('./commands/register.js')).command },
  deliver: { summary: 'after registration closes: deliver your kept, proven data to the owner (--wait: wait for the deadline)', load: async () => (await import('./commands/deliver.js')).command },
  status: { summary: "show a round: phase, providers, credits, context", load: async () => (await import('./commands/status.js')).command },
  settle: { summary: 'the owner: decrypt the deliveries, prove and submit (after delivery closes, or once every provider delivered)', load: async () => (await import('./commands/settle.js')).command },
  submit: { summary: 'settle a round with a proof JSON (checked against the round first)', load: async () => (await import('./commands/submit.js')).command },
  claim: { summary: 'credit your deposit and reward of a settled round, or your share of an expired one', load: async () => (await import('./commands/claim.js')).command },
  withdraw: { summary: "withdraw the PRIVATE_KEY account's credits", load: async () => (await import('./commands/withdraw.js')).command },
  reclaim: { summary: 'return the escrow (and forfeited deposits) of a round nobody delivered to, to its owner', load: async () => (await import('./commands/reclaim.js')).command },
};

/** Environment variables the CLI reads (listed in `--help`). */
export const ENVIRONMENT = [
  ['PRIVATE_KEY', 'the sending account of chain commands (0x + 64 hex digits); never taken from argv'],
  ['ETH_RPC_URL', 'default of --rpc-url (else http://127.0.0.1:8545)'],
  ['CRS_PATH', 'default of --crs-path: folder of the BN254 CRS (bn254_g1.dat, bn254_g2.dat) for proving'],
  ['ZKML_DEBUG', 'set to 1 to print stack traces'],
  ['NO_COLOR', 'honoured: the CLI prints no colour'],
] as const;

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const envWidth = Math.max(...ENVIRONMENT.map(([n]) => n.length));
  return [
    `zkml ${packageVersion()}: zero-knowledge proofs of ridge training and Shapley values, settled on-chain`,
    '',
    'usage: zkml <command> [flags]        zkml <command> --help for its flags and examples',
    '       zkml --version',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'every command takes --json (one JSON document on stdout).',
    '',
    'environment:',
    ...ENVIRONMENT.map(([n, d]) => `  ${n.padEnd(envWidth)}  ${d}`),
    '',
    'exit codes: 0 success, 1 runtime error, 2 usage error.',
    '',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [
    `usage: zkml ${c.name}${c.args ? ` ${c.args}` : ''} [flags]`,
    c.summary,
    '',
    usage({ ...c.flags, json: { type: 'boolean', description: 'print the result as one JSON document' } }),
    '',
    'examples:',
    ...c.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

/** A usage error (bad command line): exit code 2. */
const isUsageError = (err: unknown) => err instanceof ZkmlError && (err.code.startsWith('ARGS_') || err.code === 'INPUT_BAD_OPTION' || err.code === 'UNKNOWN_COMMAND');

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const [name, ...rest] = argv.filter((a) => a !== '--json');
  let command: Command | undefined;
  try {
    if (name === '--version' || name === '-V') {
      process.stdout.write(json ? jsonResult('version', { version: packageVersion() }) : `${packageVersion()}\n`);
      return 0;
    }
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      process.stdout.write(help());
      return name ? 0 : 2;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) {
      const guess = closest(name, Object.keys(COMMANDS));
      throw new ZkmlError('UNKNOWN_COMMAND', `unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Run \`zkml --help\` for the list of commands.`);
    }
    command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    const result = await command.run(rest);
    if (json) process.stdout.write(jsonResult(command.name, result, sentTransactions()));
    else process.stdout.write(command.human ? command.human(result as never) : renderHuman(result));
    return 0;
  } catch (err) {
    if (process.env['ZKML_DEBUG']) console.error(err);
    const code = err instanceof ZkmlError ? err.code : 'INTERNAL';
    const message = err instanceof ZkmlError ? cliMessage(err) : `internal error: ${err instanceof Error ? err.message : String(err)} (set ZKML_DEBUG=1 for details)`;
    if (json) process.stdout.write(jsonError(command?.name ?? name, code, message, sentTransactions(err)));
    process.stderr.write(`zkml: ${message}\n`);
    return isUsageError(err) ? 2 : 1;
  }
}

// Relative paths are the user's: under `npm run`, npm moves to the package folder and says where
// the user was in INIT_CWD.
if (process.env['npm_lifecycle_event'] === 'zkml' && process.env['INIT_CWD']) process.chdir(process.env['INIT_CWD']);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
