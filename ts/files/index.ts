/**
 * Files: the package's own root and version, atomic writes and the lock for shared files.
 */
export { PACKAGE_NAME, PACKAGE_ROOT, packageVersion } from './package-root.js';
export { writeFileAtomic } from './atomic-write.js';
export { withFileLock } from './file-lock.js';
