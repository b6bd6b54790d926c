/**
 * In-process Solidity compilation for the gas benchmark: the pinned npm `solc` (the compiler the
 * Foundry shim uses) with the settings of `foundry.toml` (optimizer on, 200 runs, evmVersion
 * cancun, no via-IR), and library linking for the standard verifier (its `RelationsLib` and
 * `ZKTranscriptLib` have external functions, so they are deployed separately and linked). The
 * optimized verifiers and `ZKMLIncentives` link nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { PACKAGE_ROOT } from '../ts/files/package-root.js';

const require = createRequire(import.meta.url);
const solc = require('solc') as { compile(input: string, callbacks?: { import: (path: string) => { contents: string } | { error: string } }): string; version(): string };

/** Compiler settings of `foundry.toml`. */
export const SOLC_SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun', viaIR: false } as const;

/** Version string of the npm solc used. */
export const solcVersion = (): string => solc.version();

/** Byte offsets of library placeholders, as in standard-JSON `linkReferences`. */
type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>;

/** One compiled contract. */
export interface CompiledContract {
  /** `source:Name`. */
  id: string;
  abi: Abi;
  /** Creation code, hex without placeholders filled. */
  bytecode: string;
  linkReferences: LinkReferences;
  /** Runtime code size in bytes (after linking placeholders are 20 bytes too). */
  runtimeBytes: number;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string; linkReferences: LinkReferences }; deployedBytecode: { object: string } } }>>;
}

/** Resolves imports from the repository (`contracts/...`) and node_modules (`@openzeppelin/...`). */
function findImport(path: string): { contents: string } | { error: string } {
  for (const candidate of [join(PACKAGE_ROOT, path), join(PACKAGE_ROOT, 'node_modules', path)]) {
    if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') };
  }
  return { error: `File not found: ${path}` };
}

/**
 * Compiles `sources` (path → content; imports are read from the repository) and returns every
 * contract with bytecode. Throws with solc's messages on any error.
 */
export function compileSolidity(sources: Record<string, string>): Map<string, CompiledContract> {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([path, content]) => [path, { content }])),
    settings: {
      ...SOLC_SETTINGS,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const out = new Map<string, CompiledContract>();
  for (const [source, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      if (!c.evm.bytecode.object) continue; // interfaces, abstract contracts
      out.set(`${source}:${name}`, {
        id: `${source}:${name}`,
        abi: c.abi,
        bytecode: c.evm.bytecode.object,
        linkReferences: c.evm.bytecode.linkReferences ?? {},
        runtimeBytes: c.evm.deployedBytecode.object.length / 2,
      });
    }
  }
  return out;
}

/** Libraries `contract` links against, as `source:Name`. */
export function libraryIds(contract: CompiledContract): string[] {
  return Object.entries(contract.linkReferences).flatMap(([source, libs]) => Object.keys(libs).map((name) => `${source}:${name}`));
}

/** Creation code with every library placeholder replaced by its address. */
export function linkBytecode(contract: CompiledContract, addresses: ReadonlyMap<string, string>): Hex {
  let code = contract.bytecode;
  for (const [source, libs] of Object.entries(contract.linkReferences)) {
    for (const [name, refs] of Object.entries(libs)) {
      const address = addresses.get(`${source}:${name}`);
      if (!address) throw new Error(`${contract.id}: no address for library ${source}:${name}`);
      const hex = address.toLowerCase().replace(/^0x/, '').padStart(40, '0');
      for (const { start, length } of refs) {
        if (length !== 20) throw new Error(`${contract.id}: unexpected link reference length ${length}`);
        code = code.slice(0, 2 * start) + hex + code.slice(2 * (start + length));
      }
    }
  }
  if (/__\$[0-9a-f]{34}\$__/.test(code)) throw new Error(`${contract.id}: unlinked library placeholder left`);
  return `0x${code}`;
}

/**
 * Compiles `ZKMLIncentives` from the repository's sources, as shipped. Its libraries
 * (`PublicInputs`, `Grumpkin`, `Payout`, `ZkmlLayout`) have only internal functions, so they are
 * inlined and nothing is linked; this throws if that ever changes (the deployment would need them).
 */
export function compileIncentives(): CompiledContract {
  const main = 'contracts/ZKMLIncentives.sol';
  const contract = compileSolidity({ [main]: readFileSync(join(PACKAGE_ROOT, main), 'utf8') }).get(`${main}:ZKMLIncentives`);
  if (!contract) throw new Error('solc produced no ZKMLIncentives');
  if (libraryIds(contract).length > 0) throw new Error(`ZKMLIncentives links external libraries (${libraryIds(contract).join(', ')}); the bench deploys none`);
  return contract;
}

/**
 * A MOCK registration verifier that accepts every proof. Used only for a shape whose registration
 * circuit has no artifact yet, so that its K providers can register and the real settlement proof
 * can be submitted: `submit` never calls the registration verifier, so its gas is unaffected.
 * No registration gas is reported with it.
 */
export const MOCK_REGISTRATION_VERIFIER = 'BenchMockAcceptingRegistrationVerifier';

const MOCK_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
/// MOCK (bench only): accepts every proof. Stands in for a registration verifier not built yet.
contract ${MOCK_REGISTRATION_VERIFIER} {
    function verify(bytes calldata, bytes32[] calldata) external pure returns (bool) {
        return true;
    }
}
`;

/** Compiles {@link MOCK_REGISTRATION_VERIFIER}. */
export function compileMockRegistrationVerifier(): { verifier: CompiledContract; all: Map<string, CompiledContract> } {
  return compileVerifier(MOCK_SOURCE, MOCK_REGISTRATION_VERIFIER);
}

/** Compiles a generated verifier (self-contained source) and returns it and the libraries it links. */
export function compileVerifier(source: string, contractName: string): { verifier: CompiledContract; all: Map<string, CompiledContract> } {
  const all = compileSolidity({ [`${contractName}.sol`]: source });
  const verifier = all.get(`${contractName}.sol:${contractName}`);
  if (!verifier) throw new Error(`solc produced no ${contractName}`);
  return { verifier, all };
}
