import type { FlagSpecs } from '../terminal/index.js';
/**
 * The shape of one `zkml` command: one file per command under `ts/cli/commands/`, each exporting
 * a {@link Command}. Commands return their result; `zkml.ts` prints it (JSON with `--json`, a
 * readable rendering otherwise), so every command has the same output conventions.
 */

/** One command of the CLI. */
export interface Command {
  /** The word after `zkml`. */
  name: string;
  /** One line for `zkml --help`. */
  summary: string;
  /** Positional arguments for the usage line, e.g. `PROOF`. */
  args?: string;
  /** Example invocations for `zkml <command> --help`. */
  examples: readonly string[];
  /** The command's flags (`--json` is added by the CLI for every command). */
  flags: FlagSpecs;
  /** Runs with the arguments after the command name (without `--json`); returns the result to print. */
  run(argv: string[]): Promise<unknown>;
  /** Human rendering of the result; default: indented `key: value` lines. */
  human?(result: never): string;
}
