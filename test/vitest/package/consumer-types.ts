/**
 * A tiny TypeScript consumer of the installed package, and the compiler settings it is checked
 * under (consumer.test.ts). It imports every door (`zkml-incentives`, `/prover`, `/chain`, `/round`,
 * `/data`, `/abi`) and holds one deliberate type error under `@ts-expect-error`, so declarations that
 * resolve to `any` (or not at all) fail the check instead of passing it.
 */
import { join } from 'node:path';

export const TS_CONSUMER_FILE = 'consumer.ts';

export const TS_CONSUMER = `import { SHAPES, ZkmlProver, connect, toFixed, type ZkmlClient } from 'zkml-incentives';
import { readVk } from 'zkml-incentives/prover';
import { deployContracts, type Deployment } from 'zkml-incentives/chain';
import { loadPenguins } from 'zkml-incentives/data';
import { settleRound } from 'zkml-incentives/round';
import { zkmlIncentivesAbi } from 'zkml-incentives/abi';

export const prover: Promise<ZkmlProver> = ZkmlProver.create({ crsPath: '/crs' });
export const client = (rpcUrl: string): Promise<ZkmlClient> => connect({ rpcUrl, contract: '0x0000000000000000000000000000000000000001' });
export const deploy: (rpcUrl: string) => Promise<Deployment> = (rpcUrl) => deployContracts({ rpcUrl, account: '0x${'11'.repeat(32)}' });
export const fixed: bigint = toFixed('1.5', 10_000n);
export const vk: Uint8Array = readVk('zkml-k8d1n128');
export const shapes: number = SHAPES.length;
export const settle: typeof settleRound = settleRound;
export const validationRows: number = loadPenguins().validation.rows.length;
export const functions: string[] = zkmlIncentivesAbi.filter((x) => x.type === 'function').map((x) => x.name);
// @ts-expect-error the declarations are real types, not any: a number is no crsPath
export const wrong = ZkmlProver.create({ crsPath: 1 });
`;

/** A CommonJS file (`.cts`) importing the package: ESM only, so TypeScript under node16 refuses it (TS1479). */
export const CJS_CONSUMER = `import { toFixed } from 'zkml-incentives';
export const fixed: bigint = toFixed('1.5', 10_000n);
`;

/**
 * Compiler options of a consumer: `node16` (ESM, `module` and `moduleResolution` node16, every
 * declaration checked: `skipLibCheck` off) or `node10` (`moduleResolution` node10 with CommonJS
 * output and the usual `esModuleInterop` and `skipLibCheck`, where only `typesVersions` finds the
 * subpaths' declarations). Node's own types come from the repository's `@types/node`, as a Node
 * app has them.
 */
export function consumerTsconfig(resolution: 'node16' | 'node10', files: string[], typeRoots: string, overrides: { skipLibCheck?: boolean } = {}): object {
  const common = { target: 'ES2022', strict: true, noEmit: true, types: ['node'], typeRoots: [typeRoots] };
  const options =
    resolution === 'node16'
      ? { ...common, module: 'node16', moduleResolution: 'node16', skipLibCheck: false }
      : { ...common, module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true, skipLibCheck: true };
  return { compilerOptions: { ...options, ...overrides }, files };
}

/** The repository's TypeScript compiler (`tsc`), run with node. */
export const tscOf = (root: string) => join(root, 'node_modules', 'typescript', 'bin', 'tsc');
