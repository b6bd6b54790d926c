/**
 * ts/dev/foundry.ts runs the native Foundry binaries and reports THEIR exit status. Why it
 * exists: the npm launcher (`node_modules/.bin/forge`, @foundry-rs/forge 1.7.1 bin.mjs) exits 0
 * even when forge fails, so a broken contract test or deploy would look like success.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ToolchainError } from '../../../ts/errors/index.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';
import { FOUNDRY_TOOLS, foundryBinary, foundryPlatformPackage, requireSuccess, runFoundry, runFoundrySync } from '../../../ts/dev/foundry.js';

const FAILING = ['inspect', 'ZzNoSuchContract', 'abi'];

describe('Foundry binaries', () => {
  it('are the platform packages of @foundry-rs, not the npm launcher', () => {
    for (const tool of FOUNDRY_TOOLS) {
      expect(foundryBinary(tool)).toContain(join('node_modules', foundryPlatformPackage(tool), 'bin', tool));
      expect(runFoundrySync(tool, ['--version']).status).toBe(0);
    }
    expect(foundryPlatformPackage('forge', 'linux', 'x64')).toBe('@foundry-rs/forge-linux-amd64');
    expect(foundryPlatformPackage('anvil', 'darwin', 'arm64')).toBe('@foundry-rs/anvil-darwin-arm64');
  });

  it('the npm launcher exits 0 although forge failed (the reason for the helper)', () => {
    const launcher = spawnSync(join(PACKAGE_ROOT, 'node_modules', '.bin', 'forge'), FAILING, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    expect(launcher.stderr).toMatch(/No contract found with the name `ZzNoSuchContract`/);
    expect(launcher.status).toBe(0);
  });

  it('sync: a failing forge gives its non-zero status, and requireSuccess throws with its output', () => {
    const r = runFoundrySync('forge', FAILING);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/ZzNoSuchContract/);
    expect(() => requireSuccess(r, 'forge inspect')).toThrow(ToolchainError);
    expect(() => requireSuccess(r, 'forge inspect')).toThrow(/forge inspect failed \(exit \d+\):[\s\S]*ZzNoSuchContract/);
    const ok = runFoundrySync('cast', ['--to-hex', '255']);
    expect(requireSuccess(ok, 'cast').stdout.trim()).toBe('0xff');
  });

  it('async: streams lines and resolves with the real status', async () => {
    const lines: string[] = [];
    const failed = await runFoundry('forge', FAILING, { onLine: (l) => lines.push(l) });
    expect(failed.status).not.toBe(0);
    expect(lines.join('\n')).toMatch(/ZzNoSuchContract/);
    const ok = await runFoundry('cast', ['--to-hex', '255'], { onLine: (l) => lines.push(l) });
    expect(ok.status).toBe(0);
    expect(lines).toContain('0xff');
  });

  it('a tool that cannot start is a ToolchainError naming npm ci', async () => {
    const err = await runFoundry('forge', ['--version'], { cwd: join(PACKAGE_ROOT, 'no-such-folder') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolchainError);
    expect((err as ToolchainError).code).toBe('FOUNDRY_START_FAILED');
    expect((err as ToolchainError).message).toMatch(/npm ci/);
    expect(() => runFoundrySync('forge', ['--version'], { cwd: join(PACKAGE_ROOT, 'no-such-folder') })).toThrow(/could not be started/);
  });
});
