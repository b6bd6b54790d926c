#!/usr/bin/env -S npx tsx
/**
 * `zkml`: the command line of the SDK. Progress goes to stderr, results to stdout; any error is
 * one line on stderr and a non-zero exit (set ZKML_DEBUG=1 for the stack).
 */
import { ZkmlError } from '../errors.js';
import { usage, type FlagSpecs } from './args.js';
import { proveFlags, runProve, runVerify } from './commands/prove.js';
import { runValue, valueFlags } from './commands/value.js';

type Command = (argv: string[]) => void | Promise<void>;

const COMMANDS: Record<string, { run: Command; summary: string; flags: FlagSpecs; args?: string }> = {
  value: { run: runValue, flags: valueFlags, summary: 'train and compute every provider\'s Shapley value off-chain' },
  prove: { run: runProve, flags: proveFlags, summary: 'prove training and Shapley values (writes a proof JSON)' },
  verify: { run: runVerify, flags: { quiet: proveFlags.quiet }, args: 'PROOF', summary: 'verify a proof JSON off-chain' },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: zkml <command> [flags]   (zkml <command> --help for its flags)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`zkml: unknown command "${name}".\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: zkml ${name}${command.args ? ` ${command.args}` : ''} [flags]\n${command.summary}\n\n${usage(command.flags)}\n`);
    return 0;
  }
  await command.run(rest);
  return 0;
}

main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    if (process.env.ZKML_DEBUG) console.error(err);
    const message = err instanceof ZkmlError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)} (set ZKML_DEBUG=1 for details)`;
    process.stderr.write(`zkml: ${message}\n`);
    process.exitCode = 1;
  });
