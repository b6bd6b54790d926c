/**
 * What `npm pack` ships: an allowlist, checked against the real `npm pack --dry-run --json` (its
 * `prepack` builds dist/ first). Every file must match an allowed pattern; the compiled modules
 * must be exactly those tsconfig.build.json compiles, each reachable from an entry of the
 * manifest and importing only declared packages; the artifacts and verifiers exactly the shipped
 * shapes'; and what the SDK needs at run time must be there. The same checks are fed planted
 * faults (a dev helper, a toy artifact, a fixture, a missing VK, a devDependency import).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { SHAPES, registerCircuitName, settlementCircuitName, verifierFile, verifierName, type ShapeCircuit } from '../../../ts/protocol/shapes/index.js';
import { manifestEntries, moduleProblems, packProblems, type PackExpectation } from './pack-files.js';

interface Manifest {
  name: string;
  license: string;
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  typesVersions: Record<string, Record<string, string[]>>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Manifest;
let files: string[] = [];

/** The modules tsconfig.build.json compiles, as their dist/ outputs. */
function compiledOutputs(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(PACKAGE_ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!config) throw new Error('cannot read tsconfig.build.json');
  return config.fileNames.flatMap((f) => {
    const stem = relative(join(PACKAGE_ROOT, 'ts'), f).replace(/\.ts$/, '');
    return [`dist/${stem}.js`, `dist/${stem}.d.ts`];
  });
}

/** Every Solidity source of the repository's contracts/ outside the generated verifiers. */
function contractSources(dir = 'contracts'): string[] {
  return readdirSync(join(PACKAGE_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return path === 'contracts/generated/verifiers' ? [] : contractSources(path);
    return path.endsWith('.sol') ? [path] : [];
  });
}

/** The shipped shapes' circuits, verification keys and verifiers. */
function shapeFiles(): string[] {
  return SHAPES.flatMap((shape) => [
    ...[settlementCircuitName(shape), registerCircuitName(shape)].flatMap((c) => [`noir/artifacts/${c}.json`, `noir/artifacts/${c}.vk.json`]),
    ...(['zkml', 'register'] as ShapeCircuit[]).flatMap((c) => [verifierFile(verifierName(c, shape, false)), verifierFile(verifierName(c, shape, true))]),
  ]);
}

const DOCS = ['package.json', 'README.md', 'LICENSE', 'contracts/README.md', 'noir/README.md'];
const TABLES = ['dist/data/tables/penguins.csv', 'dist/data/tables/weather.csv', 'dist/data/tables/README.md'];

