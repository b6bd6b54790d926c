/**
 * The demo's report: the record of a run (`run.json`), the printed summary (`summary.txt`) and a
 * bar chart of the providers' Shapley values (`shapley.svg`, `shapley.png`), like the paper's figure.
 */
import { formatDuration, table } from '../terminal/index.js';
import { barChartSvg, svgToPng } from './chart.js';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatEther } from 'viem';

/** Everything about one demo run, as written to `run.json` (amounts in wei as decimal strings). */
export interface DemoRecord {
  version: 3;
  /** The command that reproduces the run (the data; salts and ephemeral keys are fresh every run). */
  command: string;
  startedAt: string;
  seed: number;
  data: {
    /** `weather` (the shipped NOAA table) or `synthetic` (the paper's). */
    kind: string;
    model: string;
    /** Where the rows come from and their licence. */
    source: string;
    trainingRows: number;
    validationRows: number;
    poisoned: { provider: string; mode: string } | null;
  };
  chain: {
    chainId: number;
    rpcUrl: string;
    incentives: string;
    shape: string;
    /** The shape's id in the deployment (its position in script/shapes.json). */
    shapeId: number;
    settlementVerifier: string;
    registrationVerifier: string;
    validationVerifier: string;
    settlementArtifact: string;
    registrationArtifact: string;
    validationArtifact: string;
    deployer: string;
  };
  round: {
    id: string;
    owner: string;
    /** The owner's Grumpkin key (derived from its signature), hex coordinates. */
    ownerKey: { x: string; y: string };
    shape: string;
    rewardWei: string;
    rewardEth: string;
    /** The deposit of every registration (returned with the reward on delivery). */
    depositWei: string;
    lambda: string;
    lambdaFixed: string;
    context: string;
    validationCommitment: string;
    registrationDeadline: string;
    deliveryDeadline: string;
    submissionDeadline: string;
  };
  providers: {
    name: string;
    account: string;
    rows: number;
    /** What the provider's rows are, in words (`Seattle 2012`, `25 synthetic rows`). */
    holds: string;
    poisoned: boolean;
    commitment: string;
    /** Field elements of the encrypted delivery (rows and salt). */
    ciphertextElements: number;
    /** φ as an exact decimal (the proven value / 10^8). */
    shapley: string;
    shapleyFixed: string;
    rewardWei: string;
    rewardEth: string;
    claimableWei: string;
    creditedWei: string;
    withdrawnWei: string;
    registerTx: string;
    registerProveMs: number;
    withdrawTx: string | null;
  }[];
  owner: { account: string; creditWei: string };
  allocation: { rule: string; byRows: boolean };
  model: { w: string; b: string; trainLoss: string; grandCoalitionValue: string; lambda: string };
  proof: { system: string; bytes: number; publicInputs: number; witnessMs: number; proveMs: number; verifiedOffChain: boolean };
  gas: {
    /** Every transaction of the deployment (the chain is fresh: every block's gas). */
    deploy: string;
    deployTransactions: number;
    createRound: string;
    /** Each registration's gas (commitments and deposit: independent of the rows). */
    register: string[];
    /** Each delivery's gas (ciphertext and proof verified on chain). */
    deliver: string[];
    /** Each delivery's gas divided by its rows, rounded. */
    deliverPerRow: string[];
    submit: string;
    verifierEstimate: string;
    claim: string[];
    withdraw: string[];
  };
  transactions: { createRound: string; submit: string };
  checks: {
    dataRecoveredFromChain: boolean;
    balancesMatchAllocation: boolean;
    poisonedNegative: boolean | null;
    ownerCreditZero: boolean;
    contractEmptyAfterWithdrawals: boolean;
  };
  timingsMs: Record<string, number>;
}

const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const thousands = (s: string) => BigInt(s).toLocaleString('en-US');
const ethOf = (wei: string) => formatEther(BigInt(wei));
const display = (path: string) => {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? path : r;
};

/** The chart of the Shapley values (SVG). */
export function shapleyChartSvg(record: DemoRecord): string {
  const poisoned = record.data.poisoned ? `, ${record.data.poisoned.provider} poisoned` : '';
  return barChartSvg({
    title: `Shapley values of the data providers (${record.data.kind} data, seed ${record.seed}${poisoned})`,
    labels: record.providers.map((p) => p.name),
    values: record.providers.map((p) => Number(p.shapley)),
    yLabel: 'Shapley value φ (validation loss reduction)',
  });
}

const minMax = (xs: readonly bigint[]) => {
  if (xs.length === 0) return '-';
  const lo = xs.reduce((a, b) => (b < a ? b : a));
  const hi = xs.reduce((a, b) => (b > a ? b : a));
  return lo === hi ? lo.toLocaleString('en-US') : `${lo.toLocaleString('en-US')}–${hi.toLocaleString('en-US')}`;
};
const nonZero = (xs: readonly string[]) => xs.map((g) => BigInt(g)).filter((g) => g > 0n);

