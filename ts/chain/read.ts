/** The one wrapper of every chain read: what was being read names the typed error (`explainChainError`). */
import { explainChainError } from './errors.js';

/**
 * Runs one read; anything it throws becomes a typed ChainError saying what was being read.
 * @param action e.g. `reading round 3`
 */
export async function chainRead<T>(action: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw explainChainError(err, action);
  }
}