function expectation(): PackExpectation {
  return {
    required: [...DOCS, ...TABLES, ...compiledOutputs(), ...contractSources(), ...shapeFiles(), ...manifestEntries(manifest)],
    exact: [/^dist\//, /^noir\/artifacts\//, /^contracts\/.*\.sol$/],
  };
}

const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
const readShipped = (file: string) => readFileSync(join(PACKAGE_ROOT, file), 'utf8');

beforeAll(() => {
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { files: { path: string }[] }[];
  files = info!.files.map((f) => f.path).sort();
}, 300_000);

describe('npm pack --dry-run', () => {
  it('ships exactly the allowlist: the SDK, its artifacts and the documented Solidity, nothing else', () => {
    const problems = packProblems(files, expectation());
    expect(problems).toEqual({ notAllowed: [], forbidden: [], missing: [], unexpected: [] });
    // The entries an integrator reaches for, named once more in plain words.
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/zkml.js', 'LICENSE', 'noir/artifacts/zkml-k8d1n128.vk.json', 'noir/artifacts/register-k5d4n109.json', 'contracts/ZKMLIncentives.sol']) expect(files, f).toContain(f);
  });

  it('ships compiled modules every one of which an entry reaches, importing only declared packages', () => {
    const { unreachable, undeclared } = moduleProblems(files, readShipped, manifestEntries(manifest), declared);
    expect(unreachable).toEqual([]);
    expect(undeclared).toEqual([]);
  });

  it('reports a planted extra file, a missing one and an artifact of an unshipped shape', () => {
    const planted = [...files.filter((f) => f !== 'noir/artifacts/zkml-k6d3n88.vk.json' && f !== 'LICENSE'), 'dist/dev/anvil.js', 'dist/chain/anvil.js', 'noir/artifacts/toy.json', 'test/fixtures/consumer/round.mjs', 'noir/artifacts/zkml-k5d4n200.json', 'contracts/generated/verifiers/ToyHonkVerifier.sol', 'dist/index.js.map', 'ts/index.ts'];
    const problems = packProblems(planted, expectation());
    expect(problems.missing.sort()).toEqual(['LICENSE', 'noir/artifacts/zkml-k6d3n88.vk.json']);
    expect(problems.notAllowed.sort()).toEqual(['contracts/generated/verifiers/ToyHonkVerifier.sol', 'dist/dev/anvil.js', 'dist/index.js.map', 'noir/artifacts/toy.json', 'test/fixtures/consumer/round.mjs', 'ts/index.ts']);
    expect(problems.forbidden).toEqual(expect.arrayContaining(['dist/dev/anvil.js', 'dist/chain/anvil.js', 'noir/artifacts/toy.json', 'test/fixtures/consumer/round.mjs', 'ts/index.ts']));
    // Allowed by pattern, but not one of the shipped shapes / compiled modules.
    expect(problems.unexpected.sort()).toEqual(['dist/chain/anvil.js', 'dist/dev/anvil.js', 'dist/index.js.map', 'noir/artifacts/toy.json', 'noir/artifacts/zkml-k5d4n200.json', 'contracts/generated/verifiers/ToyHonkVerifier.sol'].sort());
  });

  it('reports a module no entry reaches and an import of an undeclared package', () => {
    const planted: Record<string, string> = {
      'dist/index.js': "export * from './a.js';\nexport const later = () => import('./lazy.js');",
      'dist/index.d.ts': "export * from './a.js';",
      'dist/a.js': "import { spawn } from 'node:child_process';\nimport { Resvg } from '@resvg/resvg-js';\nexport const x = 1;",
      'dist/a.d.ts': "import type { T } from './types-only.js';\nexport declare const x: T;",
      'dist/types-only.js': 'export {};',
      'dist/types-only.d.ts': "import type { Hex } from 'viem';\nexport type T = Hex;",
      'dist/lazy.js': "import fs from 'fs';\nexport const y = fs;",
      'dist/dev/anvil.js': "import { foundryBinary } from '../toolchain/foundry.js';",
      'dist/toolchain/foundry.js': "export const foundryBinary = () => 'anvil';",
    };
    const problems = moduleProblems(Object.keys(planted), (f) => planted[f]!, ['dist/index.js', 'dist/index.d.ts'], new Set(['viem']));
    expect(problems.unreachable).toEqual(['dist/dev/anvil', 'dist/toolchain/foundry']);
    expect(problems.undeclared).toEqual([{ file: 'dist/a.js', specifier: '@resvg/resvg-js' }]);
  });
});

describe('the manifest', () => {
  it('declares the OpenZeppelin contracts the shipped Solidity imports, as an optional peer the repository builds with', () => {
    const imported = new Set(contractSources().flatMap((f) => [...readFileSync(join(PACKAGE_ROOT, f), 'utf8').matchAll(/^import .* from "(@[^/"]+\/[^/"]+)\//gm)].map((m) => m[1]!)));
    expect([...imported]).toEqual(['@openzeppelin/contracts']);
    expect(manifest.peerDependencies['@openzeppelin/contracts']).toBe('^5.4.0');
    expect(manifest.peerDependenciesMeta?.['@openzeppelin/contracts']?.optional).toBe(true);
    const dev = manifest.devDependencies['@openzeppelin/contracts']!;
    expect(dev.split('.')[0]).toBe('5');
    expect(Number(dev.split('.')[1])).toBeGreaterThanOrEqual(4);
    expect(manifest.dependencies['@openzeppelin/contracts']).toBeUndefined();
  });

  it('maps every typed subpath export for node10 resolution (typesVersions) to the same declarations', () => {
    const typed = Object.entries(manifest.exports).filter(([k, v]) => k !== '.' && typeof v !== 'string');
    const mapped = manifest.typesVersions['*']!;
    expect(Object.keys(mapped).sort()).toEqual(typed.map(([k]) => k.slice(2)).sort());
    for (const [k, v] of typed) expect(mapped[k.slice(2)], k).toEqual([(v as Record<string, string>)['types']]);
  });

  it('has the MIT LICENSE package.json names', () => {
    expect(manifest.license).toBe('MIT');
    const license = readFileSync(join(PACKAGE_ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 zkml-incentives contributors\n/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});
