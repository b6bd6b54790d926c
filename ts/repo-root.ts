import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (one level above `ts/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
