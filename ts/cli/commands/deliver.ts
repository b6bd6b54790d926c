/**
 * `zkml deliver`: a registered provider delivers its kept delivery (the ciphertext encrypted to
 * the owner's key and the registration proof, made by `zkml register`) once registration has
 * closed. `--wait` waits for the registration deadline first. The SDK checks the phase, the slot
 * and the kept commitments before anything is sent (`deliverRegistration`).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { accountFromEnv, type ZkmlClient } from '../../chain/index.js';
import { InputError } from '../../errors/index.js';
import { defaultDeliveryPath, deliverRegistration, nextBlockTime, readPendingDelivery, utc, type PendingDelivery } from '../../round/index.js';
import { Progress, parseArgs } from '../../terminal/index.js';
import type { Command } from '../command.js';
import { connectFromFlags, contractFlags, parseRoundId } from './chain-common.js';
import { opts, txStep } from './shared.js';

const flags = {
  ...contractFlags,
  round: { type: 'string', required: true, placeholder: 'ID', description: 'round id' },
  delivery: { type: 'string', placeholder: 'FILE', description: 'the delivery file `zkml register` kept (default: next to --data, else in the current folder, named after the round, chain, contract and account)' },
  data: { type: 'string', placeholder: 'FILE', description: 'the --data file you registered with: its folder is where `zkml register` kept the delivery' },
  wait: { type: 'boolean', description: 'wait for the registration deadline if delivery has not opened yet' },
} as const;

/** Seconds between two looks at the chain's clock while waiting. */
const POLL_SECONDS = 5n;

/** Waits (printing how long) until the next block's time reaches `opensAt`, then delivers `delivery`. */
export async function waitAndDeliver(client: ZkmlClient, delivery: PendingDelivery, opensAt: bigint, progress: Progress): Promise<{ settlementIndex: number; tx: string; gasUsed: bigint }> {
  let now = await nextBlockTime(client);
  if (now < opensAt) {
    const step = progress.start(`waiting for delivery to open at ${utc(opensAt)} (${opensAt - now} s)`);
    let lastReport = now;
    while (now < opensAt) {
      const wait = opensAt - now < POLL_SECONDS ? opensAt - now : POLL_SECONDS;
      await new Promise((r) => setTimeout(r, Number(wait) * 1000));
      now = await nextBlockTime(client);
      if (now - lastReport >= 60n && now < opensAt) {
        progress.info(`delivery opens in ${opensAt - now} s`);
        lastReport = now;
      }
    }
    step.done();
  }
  const done = await txStep(progress, `delivering to round ${delivery.roundId}`, async () => (await deliverRegistration(client, delivery)).tx);
  return { settlementIndex: done.result.settlementIndex, tx: done.hash, gasUsed: done.gasUsed };
}

async function run(argv: string[]): Promise<unknown> {
  const { flags: f } = parseArgs(argv, flags, opts('deliver'));
  const account = accountFromEnv();
  const roundId = parseRoundId(f.round);
  const progress = new Progress({ quiet: f.quiet });
  const client = await progress.step('connecting', () => connectFromFlags(f, { withAccount: true, account, progress }));
  const folder = f.data !== undefined ? dirname(resolve(f.data)) : process.cwd();
  const path = f.delivery ?? defaultDeliveryPath(folder, client.chainId, client.contract, roundId, account.address);
  if (!existsSync(path)) {
    throw new InputError('FILE_NOT_FOUND', `no delivery file ${path}: \`zkml register\` keeps it next to its --data file; pass that file with --data FILE, or the delivery itself with --delivery FILE. Nothing was sent.`);
  }
  const delivery = readPendingDelivery(path);
  if (delivery.roundId !== roundId) throw new InputError('DELIVERY_MISMATCH', `${path} is the delivery of round ${delivery.roundId}, not of round ${roundId}. Nothing was sent.`);
  const opensAt = f.wait ? (await client.getRound(roundId)).registrationDeadline : 0n;
  const delivered = await waitAndDeliver(client, delivery, opensAt, progress);
  return { roundId, account: account.address, delivery: path, ...delivered };
}

/** `zkml deliver`. */
export const command: Command = {
  name: 'deliver',
  summary: 'after registration closes: deliver your kept, proven data to the owner (PRIVATE_KEY = you); --wait waits for the deadline',
  examples: ['PRIVATE_KEY=0x… zkml deliver --round 1 --data mine.csv', 'PRIVATE_KEY=0x… zkml deliver --round 1 --delivery round-1-….delivery.json', 'PRIVATE_KEY=0x… zkml deliver --round 1 --data mine.csv --wait --json'],
  flags,
  run,
};
