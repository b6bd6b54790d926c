import { describe, expect, it } from 'vitest';
import { InputError } from '../../../ts/errors/index.js';
import { parseArgs, usage } from '../../../ts/terminal/args.js';
import { Progress, formatDuration } from '../../../ts/terminal/progress.js';
import { inputError as argsError } from '../helpers/errors.js';

const spec = {
  data: { type: 'string', required: true, placeholder: 'FILE', description: 'training CSV' },
  lambda: { type: 'string' },
  seed: { type: 'integer' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
} as const;


describe('parseArgs', () => {
  it('parses values, inline values, switches, aliases and positionals', () => {
    const { flags, positionals } = parseArgs(['--data', 'd.csv', '--lambda=0.5', '--seed', '-3', '-q', 'p.json'], spec, { positionals: { max: 1 } });
    expect(flags).toEqual({ data: 'd.csv', lambda: '0.5', seed: -3, json: false, quiet: true });
    expect(positionals).toEqual(['p.json']);
    // Typed: data is a string, lambda may be undefined, json a boolean.
    const data: string = flags.data;
    const lambda: string | undefined = flags.lambda;
    const json: boolean = flags.json;
    expect([data, lambda, json]).toEqual(['d.csv', '0.5', false]);
    expect(parseArgs(['--data', 'x', '--lambda', '-0.25', '--json=true'], spec).flags).toMatchObject({ lambda: '-0.25', json: true });
    expect(parseArgs(['--data', 'x', '--', '--not-a-flag'], spec, { positionals: { max: 1 } }).positionals).toEqual(['--not-a-flag']);
  });

  it('rejects unknown flags with a suggestion or a hint', () => {
    const e1 = argsError(() => parseArgs(['--data', 'x', '--lamda', '1'], spec, { command: 'zkml value' }));
    expect(e1.code).toBe('ARGS_UNKNOWN_FLAG');
    expect(e1.message).toBe('zkml value: unknown flag --lamda. Did you mean --lambda? Run `zkml value --help` for the list of flags.');
    const e2 = argsError(() => parseArgs(['--private-key', '0xabc'], spec, { hints: { 'private-key': 'Set PRIVATE_KEY in the environment instead.' } }));
    expect(e2.message).toContain('Set PRIVATE_KEY in the environment instead.');
    expect(argsError(() => parseArgs(['-x'], spec)).code).toBe('ARGS_UNKNOWN_FLAG');
    expect(argsError(() => parseArgs(['-data'], spec)).code).toBe('ARGS_UNKNOWN_FLAG');
    expect(argsError(() => parseArgs(['--constructor'], spec)).code).toBe('ARGS_UNKNOWN_FLAG');
  });

  it('rejects missing values, missing required flags, bad integers and repeats', () => {
    expect(argsError(() => parseArgs(['--data'], spec)).code).toBe('ARGS_MISSING_VALUE');
    expect(argsError(() => parseArgs(['--data', '--json'], spec)).code).toBe('ARGS_MISSING_VALUE');
    expect(argsError(() => parseArgs(['--data='], spec)).code).toBe('ARGS_MISSING_VALUE');
    const missing = argsError(() => parseArgs(['--json'], spec, { command: 'zkml value' }));
    expect(missing.code).toBe('ARGS_MISSING_FLAG');
    expect(missing.message).toContain('--data FILE (training CSV)');
    expect(argsError(() => parseArgs(['--data', 'x', '--seed', '1.5'], spec)).code).toBe('ARGS_BAD_VALUE');
    expect(argsError(() => parseArgs(['--data', 'x', '--seed', 'abc'], spec)).code).toBe('ARGS_BAD_VALUE');
    expect(argsError(() => parseArgs(['--data', 'x', '--json=yes'], spec)).code).toBe('ARGS_BAD_VALUE');
    expect(argsError(() => parseArgs(['--data', 'x', '--data', 'y'], spec)).code).toBe('ARGS_REPEATED_FLAG');
  });

  it('checks the number of positional arguments', () => {
    expect(argsError(() => parseArgs(['--data', 'x', 'extra'], spec)).message).toContain('unexpected argument "extra"');
    const e = argsError(() => parseArgs([], { out: { type: 'string' } }, { positionals: { min: 1, names: ['PROOF.json'] } }));
    expect(e.code).toBe('ARGS_POSITIONAL');
    expect(e.message).toContain('missing PROOF.json');
  });

  it('formats usage', () => {
    expect(usage(spec)).toMatch(/--data FILE +training CSV \(required\)/);
    expect(usage(spec).split('\n')).toHaveLength(5);
    expect(usage(spec)).toContain('-q, --quiet');
  });
});

describe('Progress', () => {
  function recorder(): { text: () => string; write: (s: string) => void; now: () => number; advance: (ms: number) => void } {
    let out = '';
    let t = 0;
    return { text: () => out, write: (s) => (out += s), now: () => t, advance: (ms) => (t += ms) };
  }

  it('prints steps with their times on one line each', async () => {
    const r = recorder();
    const p = new Progress({ total: 3, write: r.write, now: r.now });
    const value = await p.step('compiling', () => {
      r.advance(420);
      return 7;
    });
    expect(value).toBe(7);
    const s = p.start('proving');
    r.advance(3_140);
    expect(s.done('gas 702114')).toBe(3_140);
    await expect(
      p.step('submitting', async () => {
        r.advance(800);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(r.text()).toBe('[1/3] compiling ... 420 ms\n[2/3] proving ... 3.1 s (gas 702114)\n[3/3] submitting ... failed after 800 ms\n');
  });

  it('repeats the label when other lines were printed in between, and is silent when quiet', () => {
    const r = recorder();
    const p = new Progress({ write: r.write, now: r.now });
    const s = p.start('deploying');
    p.info('verifier at 0x1234');
    r.advance(1_500);
    s.done();
    expect(r.text()).toBe('[1] deploying ...\n      verifier at 0x1234\n[1] deploying ... 1.5 s\n');

    const q = recorder();
    const quiet = new Progress({ quiet: true, write: q.write, now: q.now });
    quiet.start('x').done();
    quiet.info('y');
    expect(q.text()).toBe('');
  });

  it('formats durations', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(3_149)).toBe('3.1 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
  });
});
