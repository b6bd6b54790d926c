/**
 * An embedded local chain: anvil from `node_modules` (the `@foundry-rs/anvil` npm package), bound
 * to 127.0.0.1 on a port the OS picks, stopped when the caller says so and also when the process
 * exits, gets SIGINT/SIGTERM, or dies of an uncaught error.
 *
 * The native binary is spawned directly (not the npm wrapper script), so signalling the child
 * signals anvil itself. Only a SIGKILL of this Node process can leave anvil behind, since no
 * handler runs then.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Address, Hex } from 'viem';
import { ChainError } from '../errors/index.js';
import { foundryBinary } from './foundry.js';

/** One funded development account. */
export interface AnvilAccount {
  address: Address;
  privateKey: Hex;
}

/**
 * The 10 accounts anvil funds by default (10,000 ETH each), derived from its default mnemonic
 * `test test test test test test test test test test test junk` (m/44'/60'/0'/0/i).
 * Public test keys: never use them on a real chain.
 */
export const ANVIL_ACCOUNTS: readonly AnvilAccount[] = Object.freeze([
  { address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80' },
  { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' },
  { address: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
  { address: '0x90F79bf6EB2c4f870365E785982E1f101E93b906', privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6' },
  { address: '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', privateKey: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a' },
  { address: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', privateKey: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba' },
  { address: '0x976EA74026E726554dB657fA54763abd0C3a0aa9', privateKey: '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e' },
  { address: '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955', privateKey: '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356' },
  { address: '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f', privateKey: '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97' },
  { address: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720', privateKey: '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6' },
]);

/** Options of {@link startAnvil}. */
export interface AnvilOptions {
  /** Port to listen on; default 0 (a free port chosen by the OS). */
  port?: number;
  /** Chain id; default anvil's 31337. */
  chainId?: number;
  /** Seconds between blocks; default: mine on every transaction. */
  blockTime?: number;
  /** Block gas limit; default anvil's 30,000,000. */
  gasLimit?: number | bigint;
  /** Milliseconds to wait for anvil to answer `eth_chainId`; default 30,000. */
  timeoutMs?: number;
  /** Extra command-line arguments for anvil. */
  args?: string[];
  /** Receives anvil's output lines (e.g. for debugging); default: dropped. */
  log?: (line: string) => void;
}

/** A running anvil. */
export interface Anvil {
  /** `http://127.0.0.1:<port>` */
  rpcUrl: string;
  port: number;
  chainId: number;
  /** The 10 funded default accounts ({@link ANVIL_ACCOUNTS}). */
  accounts: readonly AnvilAccount[];
  /** Process id of anvil. */
  pid: number;
  /** Sends one JSON-RPC request (e.g. `anvil_setBalance`) and returns its result. */
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  /** Moves the chain's clock forward by `seconds` and mines a block at the new time. */
  increaseTime(seconds: number): Promise<void>;
  /** Stops anvil (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Path of the native anvil binary from npm (the platform package of `@foundry-rs/anvil`, e.g.
 * `@foundry-rs/anvil-linux-amd64/bin/anvil`; see ts/dev/foundry.ts).
 * @throws ToolchainError `ANVIL_MISSING` if it is not installed (run `npm ci`)
 */
export function anvilBinary(): string {
  return foundryBinary('anvil');
}

/** Running anvils of this process, stopped synchronously by the exit and signal handlers. */
const running = new Set<ChildProcess>();
let handlersInstalled = false;

function killAllSync(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllSync();
  removeHandlers();
  // Keep Node's default behaviour (exit by the signal) unless the application handles it itself.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' also runs after an uncaught exception or unhandled rejection ends the process.
  process.on('exit', killAllSync);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
}

function removeHandlers(): void {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  process.off('exit', killAllSync);
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigterm);
}

/** One JSON-RPC call with a timeout; a JSON-RPC error becomes a ChainError. */
async function rpc(url: string, method: string, params: unknown[] = [], timeoutMs = 30_000): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) throw new ChainError('RPC_ERROR', `${method} failed: ${body.error.message ?? 'JSON-RPC error'}`);
  return body.result;
}

/**
 * Starts anvil on 127.0.0.1 and waits until it answers `eth_chainId`.
 * @throws ToolchainError `ANVIL_MISSING` when the binary is not installed,
 *   ChainError `ANVIL_START_FAILED` when it exits or does not answer in time (with its last output)
 */
export async function startAnvil(options: AnvilOptions = {}): Promise<Anvil> {
  const binary = anvilBinary();
  const args = ['--host', '127.0.0.1', '--port', String(options.port ?? 0)];
  if (options.chainId !== undefined) args.push('--chain-id', String(options.chainId));
  if (options.blockTime !== undefined) args.push('--block-time', String(options.blockTime));
  if (options.gasLimit !== undefined) args.push('--gas-limit', String(options.gasLimit));
  args.push(...(options.args ?? []));

  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  installHandlers();

  const tail: string[] = [];
  let port: number | undefined;
  let exited: string | undefined;
  let spawnError: Error | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      running.delete(child);
      if (running.size === 0) removeHandlers();
      resolve();
    });
  });
  child.once('error', (err) => {
    spawnError = err;
    running.delete(child);
  });
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.log?.(line);
      const m = /Listening on 127\.0\.0\.1:(\d+)/.exec(line);
      if (m) port = Number(m[1]);
    }
  };
  child.stdout?.on('data', onLine);
  child.stderr?.on('data', onLine);
  // anvil never keeps Node alive by itself: when nothing else is pending, Node exits and the
  // 'exit' handler stops anvil. Forgetting stop() cannot leave a hung process or a stray anvil.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exited === undefined && !spawnError) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exit;
        clearTimeout(timer);
      }
      running.delete(child);
      if (running.size === 0) removeHandlers();
    })();
    return stopping;
  };

  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const failure = (why: string) =>
    new ChainError(
      'ANVIL_START_FAILED',
      `anvil (${binary}) did not start: ${why}.${tail.length ? ` Last output: ${tail.slice(-5).join(' | ')}` : ''} ` +
        'Check that the machine has free ports and memory, then try again.',
    );
  try {
    for (;;) {
      if (spawnError) throw failure(spawnError.message);
      if (exited !== undefined) throw failure(`it exited with ${exited}`);
      if (Date.now() > deadline) throw failure(`no answer to eth_chainId within ${timeoutMs} ms`);
      if (port !== undefined) {
        try {
          const id = await rpc(`http://127.0.0.1:${port}`, 'eth_chainId', [], 2_000);
          if (typeof id === 'string') {
            const rpcUrl = `http://127.0.0.1:${port}`;
            const call = (method: string, params: unknown[] = []) => rpc(rpcUrl, method, params);
            const increaseTime = async (seconds: number) => {
              await call('evm_increaseTime', [seconds]);
              await call('evm_mine');
            };
            return { rpcUrl, port, chainId: Number(BigInt(id)), accounts: ANVIL_ACCOUNTS, pid: child.pid ?? -1, stop, rpc: call, increaseTime };
          }
        } catch {
          // not ready yet
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Runs `fn` with a fresh anvil and always stops it afterwards, also when `fn` throws.
 * @example const balance = await withAnvil((a) => client.getBalance(...))
 */
export async function withAnvil<T>(fn: (anvil: Anvil) => Promise<T>, options: AnvilOptions = {}): Promise<T> {
  const anvil = await startAnvil(options);
  try {
    return await fn(anvil);
  } finally {
    await anvil.stop();
  }
}
