import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm package name; the folder holding its package.json is {@link PACKAGE_ROOT}. */
export const PACKAGE_NAME = 'zkml-incentives';

/**
 * The package's root folder: the nearest ancestor of this module whose package.json is named
 * {@link PACKAGE_NAME}. The same code runs from `ts/` (source, through tsx) and from `dist/`
 * (compiled, in an installed package), so artifacts, ABIs and the CLI's version are found relative
 * to the installed package, never relative to the caller's working directory.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
      } catch {
        // not our manifest; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: cannot find its own package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();

/** The package's version (package.json). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
