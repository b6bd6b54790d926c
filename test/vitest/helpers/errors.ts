import { InputError, ZkmlError } from '../../../ts/errors/index.js';

/** Runs `fn` and returns the error of class `type` it throws; fails if it throws anything else or nothing. */
export function thrown<E extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected a ${type.name}`);
}

/** Runs `fn` and returns the InputError it throws; fails if it throws anything else or nothing. */
export const inputError = (fn: () => unknown): InputError => thrown(fn, InputError);

/** Runs `fn` and returns the ZkmlError it throws; fails if it throws anything else or nothing. */
export const zkmlError = (fn: () => unknown): ZkmlError => thrown(fn, ZkmlError);
