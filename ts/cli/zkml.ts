#!/usr/bin/env -S npx tsx
/**
 * `zkml`: the command line of the SDK. Progress goes to stderr, results to stdout; any error is
 * one line on stderr and a non-zero exit (set ZKML_DEBUG=1 for the stack). Keys come from the
 * PRIVATE_KEY environment variable only, never from the command line.
 */
import { ZkmlError } from '../errors.js';
import { usage, type FlagSpecs } from '../terminal/args.js';

type Command = (argv: string[]) => void | Promise<void>;

/** A command, loaded on demand: `value` does not pay for viem, chain commands not for noir_js. */
interface CommandEntry {
  summary: string;
  args?: string;
  load: () => Promise<{ run: Command; flags: FlagSpecs }>;
}

const prove = () => import('./commands/prove.js');
const chain = () => import('./commands/chain.js');

const COMMANDS: Record<string, CommandEntry> = {
  value: { summary: 'train and compute every provider\'s Shapley value off-chain', load: async () => import('./commands/value.js').then((m) => ({ run: m.runValue, flags: m.valueFlags })) },
  prove: { summary: 'prove training and Shapley values (writes a proof JSON)', load: async () => prove().then((m) => ({ run: m.runProve, flags: m.proveFlags })) },
  verify: { summary: 'verify a proof JSON off-chain', args: 'PROOF', load: async () => prove().then((m) => ({ run: m.runVerify, flags: { quiet: m.proveFlags.quiet } })) },
  deploy: { summary: 'deploy the verifier and ZKMLIncentives (script/Deploy.s.sol; key from PRIVATE_KEY)', load: async () => chain().then((m) => ({ run: m.runDeploy, flags: m.deployFlags })) },
  'create-round': { summary: 'open a round and escrow its reward (the model owner)', load: async () => chain().then((m) => ({ run: m.runCreateRound, flags: m.createRoundFlags })) },
  commit: { summary: 'print a provider\'s data commitment (or the validation set\'s) from its CSV rows and salt', load: async () => chain().then((m) => ({ run: m.runCommit, flags: m.commitFlags })) },
  register: { summary: 'register the PRIVATE_KEY account as a provider of a round', load: async () => chain().then((m) => ({ run: m.runRegister, flags: m.registerFlags })) },
  submit: { summary: 'settle a round with a proof JSON of `zkml prove`', load: async () => chain().then((m) => ({ run: m.runSubmit, flags: m.submitFlags })) },
  withdraw: { summary: 'withdraw the PRIVATE_KEY account\'s credited rewards', load: async () => chain().then((m) => ({ run: m.runWithdraw, flags: m.withdrawFlags })) },
  status: { summary: 'show a round: state, providers, credits, context (JSON)', load: async () => chain().then((m) => ({ run: m.runStatus, flags: m.statusFlags })) },
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
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`zkml: unknown command "${name}".\n${help()}`);
    return 2;
  }
  const { run, flags } = await command.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: zkml ${name}${command.args ? ` ${command.args}` : ''} [flags]\n${command.summary}\n\n${usage(flags)}\n`);
    return 0;
  }
  await run(rest);
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
