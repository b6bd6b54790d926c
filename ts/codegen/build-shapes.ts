/**
 * `npx tsx ts/codegen/build-shapes.ts [--shape k9d1n64 | --shape K,D,N[,NVAL]]...`: builds the
 * settlement and registration circuits of the given shapes (shipped or not) through the one
 * pipeline (`./builds.ts`) and writes their files; without `--shape`, every shipped shape. Unlike
 * `npm run build` it regenerates nothing else (no toy slice, fixtures, ABIs or shape list).
 */
import { SHAPES } from '../protocol/shapes/index.js';
import { startProvingBarretenberg } from '../toolchain/barretenberg.js';
import { circuitBuilds, generateBuild, TOY_BUILD } from './builds.js';
import { writeGenerated } from './generate.js';
import { shapeArgs } from './shape-args.js';

async function cli(): Promise<void> {
  const wanted = shapeArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(line + '\n');
  const api = await startProvingBarretenberg({ log });
  try {
    for (const build of circuitBuilds(wanted.length ? wanted : SHAPES).filter((b) => b !== TOY_BUILD)) {
      for (const f of (await generateBuild(api, build, log)).files) writeGenerated(f, log);
    }
  } finally {
    await api.destroy();
  }
}

cli().catch((err: unknown) => {
  process.stderr.write(`build-shapes: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
