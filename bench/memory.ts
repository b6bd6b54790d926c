/**
 * Memory and threads of processes, from Linux `/proc`: the native `bb` that bb.js spawns
 * (`bb msgpack run ...`, a child of this Node process) and this process itself.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Fields of `/proc/<pid>/status` in kB (VmHWM, VmRSS) or counts (Threads). */
export interface ProcStatus {
  /** Peak resident set size ("high water mark"), MiB. */
  peakRssMb: number;
  /** Current resident set size, MiB. */
  rssMb: number;
  threads: number;
}

/** Reads `/proc/<pid>/status`; `undefined` when the process is gone or /proc is unavailable. */
export function procStatus(pid: number): ProcStatus | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => {
    const m = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : NaN;
  };
  return { peakRssMb: field('VmHWM') / 1024, rssMb: field('VmRSS') / 1024, threads: field('Threads') };
}

/** Process ids of the direct children of `parent` whose command line contains `needle`. */
export function childPids(parent: number, needle: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const e of entries) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after ')'.
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const cmdline = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(needle)) out.push(Number(e));
    } catch {
      // the process exited while we looked
    }
  }
  return out;
}

/** The native bb process of this Node process (bb.js starts it as `bb msgpack run --input <socket>`). */
export function bbPid(): number | undefined {
  const pids = childPids(process.pid, 'msgpack run');
  return pids.length === 1 ? pids[0] : undefined;
}

/** Peak RSS of this Node process so far, MiB (`process.resourceUsage().maxRSS` is in KiB). */
export function nodePeakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** CPU counters (clock ticks) of the machine and of a set of processes. */
export interface CpuSnapshot {
  total: number;
  busy: number;
  ours: number;
}

/** utime + stime of a process in clock ticks (0 when it is gone). */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "(comm)": state(0) ppid(1) ... utime(11) stime(12)
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Machine-wide CPU ticks (`/proc/stat`) and those of `pids`; `undefined` without /proc. */
export function cpuSnapshot(pids: readonly number[]): CpuSnapshot | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest times are already in user/nice)
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { total, busy: total - idle, ours: pids.reduce((a, p) => a + processTicks(p), 0) };
  } catch {
    return undefined;
  }
}

/**
 * Share of the machine's CPU capacity (0..100 %) that other processes used between two snapshots:
 * a measure of how much the benchmark was disturbed.
 */
export function otherCpuPercent(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined): number | null {
  if (!a || !b || b.total <= a.total) return null;
  const other = b.busy - a.busy - (b.ours - a.ours);
  return Math.round((1000 * Math.max(0, other)) / (b.total - a.total)) / 10;
}
