/**
 * Running the real `zkml` CLI from tests: spawned with tsx in a scratch folder (as a user runs it),
 * with no key, RPC URL or debug setting inherited; and the checks every CLI test repeats.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { allocateSealed } from '../../../ts/demo/allocation.js';
import { PACKAGE_ROOT } from '../../../ts/files/package-root.js';

const TSX = join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(PACKAGE_ROOT, 'ts', 'cli', 'zkml.ts');

/** What one CLI run printed and how it exited. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A `zkml` runner in folder `dir`; PRIVATE_KEY only if `env` gives it. `onOutput` sees everything
 * printed so far each time the command prints (e.g. to move anvil's clock when it says it waits).
 */
export function cliIn(dir: string): (args: string[], env?: Record<string, string>, onOutput?: (stderr: string, stdout: string) => void) => Promise<Run> {
  return (args, env = {}, onOutput) => {
    const base: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['PRIVATE_KEY', 'ETH_RPC_URL', 'ZKML_DEBUG']) delete base[k];
    return new Promise((resolve, reject) => {
      const child = spawn(TSX, [CLI, ...args], { cwd: dir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString('utf8');
        onOutput?.(stderr, stdout);
      });
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        onOutput?.(stderr, stdout);
      });
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  };
}

/** Succeeded; returns stdout. */
export function ok(r: Run): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** Succeeded with `--json`; returns the result of the one JSON document on stdout. */
export function result<T>(r: Run, command: string): T {
  const doc = JSON.parse(ok(r)) as { ok: boolean; command: string; result: T };
  expect(doc).toMatchObject({ ok: true, command });
  return doc.result;
}

/** A decimal string with at most 8 decimals as a fixed-point integer at scale 10^8 (exact). */
export function fixed8(s: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,8}))?$/.exec(s);
  if (!m) throw new Error(`not a decimal: ${s}`);
  const v = BigInt(m[2]!) * 10n ** 8n + BigInt((m[3] ?? '').padEnd(8, '0'));
  return m[1] ? -v : v;
}

/**
 * Failed with exit code `code`, exactly one line `zkml: …` matching `pattern` on stderr, no stack
 * trace; stdout empty (or, with `json`, one error document with the same message).
 */
export function refused(r: Run, code: 1 | 2, pattern: RegExp, json?: { command: string | null; code: string }): string {
  expect(r.code, r.stdout + r.stderr).toBe(code);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^zkml: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
  if (json) {
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, command: json.command, error: { code: json.code, message: lines[0]!.slice('zkml: '.length) } });
  } else {
    expect(r.stdout).toBe('');
  }
  return lines[0]!;
}

/**
 * A sealed round's credits, computed here from the mechanism's rule (never from the contract's
 * `claimable`): the pool is the escrow plus the forfeited deposits of the registrations that did
 * not deliver; its row part (rowShareBps) is paid by delivered rows, its value part by max(φ, 0)
 * (`phi` given with a positive value), else by rows up to `reservePerRow` per row when settled
 * (the rest back to the owner) or wholly by rows when expired (`phi` undefined); every delivered
 * provider also gets its deposit back. `rows` and `phi` are in delivery (settlement) order. The rule
 * is the one off-chain copy, `allocateSealed` (ts/demo/allocation.ts).
 */
export function sealedCredits(p: {
  amount: bigint;
  deposit: bigint;
  numProviders: number;
  rows: readonly number[];
  phi?: readonly bigint[];
  rowShareBps?: number;
  reservePerRow?: bigint;
}): { credits: bigint[]; ownerRefund: bigint; pool: bigint } {
  const terms = { amount: p.amount, deposit: p.deposit, forfeited: p.numProviders - p.rows.length, rowShareBps: p.rowShareBps ?? 0, reservePerRow: p.reservePerRow ?? p.amount };
  const a = allocateSealed(terms, p.phi ?? 'expired', p.rows);
  return { credits: a.rewards, ownerRefund: a.ownerRefund, pool: p.amount + p.deposit * BigInt(terms.forfeited) };
}
