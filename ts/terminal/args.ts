/**
 * The argv parser of the `zkml` CLI: node:util `parseArgs` tokenises; this layer adds typed
 * flags, required flags, integers and messages a user can act on.
 *
 * Flags are `--name value`, `--name=value`, boolean `--name`, or a one-letter `-n` alias; `--`
 * ends the flags. Every mistake is an {@link InputError} with a message the user can act on
 * (unknown flag with a suggestion, missing value, missing required flag, bad integer, repeated
 * flag, unexpected positional argument).
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { InputError } from '../errors/index.js';

/** Kind of value a flag takes. */
export type FlagType = 'string' | 'boolean' | 'integer';

/** Declaration of one flag. */
export interface FlagSpec {
  type: FlagType;
  /** A required flag must be given (not allowed for booleans). */
  required?: boolean;
  /** One-letter alias, e.g. `q` for `-q`. */
  short?: string;
  /** One line for the usage text. */
  description?: string;
  /** Placeholder in the usage text, e.g. `FILE`. */
  placeholder?: string;
}

/** Flag declarations by name (the name as typed after `--`). */
export type FlagSpecs = Record<string, FlagSpec>;

type ValueOf<F extends FlagSpec> = F['type'] extends 'boolean' ? boolean : F['type'] extends 'integer' ? number : string;

/** Parsed flags: booleans are always present, required flags are present, others may be undefined. */
export type ParsedFlags<S extends FlagSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean' ? boolean : S[K] extends { required: true } ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/** Options of {@link parseArgs}. */
export interface ParseArgsOptions {
  /** Command name for messages, e.g. `zkml value`. */
  command?: string;
  /** How many positional arguments are allowed (default 0..0). */
  positionals?: { min?: number; max?: number; names?: string[] };
  /** Extra advice for specific unknown flags, e.g. `{ 'private-key': 'set PRIVATE_KEY in the environment' }`. */
  hints?: Record<string, string>;
}

/** Result of {@link parseArgs}. */
export interface ParsedArgs<S extends FlagSpecs> {
  flags: ParsedFlags<S>;
  positionals: string[];
}

function argsError(code: string, message: string): never {
  throw new InputError(code, message);
}

/** Edit distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `word` (edit distance), if close enough to suggest ("did you mean"). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function suggestion(name: string, spec: FlagSpecs): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const known of Object.keys(spec)) {
    const d = distance(name, known);
    if (d < bestD) [best, bestD] = [known, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? ` Did you mean --${best}?` : '';
}

/**
 * Parses `argv` (without the node and script paths) against `spec`.
 * @example
 * const { flags } = parseArgs(['--data', 'd.csv', '--json'], {
 *   data: { type: 'string', required: true }, json: { type: 'boolean' },
 * });
 * flags.data; // string
 * flags.json; // boolean
 * @throws InputError `ARGS_UNKNOWN_FLAG`, `ARGS_MISSING_VALUE`, `ARGS_MISSING_FLAG`,
 *   `ARGS_BAD_VALUE`, `ARGS_REPEATED_FLAG`, `ARGS_POSITIONAL`
 */
