/**
 * Typed errors of the SDK. Every message says what went wrong and what the user can do about it;
 * the CLI prints `message` alone (no stack trace) and exits non-zero.
 */
export class ZkmlError extends Error {
  /** A stable machine-readable code, e.g. `CRS_MISSING`, `INPUT_OUT_OF_RANGE`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ZkmlError';
    this.code = code;
  }
}

/** Bad user input (CSV, numbers, CLI flags). Nothing was proven or sent. */
export class InputError extends ZkmlError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'InputError';
  }
}

/** The proving toolchain (bb, CRS, Noir) could not run. */
export class ToolchainError extends ZkmlError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ToolchainError';
  }
}

/** A chain interaction failed (wrong chain, unfunded account, reverted transaction). */
export class ChainError extends ZkmlError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ChainError';
  }
}
