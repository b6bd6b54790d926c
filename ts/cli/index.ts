/** The door of ts/cli/ (internal to the package: the CLI and the demo use it). */
export { parseEthAmount } from './commands/chain-common.js';
