/**
 * The targets of issue 6, checked against measured results (reported, never asserted):
 *
 * - paper workload (`paper-k8`), full statement: proof ≤ 1.0 s and off-chain verification ≤ 0.05 s
 *   (medians);
 * - `submit` including verification ≤ 1.0M gas with the optimized verifier (`paper-k8`; receipt
 *   gasUsed, i.e. with the 21,000 base cost and calldata);
 * - proof time no worse than linear in rows for fixed K: for every pair of the rows sweep
 *   (K = 8), t(r2)/t(r1) ≤ r2/r1.
 */
import type { BenchResult } from './results.js';

export interface TargetCheck {
  target: string;
  /** `null` when this run did not measure what the target needs. */
  met: boolean | null;
  measured: string;
}

const fmt = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function checkTargets(results: readonly BenchResult[]): TargetCheck[] {
  const paper = results.find((r) => r.name === 'paper-k8');
  const out: TargetCheck[] = [];

  const prove = paper?.proveMs.median;
  out.push({
    target: 'paper-k8 proof ≤ 1.0 s',
    met: prove === undefined ? null : prove <= 1000,
    measured: prove === undefined ? 'paper-k8 not run' : `${fmt(prove / 1000, 3)} s median (${fmt(paper!.proveMs.min / 1000, 3)}–${fmt(paper!.proveMs.max / 1000, 3)} s); paper 15.3 s`,
  });

  const verify = paper?.verifyMs.median;
  out.push({
    target: 'paper-k8 off-chain verification ≤ 0.05 s',
    met: verify === undefined ? null : verify <= 50,
    measured: verify === undefined ? 'paper-k8 not run' : `${fmt(verify / 1000, 4)} s median; paper 0.5 s`,
  });

  const submit = paper?.submitGas?.optimized;
  out.push({
    target: 'paper-k8 submit incl. verification ≤ 1.0M gas (optimized verifier)',
    met: submit === undefined ? null : submit <= 1_000_000,
    measured:
      submit === undefined
        ? `not measured (${paper ? paper.gasNote : 'paper-k8 not run'})`
        : `${fmt(submit)} gas (${submit <= 1_000_000 ? 'under' : 'over'} by ${fmt(Math.abs(submit - 1_000_000))}; verify alone ${fmt(paper!.verifyGas!.optimized)}, of which ${fmt(paper!.verifyGasIntrinsic!.optimized)} base + calldata; standard verifier: submit ${fmt(paper!.submitGas!.standard)})`,
  });

  const rows = results.filter((r) => r.sweeps.includes('rows')).sort((a, b) => a.rows - b.rows);
  if (rows.length < 2) {
    out.push({ target: 'proof time no worse than linear in rows (K = 8)', met: null, measured: 'rows sweep not run' });
  } else {
    // Worst pair: the largest (t2/t1) / (r2/r1); ≤ 1 means no pair grows faster than linearly.
    let worst = { ratio: 0, a: rows[0]!, b: rows[1]! };
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const a = rows[i]!;
        const b = rows[j]!;
        const ratio = b.proveMs.median / a.proveMs.median / (b.rows / a.rows);
        if (ratio > worst.ratio) worst = { ratio, a, b };
      }
    }
    const first = rows[0]!;
    const last = rows[rows.length - 1]!;
    out.push({
      target: 'proof time no worse than linear in rows (K = 8)',
      met: worst.ratio <= 1,
      measured:
        `${first.rows} → ${last.rows} rows (×${fmt(last.rows / first.rows, 1)}): proof ${fmt(first.proveMs.median)} → ${fmt(last.proveMs.median)} ms ` +
        `(×${fmt(last.proveMs.median / first.proveMs.median, 2)}); worst pair ${worst.a.rows}→${worst.b.rows} rows grows ${fmt(worst.ratio, 2)}× as fast as linear`,
    });
  }
  return out;
}

/** The checks as text lines for stdout. */
export function formatTargets(checks: readonly TargetCheck[]): string {
  return checks.map((c) => `${c.met === null ? 'n/a ' : c.met ? 'MET ' : 'MISS'}  ${c.target}: ${c.measured}`).join('\n');
}
