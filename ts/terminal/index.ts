/** The door of ts/terminal/ (internal to the package: the CLI and the demo use it). */
export { closest, parseArgs, usage, type FlagSpecs } from './args.js';
export { Progress, formatDuration } from './progress.js';
export { table } from './table.js';
