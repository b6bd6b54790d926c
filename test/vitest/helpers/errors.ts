import { InputError } from '../../../ts/errors/index.js';

/** Runs `fn` and returns the InputError it throws; fails if it throws anything else or nothing. */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}