export function parseArgs<const S extends FlagSpecs>(argv: readonly string[], spec: S, options: ParseArgsOptions = {}): ParsedArgs<S> {
  const cmd = options.command ? `${options.command}: ` : '';
  const help = options.command ? ` Run \`${options.command} --help\` for the list of flags.` : '';
  for (const [name, f] of Object.entries(spec)) {
    if (f.required && f.type === 'boolean') throw new Error(`parseArgs: boolean flag --${name} cannot be required`);
  }
  const values = new Map<string, string | boolean | number>();
  const positionals: string[] = [];
  // Tokenising is node:util's parseArgs; the checks and messages below are ours.
  const nodeOptions = Object.fromEntries(
    Object.entries(spec).map(([name, f]) => [name, { type: f.type === 'boolean' ? ('boolean' as const) : ('string' as const), multiple: true, ...(f.short ? { short: f.short } : {}) }]),
  );
  // Two conventions node:util does not know: a negative number (or '-') after a valued flag is its
  // value, and a switch may be written --name=true / --name=false.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const f = long && Object.hasOwn(spec, long[1]!) ? spec[long[1]!] : undefined;
    if (f?.type === 'boolean' && long?.[2] !== undefined) {
      if (long[2] !== 'true' && long[2] !== 'false') argsError('ARGS_BAD_VALUE', `${cmd}--${long[1]} is a switch: write --${long[1]} alone (or =true / =false), not ${arg}.`);
      if (long[2] === 'true') args.push(`--${long[1]}`);
      continue;
    }
    const next = argv[i + 1];
    if (f && f.type !== 'boolean' && long?.[2] === undefined && next !== undefined && /^-(\d|\.\d|$)/.test(next)) {
      args.push(`--${long![1]}=${next}`);
      i++;
      continue;
    }
    args.push(arg);
  }
  let tokens: ReturnType<typeof nodeParseArgs>['tokens'];
  try {
    ({ tokens } = nodeParseArgs({ args, options: nodeOptions, strict: true, allowPositionals: true, tokens: true }));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: string }).code;
    const flag = /'(-{1,2}[^'\s]+)'/.exec(message)?.[1] ?? '';
    const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const hint = options.hints?.[name];
      if (!flag.startsWith('--') && flag.length > 2) argsError('ARGS_UNKNOWN_FLAG', `${cmd}unknown flag ${flag}; flags are written --name.${help}`);
      argsError('ARGS_UNKNOWN_FLAG', `${cmd}unknown flag ${flag.startsWith('--') ? flag : flag}.${hint ? ` ${hint}` : suggestion(name, spec)}${help}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const f = spec[name];
      if (f?.type === 'boolean') argsError('ARGS_BAD_VALUE', `${cmd}--${name} is a switch: write --${name} alone, without a value.`);
      argsError('ARGS_MISSING_VALUE', `${cmd}--${name} needs a value: --${name} ${f?.placeholder ?? (f?.type === 'integer' ? 'N' : 'VALUE')} (a value starting with - is written --${name}=-…).`);
    }
    argsError('ARGS_BAD_VALUE', `${cmd}${message}.${help}`);
  }
  for (const token of tokens ?? []) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const name = token.name;
    const f = spec[name]!;
    if (values.has(name)) argsError('ARGS_REPEATED_FLAG', `${cmd}--${name} is given more than once; give it once.`);
    if (f.type === 'boolean') {
      values.set(name, true);
      continue;
    }
    const value = token.value ?? '';
    if (f.type === 'integer') {
      if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
        argsError('ARGS_BAD_VALUE', `${cmd}--${name} must be an integer, got ${JSON.stringify(value)}.`);
      }
      values.set(name, Number(value));
    } else {
      if (value === '') argsError('ARGS_MISSING_VALUE', `${cmd}--${name} needs a non-empty value.`);
      values.set(name, value);
    }
  }

  for (const [name, f] of Object.entries(spec)) {
    if (f.required && !values.has(name)) {
      argsError('ARGS_MISSING_FLAG', `${cmd}missing required flag --${name}${f.placeholder ? ` ${f.placeholder}` : ''}${f.description ? ` (${f.description})` : ''}.${help}`);
    }
    if (f.type === 'boolean' && !values.has(name)) values.set(name, false);
  }

  const min = options.positionals?.min ?? 0;
  const max = options.positionals?.max ?? min;
  const names = options.positionals?.names ?? [];
  if (positionals.length > max) {
    const extra = positionals[max] ?? '';
    argsError('ARGS_POSITIONAL', max === 0 ? `${cmd}unexpected argument ${JSON.stringify(extra)}; this command takes only --flags.${help}` : `${cmd}too many arguments (at most ${max}); unexpected ${JSON.stringify(extra)}.${help}`);
  }
  if (positionals.length < min) {
    const missing = names[positionals.length] ?? `argument ${positionals.length + 1}`;
    argsError('ARGS_POSITIONAL', `${cmd}missing ${missing}.${help}`);
  }

  return { flags: Object.fromEntries(values) as ParsedFlags<S>, positionals };
}

/** Usage lines for a flag spec, one flag a line, for `--help`. */
export function usage(spec: FlagSpecs): string {
  const rows = Object.entries(spec).map(([name, f]) => {
    const left = `${f.short ? `-${f.short}, ` : '    '}--${name}${f.type === 'boolean' ? '' : ` ${f.placeholder ?? (f.type === 'integer' ? 'N' : 'VALUE')}`}`;
    return [left, `${f.description ?? ''}${f.required ? ' (required)' : ''}`] as const;
  });
  const width = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`.trimEnd()).join('\n');
}
