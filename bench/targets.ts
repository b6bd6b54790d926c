/**
 * The targets, checked against measured results (reported, never asserted):
 *
 * - issue 11: every shipped shape proves in ≤ 1.0 s (median); the paper workload (`paper-k8`,
 *   D = 1) in ≤ 0.8 s;
 * - issue 10: with the optimized verifiers, `submit` with the shape's K providers ≤ 1.0M gas and
 *   `register` including its proof ≤ 1.0M gas (receipt gasUsed, i.e. with the 21,000 base cost and
 *   the calldata; for `register` the largest of the round's K registrations);
 * - issue 6: paper-k8 off-chain verification ≤ 0.05 s; proof time no worse than linear in rows
 *   for fixed K = 8: for every pair of the rows sweep, t(r2)/t(r1) ≤ r2/r1.
 */
import type { BenchResult } from './results.js';

export interface TargetCheck {
  target: string;
  /** `null` when this run did not measure what the target needs. */
  met: boolean | null;
  measured: string;
}

/** Proof time per shape, median (issue 11). */
export const SHAPE_PROVE_TARGET_MS = 1000;
/** Proof time of the paper workload, median (issue 11). */
export const PAPER_PROVE_TARGET_MS = 800;
/** `submit` and `register` with the optimized verifiers, receipt gas (issue 10). */
export const GAS_TARGET = 1_000_000;

const fmt = (v: number, digits = 0) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const secs = (ms: number) => `${fmt(ms / 1000, 3)} s`;
const by = (v: number, target: number) => `${v <= target ? 'under' : 'over'} by ${fmt(Math.abs(v - target))}`;

export function checkTargets(results: readonly BenchResult[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  const shapes = results.filter((r) => r.sweeps.includes('shapes'));
  const paper = results.find((r) => r.name === 'paper-k8');

  if (shapes.length === 0) out.push({ target: 'every shape: proof ≤ 1.0 s median', met: null, measured: 'no shape run' });
  for (const r of shapes) {
    const t = r.proveMs;
    out.push({
      target: `${r.name}: proof ≤ 1.0 s median`,
      met: t.median <= SHAPE_PROVE_TARGET_MS,
      measured: `${secs(t.median)} median (${secs(t.min)}–${secs(t.max)}, ${r.runs} runs), ${fmt(r.gates)} gates`,
    });
  }

  out.push({
    target: 'paper-k8 (D = 1, K = 8, 100 rows): proof ≤ 0.8 s median',
    met: paper ? paper.proveMs.median <= PAPER_PROVE_TARGET_MS : null,
    measured: paper
      ? `${secs(paper.proveMs.median)} median (${secs(paper.proveMs.min)}–${secs(paper.proveMs.max)}, ${paper.runs} runs) on ${paper.shape}; paper 15.3 s`
      : 'paper-k8 not run',
  });

  const gasRows = [...shapes, ...(paper ? [paper] : [])];
  for (const r of gasRows) {
    out.push({
      target: `${r.name}: submit with ${r.k} providers ≤ 1.0M gas (optimized verifier)`,
      met: r.submitGas === null ? null : r.submitGas <= GAS_TARGET,
      measured:
        r.submitGas === null
          ? `not measured (${r.gasNote})`
          : `${fmt(r.submitGas)} gas (${by(r.submitGas, GAS_TARGET)}; verify alone ${fmt(r.verifyGas!.optimized)})`,
    });
  }
  for (const r of gasRows) {
    out.push({
      target: `${r.name}: register incl. its proof ≤ 1.0M gas (optimized verifier)`,
      met: r.registerGas === null ? null : r.registerGas.max <= GAS_TARGET,
      measured:
        r.registerGas === null
          ? `not measured: ${r.registerNote ?? r.gasNote}`
          : `${fmt(r.registerGas.max)} gas, largest of ${r.k} registrations (${by(r.registerGas.max, GAS_TARGET)}; smallest ${fmt(r.registerGas.min)}; verify alone ${fmt(r.registerVerifyGas!.optimized)})`,
    });
  }

  const verify = paper?.verifyMs.median;
  out.push({
    target: 'paper-k8 off-chain verification ≤ 0.05 s (issue 6)',
    met: verify === undefined ? null : verify <= 50,
    measured: verify === undefined ? 'paper-k8 not run' : `${fmt(verify / 1000, 4)} s median; paper 0.5 s`,
  });

  const rows = results.filter((r) => r.sweeps.includes('rows')).sort((a, b) => a.rows - b.rows);
  if (rows.length < 2) {
    out.push({ target: 'proof time no worse than linear in rows, K = 8 (issue 6)', met: null, measured: 'rows sweep not run' });
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
      target: 'proof time no worse than linear in rows, K = 8 (issue 6)',
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