/** The text the demo prints: header, the providers' table, model, proofs, gas, checks, files. */
export function summaryText(record: DemoRecord, files: string[]): string {
  const r = record;
  const rows = r.providers.map((p, i) => [
    p.poisoned ? `${p.name} (poisoned)` : p.name,
    short(p.account),
    p.holds,
    String(p.rows),
    thousands(r.gas.register[i]!),
    thousands(r.gas.deliver[i]!),
    thousands(r.gas.deliverPerRow[i]!),
    `${p.commitment.slice(0, 10)}…`,
    Number(p.shapley).toFixed(8),
    ethOf(p.rewardWei),
    p.withdrawTx ? ethOf(p.withdrawnWei) : '-',
  ]);
  const poisoned = r.data.poisoned ? `, ${r.data.poisoned.provider} poisoned (${r.data.poisoned.mode})` : '';
  const register = r.gas.register.map((g) => BigInt(g));
  const deliver = r.gas.deliver.map((g) => BigInt(g));
  const perRow = r.gas.deliverPerRow.map((g) => BigInt(g));
  const registerProve = r.providers.map((p) => p.registerProveMs);
  const proveRange = `${formatDuration(Math.min(...registerProve))}–${formatDuration(Math.max(...registerProve))}`;
  return [
    `zkml demo: one sealed, fair round on a local chain (seed ${r.seed}, ${r.providers.length} providers, shape ${r.round.shape})`,
    '',
    `data      ${r.data.trainingRows.toLocaleString('en-US')} training rows of ${r.data.model}, split among ${r.providers.length} providers${poisoned}; ${r.data.validationRows} validation rows (owner)`,
    `          from ${r.data.source}`,
    `chain     anvil, chain ${r.chain.chainId} at ${r.chain.rpcUrl}; ZKMLIncentives ${r.chain.incentives}`,
    `          settlement verifier ${r.chain.settlementVerifier}, registration verifier ${r.chain.registrationVerifier}, validation verifier ${r.chain.validationVerifier}`,
    `round     ${r.round.id}: reward ${r.round.rewardEth} ETH, λ = ${r.round.lambda}, owner key from the owner's signature, context ${r.round.context.slice(0, 18)}…`,
    `sealed    each provider registered only its commitments with a deposit of ${ethOf(r.round.depositWei)} ETH; after the registration deadline it delivered its rows encrypted to the owner (${r.providers[0]?.ciphertextElements ?? 0} field elements) with a proof against what it registered; the owner decrypted them from the chain alone`,
    '',
    table(['provider', 'account', 'holds', 'rows', 'register gas', 'deliver gas', 'gas/row', 'commitment', 'Shapley value', 'credit (ETH)', 'withdrawn (ETH)'], rows),
    '',
    `payout    ${r.allocation.rule}; the owner is credited ${r.owner.creditWei} wei`,
    `model     y = ${r.model.w}·x + ${r.model.b}   training loss ${r.model.trainLoss}   v(all providers) = ${r.model.grandCoalitionValue}`,
    `proofs    registration: proving ${proveRange} each; settlement: ${r.proof.bytes.toLocaleString('en-US')} bytes, ${r.proof.publicInputs} public inputs, witness ${formatDuration(r.proof.witnessMs)}, proving ${formatDuration(r.proof.proveMs)}, verified off-chain: ${r.proof.verifiedOffChain ? 'yes' : 'NO'}`,
    `gas       deploy       ${thousands(r.gas.deploy)} (${r.gas.deployTransactions} transactions: the verifiers of every shape and ZKMLIncentives)`,
    `          createRound  ${thousands(r.gas.createRound)} (verifies the validation-set proof on-chain, takes the pool)`,
    `          registration ${minMax(register)} each (stores the commitments, takes the deposit)`,
    `          close        0 (no transaction: the registration deadline passes)`,
    `          delivery     ${minMax(deliver)} each, ${minMax(perRow)} per row (verifies the registration proof on-chain against what was registered; the encrypted rows are in the calldata)`,
    `          settlement   ${thousands(r.gas.submit)} (verifies the settlement proof on-chain, stores the Shapley prefix sums; the verifier alone ≈ ${thousands(r.gas.verifierEstimate)})`,
    `          claim        ${minMax(nonZero(r.gas.claim))} each, withdraw ${minMax(nonZero(r.gas.withdraw))} each`,
    `check     the owner recovered every provider's rows and salt from the chain; every claimable amount, credit and balance change equals the contract's allocation rule to the wei; the contract holds 0 wei at the end`,
    `files     ${files.map(display).join(', ')}`,
    '',
  ].join('\n');
}

/** Writes `run.json`, `shapley.svg`, `shapley.png` and `summary.txt` into `outDir`. */
export function writeReport(record: DemoRecord, outDir: string): { record: string; chartSvg: string; chartPng: string; summary: string; summaryText: string } {
  const paths = {
    chartSvg: join(outDir, 'shapley.svg'),
    chartPng: join(outDir, 'shapley.png'),
    record: join(outDir, 'run.json'),
    summary: join(outDir, 'summary.txt'),
  };
  const svg = shapleyChartSvg(record);
  writeFileSync(paths.chartSvg, svg);
  writeFileSync(paths.chartPng, svgToPng(svg));
  writeFileSync(paths.record, `${JSON.stringify(record, null, 2)}\n`);
  const text = summaryText(record, [paths.chartSvg, paths.chartPng, paths.record, paths.summary, join(outDir, 'training.csv'), join(outDir, 'validation.csv'), join(outDir, 'proof.json')]);
  writeFileSync(paths.summary, text);
  return { ...paths, summaryText: text };
}
