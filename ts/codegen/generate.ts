import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { PACKAGE_ROOT } from '../files/package-root.js';

/** A generated file: where it goes and its exact content. */
export interface GeneratedFile {
  path: string;
  content: string;
}

/** Writes a generated file atomically (temp file + rename, creating its folder) and logs its path relative to the package. */
export function writeGenerated(file: GeneratedFile, log: (line: string) => void): void {
  mkdirSync(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.content);
  renameSync(tmp, file.path);
  log(`  wrote ${relative(PACKAGE_ROOT, file.path)}`);
}
