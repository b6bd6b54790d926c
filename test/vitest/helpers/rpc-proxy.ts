/**
 * A JSON-RPC proxy on 127.0.0.1 in front of a local node (anvil), for fault-injection tests: it
 * can refuse `eth_getLogs` over more than `maxLogBlocks` blocks (as hosted RPCs cap log ranges) and
 * lose the reply to a forwarded `eth_sendRawTransaction` (the node got the transaction; the caller
 * never hears back), and refuse whole methods as a node without them does (`refuseMethods`, e.g.
 * `debug_traceTransaction` on a node without the debug API: geth's "method not found" reply). Every request is recorded in `seen`, with the block span of `eth_getLogs`
 * (when `maxLogBlocks` is set) and its first block (`from`, always).
 * Rules can be changed while it runs (`proxy.rules.dropSendReplies = false`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hex } from 'viem';

/** What the proxy refuses or loses. */
export interface RpcProxyRules {
  /** Refuse eth_getLogs spanning more blocks than this (an error reply, as capped nodes send). */
  maxLogBlocks?: bigint;
  /** Forward eth_sendRawTransaction, then drop the connection instead of replying. */
  dropSendReplies?: boolean;
  /** Reply to these methods with JSON-RPC error -32601 (method not found), as a node without them does. */
  refuseMethods?: string[];
}

/** A running proxy. */
export interface RpcProxy {
  url: string;
  rules: RpcProxyRules;
  seen: { method: string; span?: bigint; from?: bigint }[];
  close: () => Promise<void>;
}

/** Starts a proxy in front of `target` (a JSON-RPC URL on this machine). */
export async function startRpcProxy(target: string, rules: RpcProxyRules = {}): Promise<RpcProxy> {
  const seen: RpcProxy['seen'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      void (async () => {
        const msg = JSON.parse(body) as { id: number; method: string; params: { fromBlock?: Hex; toBlock?: Hex }[] };
        const entry: RpcProxy['seen'][number] = { method: msg.method };
        seen.push(entry);
        if (msg.method === 'eth_getLogs' && msg.params[0]?.fromBlock !== undefined) entry.from = BigInt(msg.params[0].fromBlock);
        if (rules.refuseMethods?.includes(msg.method)) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: `the method ${msg.method} does not exist/is not available` } }));
          return;
        }
        if (msg.method === 'eth_getLogs' && rules.maxLogBlocks !== undefined) {
          const p = msg.params[0]!;
          const span = BigInt(p.toBlock!) - BigInt(p.fromBlock!) + 1n;
          entry.span = span;
          if (span > rules.maxLogBlocks) {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32602, message: `block range ${span} exceeds ${rules.maxLogBlocks}` } }));
            return;
          }
        }
        const reply = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await reply.text();
        if (msg.method === 'eth_sendRawTransaction' && rules.dropSendReplies) {
          req.socket.destroy(); // the node got it; the reply is lost
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, rules, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
