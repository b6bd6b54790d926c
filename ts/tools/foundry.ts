/**
 * `tsx ts/tools/foundry.ts <forge|cast|anvil> [args...]`: runs the native Foundry binary from npm
 * in the working directory and exits with ITS status (the npm launcher `npx forge` exits 0 even
 * when forge fails; see ts/dev/foundry.ts). Used by the package scripts and CI.
 */
import { FOUNDRY_TOOLS, runFoundrySync, type FoundryTool } from '../dev/foundry.js';
import { ZkmlError } from '../errors/index.js';

const [tool, ...args] = process.argv.slice(2);
if (!FOUNDRY_TOOLS.includes(tool as FoundryTool)) {
  process.stderr.write(`usage: tsx ts/tools/foundry.ts <${FOUNDRY_TOOLS.join('|')}> [args...]\n`);
  process.exitCode = 2;
} else {
  try {
    process.exitCode = runFoundrySync(tool as FoundryTool, args, { cwd: process.cwd(), inherit: true }).status;
  } catch (err) {
    process.stderr.write(`${err instanceof ZkmlError ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
