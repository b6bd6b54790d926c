/**
 * `zkml register`: a provider joins a sealed round. The rows are encrypted to the round's owner key
 * with a fresh salt and proven by the registration circuit; the proof and ciphertext are kept in a
 * delivery file (atomically, before anything is sent), and the registration sends only the
 * commitments, the row count and the deposit. After the registration deadline `zkml deliver` (or
 * this command with `--deliver`, which waits) sends the kept delivery, so the owner receives the
 * data through the chain alone, and only once the set of providers is fixed.
 */
import { dirname, resolve } from 'node:path';
import { zeroAddress } from 'viem';
import { accountFromEnv } from '../../chain/index.js';
import { checkDataRange, fixedRows, loadProviderCsv, loadTrainingCsv, rowsOf } from '../../data/index.js';
import { ChainError, InputError } from '../../errors/index.js';
import { ZkmlProver } from '../../prover/index.js';
import { checkProviderRows, defaultDeliveryPath, nextBlockTime, readPendingDelivery, readRoundWithShape, registerProvider, requirePhase, utc, writePendingDelivery } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { waitAndDeliver } from './deliver.js';
import { proverFlags, proverOptions } from './prove.js';
import { hex, opts } from './shared.js';

const flags = {
  ...contractFlags,
  ...proverFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  data: { type: 'string', required: true, placeholder: 'FILE', description: 'your rows: a CSV x1..xd,y, or provider,x1..xd,y with --provider' },
  provider: { type: 'string', placeholder: 'NAME', description: 'your name in --data when it has a provider column' },
  delivery: { type: 'string', placeholder: 'FILE', description: 'where to keep the proven delivery until `zkml deliver` (default: next to --data, named after the round, chain, contract and account); keep it private' },
  deliver: { type: 'boolean', description: 'after registering, wait for the registration deadline and deliver (one command for both steps)' },
} as const;

/** Reads the provider's rows: a plain `x1..xd,y` CSV, or its rows of a `provider,…` CSV. */
function rowsOfFile(path: string, provider: string | undefined) {
  const header = (loadHeader(path) ?? '').split(',')[0]?.trim();
  if (header === 'provider') {
    const training = loadTrainingCsv(path);
    const name = provider ?? (training.providers.length === 1 ? training.providers[0] : undefined);
    if (name === undefined) throw new InputError('ARGS_MISSING_FLAG', `${path} holds ${training.providers.length} providers (${training.providers.join(', ')}); choose yours with --provider NAME.`);
    if (!training.providers.includes(name)) throw new InputError('INPUT_UNKNOWN_PROVIDER', `${path} has no rows of provider ${JSON.stringify(name)}; its providers are ${training.providers.join(', ')}.`);
    return fixedRows(rowsOf(training, name));
  }
  if (provider !== undefined) throw new InputError('ARGS_CONFLICT', `--provider needs a CSV with a provider column; ${path} has none.`);
  return fixedRows(loadProviderCsv(path).rows);
}

/** The first line of a file, if it can be read (the CSV loaders report missing files themselves). */
function loadHeader(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').split(/\r?\n/, 1)[0] : undefined;
}

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('register'));
  const account = accountFromEnv();
  const roundId = parseRoundId(f.round);
  const rows = rowsOfFile(f.data, f.provider);
  const progress = new Progress({ quiet: f.quiet });
  // Each transaction's hash is printed as soon as the node takes it, on this progress.
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account, progress }));
  const deliveryPath = f.delivery ?? defaultDeliveryPath(dirname(resolve(f.data)), client.chainId, client.contract, roundId, account.address);
  // The round's phase, rows per provider and data range, checked before Barretenberg starts (registerProvider checks them again for SDK callers).
  // An account that already registered is told so (and where its delivery is) in any phase, before the phase check.
  const [view, now] = await Promise.all([readRoundWithShape(client, roundId), nextBlockTime(client)]);
  const shape = view.circuitShape;
  const slot = view.providers.find((p) => p.provider.toLowerCase() === account.address.toLowerCase());
  if (slot) {
    const next = slot.delivered ? ` It has delivered (settlement index ${slot.settlementIndex}).` : existsSync(deliveryPath) ? ` Its delivery is kept in ${deliveryPath}: deliver it after the registration deadline (${utc(view.info.registrationDeadline)}), before ${utc(view.info.deliveryDeadline)}.` : '';
    throw new ChainError('ALREADY_REGISTERED', `${account.address} already holds slot ${slot.index} of round ${roundId}; nothing was sent.${next}`);
  }
  requirePhase(view, 'registration', { now, chainId: client.chainId });
  checkProviderRows(rows.length, shape, roundId, view.info.maxRowsPerProvider);
  checkDataRange(rows, shape);
  const kept = existsSync(deliveryPath) ? readPendingDelivery(deliveryPath) : undefined;
  if (kept) progress.info(`a delivery kept by an earlier attempt is in ${deliveryPath}: registering it without proving again`);
  progress.info(`registration closes at ${utc(view.info.registrationDeadline)} (in ${view.info.registrationDeadline - now} s); deposit ${view.info.deposit} (${view.info.asset === zeroAddress ? 'wei' : `units of ${view.info.asset}`})`);
  const prover = await progress.step('starting Barretenberg', () => ZkmlProver.create(proverOptions(f)));
  let done;
  try {
    let step = progress.start(kept ? 'checking the kept delivery against your rows' : `encrypting ${rows.length} rows to the round's owner key`);
    done = await registerProvider(client, prover, {
      roundId,
      rows,
      ...(kept ? { kept } : {}),
      keep: (delivery) => {
        step.done();
        writePendingDelivery(deliveryPath, delivery);
        progress.info(`delivery kept in ${deliveryPath} (needed to deliver: keep it private)`);
        step = progress.start('registering (commitments and deposit)');
      },
      onStep: (s) => {
        if (s === 'prove') {
          step.done();
          step = progress.start('proving the registration (UltraHonk)');
        }
      },
    }).catch((err: unknown) => {
      step.fail();
      throw err;
    });
    step.done(`registered in slot ${done.tx.result.index}, gas ${done.tx.gasUsed.toLocaleString('en-US')}`);
  } finally {
    await prover.destroy();
  }
  const registered = {
    roundId,
    index: done.tx.result.index,
    account: account.address,
    rows: rows.length,
    commitment: hex(done.registration.commitment),
    deposit: view.info.deposit,
    delivery: deliveryPath,
    tx: done.tx.hash,
    gasUsed: done.tx.gasUsed,
  };
  if (!f.deliver) {
    progress.info(`next: after ${utc(view.info.registrationDeadline)}, deliver with the kept delivery before ${utc(view.info.deliveryDeadline)}`);
    return { ...registered, delivered: null };
  }
  const delivered = await waitAndDeliver(client, done.delivery, view.info.registrationDeadline, progress);
  return { ...registered, delivered };
}

/** `zkml register`. */
export const command: Command = {
  name: 'register',
  summary: 'join a round: prove your data, keep the delivery, register its commitments with the deposit (PRIVATE_KEY = you); --deliver waits and delivers',
  examples: [
    'PRIVATE_KEY=0x… zkml register --round 1 --data mine.csv',
    'PRIVATE_KEY=0x… zkml register --round 1 --data all.csv --provider alice --json',
    'PRIVATE_KEY=0x… zkml register --round 1 --data mine.csv --deliver   # waits for the registration deadline, then delivers',
  ],
  flags,
  run,
};
