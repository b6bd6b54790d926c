import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZkmlProver } from '../../../ts/prover/prover.js';
import { resolveCrs } from '../../../ts/toolchain/crs.js';
import { startBarretenberg } from '../../../ts/toolchain/barretenberg.js';

// Native bb gets an allowlisted environment: secrets of the host process never reach it. The
// host's variables are set here (in the test process only) and bb's own environment is read
// from /proc/<pid>/environ.
const secretName = `ZKML_TEST_SECRET_${randomBytes(6).toString('hex')}`;
const saved = { PRIVATE_KEY: process.env.PRIVATE_KEY, secret: process.env[secretName] };

beforeAll(() => {
  process.env[secretName] = 'do-not-leak';
  process.env.PRIVATE_KEY = `0x${'ab'.repeat(32)}`;
});
afterAll(() => {
  if (saved.PRIVATE_KEY === undefined) delete process.env.PRIVATE_KEY;
  else process.env.PRIVATE_KEY = saved.PRIVATE_KEY;
  delete process.env[secretName];
});

/** The environments of this process's native bb children (found by their socket path, which names our pid). */
function bbEnvironments(): Record<string, string>[] {
  const envs: Record<string, string>[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmdline: string[];
    let environ: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!cmdline.includes('msgpack') || !cmdline.some((a) => a.includes(`/bb-${process.pid}-`))) continue;
      environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    } catch {
      continue; // the process ended meanwhile
    }
    envs.push(Object.fromEntries(environ.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])));
  }
  return envs;
}

const allowed = (withCrs: boolean) => ['HARDWARE_CONCURRENCY', ...(process.env.TMPDIR ? ['TMPDIR'] : []), ...(withCrs ? ['CRS_PATH'] : [])].sort();

describe.runIf(process.platform === 'linux')('the native bb child', () => {
  it('of a prover sees only the allowlisted variables and CRS_PATH, and proves', async () => {
    const crs = await resolveCrs({ allowDownload: false });
    const prover = await ZkmlProver.create({ allowDownload: false, threads: 1 });
    try {
      const envs = bbEnvironments();
      expect(envs).toHaveLength(1);
      const env = envs[0]!;
      expect(env[secretName]).toBeUndefined();
      expect(env.PRIVATE_KEY).toBeUndefined();
      expect(env.CRS_PATH).toBe(crs.path);
      expect(env.HARDWARE_CONCURRENCY).toBe('1');
      expect(Object.keys(env).sort()).toEqual(allowed(true));
      // bb still works in that environment (the toy circuit test proves through it end to end).
      const out = await prover.barretenberg.poseidon2Permutation({ inputs: [0, 1, 2, 3].map(() => new Uint8Array(32)) });
      expect(out.outputs).toHaveLength(4);
    } finally {
      await prover.destroy();
    }
  });

  it('for hashing only (no CRS) sees only the allowlisted variables', async () => {
    const api = await startBarretenberg({});
    try {
      const env = bbEnvironments()[0]!;
      expect(env.PRIVATE_KEY).toBeUndefined();
      expect(env[secretName]).toBeUndefined();
      expect(Object.keys(env).sort()).toEqual(allowed(false));
      expect((await api.poseidon2Permutation({ inputs: [0, 1, 2, 3].map(() => new Uint8Array(32)) })).outputs).toHaveLength(4);
    } finally {
      await api.destroy();
    }
  });
});
