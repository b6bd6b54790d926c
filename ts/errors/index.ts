/**
 * Typed errors of the SDK. Every message says what went wrong and what the user can do about it;
 * the CLI prints `message` alone (no stack trace), adding the flag to use where an SDK input is
 * a flag (from `details`), and exits non-zero. Library messages name SDK inputs, never CLI flags.
 */
export class ZkmlError extends Error {
  /** A stable machine-readable code, e.g. `CRS_MISSING`, `INPUT_OUT_OF_RANGE`. */
  readonly code: string;
  /**
   * What the message is about, machine-readable, for a caller that words its own advice (the CLI
   * names its flags from it): e.g. `{ roundId: '3' }`, `{ mismatch: 'context', expected: '0x…' }`.
   */
  readonly details: Readonly<Record<string, string>>;
  constructor(code: string, message: string, options?: ZkmlErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZkmlError';
    this.code = code;
    this.details = options?.details ?? {};
  }
}

/** Options of every {@link ZkmlError}: the cause, and the error's {@link ZkmlError.details}. */
export interface ZkmlErrorOptions {
  cause?: unknown;
  details?: Readonly<Record<string, string>>;
}

/** Bad user input (CSV, numbers, CLI flags). Nothing was proven or sent. */
export class InputError extends ZkmlError {
  constructor(code: string, message: string, options?: ZkmlErrorOptions) {
    super(code, message, options);
    this.name = 'InputError';
  }
}

/** The proving toolchain (bb, CRS, Noir) could not run. */
export class ToolchainError extends ZkmlError {
  constructor(code: string, message: string, options?: ZkmlErrorOptions) {
    super(code, message, options);
    this.name = 'ToolchainError';
  }
}

/** A chain interaction failed (wrong chain, unfunded account, reverted transaction). */
export class ChainError extends ZkmlError {
  constructor(code: string, message: string, options?: ZkmlErrorOptions) {
    super(code, message, options);
    this.name = 'ChainError';
  }
}
