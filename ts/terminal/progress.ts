/**
 * A tiny progress reporter for long steps (compile, witness, prove, send, confirm). It writes to
 * stderr so stdout stays machine-readable, and nothing at all when quiet:
 *
 * ```text
 * [2/6] proving ... 3.1 s
 * [3/6] submitting ... failed after 0.8 s
 * ```
 */

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** Print nothing (`--quiet`). */
  quiet?: boolean;
  /** Number of steps, for `[i/total]`; without it steps show as `[i]`. */
  total?: number;
  /** Where text goes; default `process.stderr.write`. */
  write?: (text: string) => void;
  /** Clock in milliseconds; default `performance.now`. */
  now?: () => number;
  /** Redraw a running step's elapsed time every 250 ms; default: when stderr is a terminal. */
  live?: boolean;
}

/** Formats a duration: `420 ms`, `3.1 s`, `2 min 05 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A running step; end it once with {@link StepHandle.done} or {@link StepHandle.fail}. */
export interface StepHandle {
  /** Ends the step and prints its time (and an optional note, e.g. `gas 702,114`). Returns the time in ms. */
  done(note?: string): number;
  /** Ends the step as failed and prints its time. Returns the time in ms. */
  fail(): number;
}

/** Step-by-step progress on stderr. */
export class Progress {
  private readonly quiet: boolean;
  private readonly total: number | undefined;
  private readonly out: (text: string) => void;
  private readonly now: () => number;
  private readonly live: boolean;
  private index = 0;
  /** The text of a step line printed without its newline yet, if any. */
  private open: string | undefined;

  /** Creates a reporter; see {@link ProgressOptions}. */
  constructor(options: ProgressOptions = {}) {
    this.quiet = options.quiet ?? false;
    this.total = options.total;
    this.out = options.write ?? ((text) => void process.stderr.write(text));
    this.now = options.now ?? (() => performance.now());
    this.live = options.live ?? (options.write === undefined && process.stderr.isTTY === true);
  }

  private write(text: string): void {
    if (!this.quiet) this.out(text);
  }

  /** Closes a half-printed step line so other text starts on its own line. */
  private breakLine(): void {
    if (this.open !== undefined) {
      this.write('\n');
      this.open = undefined;
    }
  }

  /** Starts the next step: prints `[i/total] label ...` and returns a handle to end it. */
  start(label: string): StepHandle {
    this.breakLine();
    this.index++;
    const prefix = `[${this.index}${this.total ? `/${this.total}` : ''}] ${label} ...`;
    this.write(prefix);
    this.open = prefix;
    const began = this.now();
    let ended = false;
    // On a terminal, a running step shows its elapsed time, redrawn in place (the timer never keeps Node alive).
    const ticker =
      this.live && !this.quiet
        ? setInterval(() => {
            if (this.open === prefix) this.out(`\r${prefix} ${formatDuration(this.now() - began)}`);
          }, 250)
        : undefined;
    ticker?.unref();
    const end = (suffix: (elapsed: string) => string): number => {
      const ms = this.now() - began;
      if (ended) return ms;
      ended = true;
      if (ticker) clearInterval(ticker);
      // Same line if nothing was printed since the start, otherwise repeat the step's label.
      const text = suffix(formatDuration(ms));
      if (this.open === prefix) this.write(this.live ? `\r${prefix} ${text}\x1b[K\n` : ` ${text}\n`);
      else this.write(`${this.open === undefined ? '' : '\n'}${prefix} ${text}\n`);
      this.open = undefined;
      return ms;
    };
    return {
      done: (note) => end((t) => (note ? `${t} (${note})` : t)),
      fail: () => end((t) => `failed after ${t}`),
    };
  }

  /** Runs `fn` as one step: prints its start and its time, also when it throws (then rethrows). */
  async step<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
    const handle = this.start(label);
    try {
      const result = await fn();
      handle.done();
      return result;
    } catch (err) {
      handle.fail();
      throw err;
    }
  }

  /** Prints one line of information (indented, on its own line). */
  info(line: string): void {
    this.breakLine();
    this.write(`      ${line}\n`);
  }
}
