#!/usr/bin/env node
// Minimal solc CLI over the pinned npm `solc` (soljson), for Foundry's `solc = "script/solc.cjs"`.
// Foundry calls `--version` and `--standard-json` (JSON on stdin). Nothing is downloaded.
//
// soljson is a 32-bit WebAssembly build: one compilation of every source of this project (two dozen
// generated UltraHonk verifiers of 100–330 kB each, forge-std, the tests) exhausts its memory
// ("RuntimeError: memory access out of bounds"). So a large input is compiled in batches, each in its
// own process: the files Foundry wants output for are grouped up to BATCH_BYTES of source, every batch
// reads its imports from the input (then from disk), and the outputs are merged. Each contract's
// bytecode and metadata depend only on the sources it imports, so they are the same as in one
// compilation; source ids are renumbered over the merged source list, and the file index of every
// source map with them, so ids and source maps stay consistent.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

/** Source bytes (of the files output is wanted for) per batch; one verifier is at most ~330 kB. */
const BATCH_BYTES = 1_200_000;

function writeAll(text) {
  // fs.writeSync loops until the whole buffer is written; process.stdout.write + exit truncates pipes at 64 KiB.
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += fs.writeSync(1, buf, off, buf.length - off);
}

function findImport(importPath, basePath, includePaths, known) {
  if (known && typeof known[importPath] === 'string') return { contents: known[importPath] };
  const roots = [basePath, ...includePaths, process.cwd()].filter(Boolean);
  for (const root of roots) {
    const candidate = path.resolve(root, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `File not found: ${importPath}` };
}

function compile(input, basePath, includePaths, known) {
  const solc = require('solc');
  return solc.compile(JSON.stringify(input), { import: (p) => findImport(p, basePath, includePaths, known) });
}

/** Groups the files output is wanted for into batches of at most BATCH_BYTES of source (one file may exceed it). */
function planBatches(input) {
  const selection = (input.settings && input.settings.outputSelection) || {};
  const roots = Object.keys(selection);
  // Only explicit files can be batched (a wildcard selection is compiled in one go).
  if (roots.some((r) => !input.sources[r] || typeof input.sources[r].content !== 'string')) return null;
  const size = (r) => Buffer.byteLength(input.sources[r].content, 'utf8');
  const total = roots.reduce((s, r) => s + size(r), 0);
  if (total <= BATCH_BYTES) return null;
  const batches = [];
  let current = [];
  let bytes = 0;
  // Small files first (they share imports: forge-std, OpenZeppelin, the contracts), then the big ones.
  for (const r of [...roots].sort((a, b) => size(a) - size(b) || (a < b ? -1 : 1))) {
    if (current.length && bytes + size(r) > BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size(r);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** "s:l:f:j:m;..." with every file index f ≥ 0 mapped through `map`. */
function remapSourceMap(sourceMap, map) {
  if (typeof sourceMap !== 'string' || sourceMap === '') return sourceMap;
  return sourceMap
    .split(';')
    .map((entry) => {
      const fields = entry.split(':');
      if (fields.length > 2 && fields[2] !== '' && fields[2] !== '-1') fields[2] = String(map[Number(fields[2])]);
      return fields.join(':');
    })
    .join(';');
}

function compileBatched(input, batches, argv) {
  const known = Object.fromEntries(Object.entries(input.sources).map(([k, v]) => [k, v.content]));
  const outputs = batches.map((roots) => {
    const batchInput = {
      ...input,
      sources: Object.fromEntries(roots.map((r) => [r, input.sources[r]])),
      settings: { ...input.settings, outputSelection: Object.fromEntries(roots.map((r) => [r, input.settings.outputSelection[r]])) },
    };
    const child = spawnSync(process.execPath, [__filename, '--standard-json-batch', ...argv], {
      input: JSON.stringify({ input: batchInput, known }),
      maxBuffer: 1 << 30,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`solc.cjs: a batch of ${roots.length} file(s) failed (${roots[0]}…)`);
    return JSON.parse(child.stdout.toString('utf8'));
  });
  // One id per source over every batch, in name order; each batch's ids map onto them.
  const names = [...new Set(outputs.flatMap((o) => Object.keys(o.sources || {})))].sort();
  const globalId = Object.fromEntries(names.map((n, i) => [n, i]));
  const merged = { contracts: {}, sources: {}, errors: [] };
  const seenErrors = new Set();
  for (const out of outputs) {
    const map = {};
    for (const [name, src] of Object.entries(out.sources || {})) {
      map[src.id] = globalId[name];
      if (!merged.sources[name]) merged.sources[name] = { ...src, id: globalId[name] };
    }
    for (const e of out.errors || []) {
      const key = e.formattedMessage || e.message;
      if (!seenErrors.has(key)) {
        seenErrors.add(key);
        merged.errors.push(e);
      }
    }
    for (const [file, contracts] of Object.entries(out.contracts || {})) {
      if (merged.contracts[file]) continue;
      for (const c of Object.values(contracts)) {
        for (const code of [c.evm && c.evm.bytecode, c.evm && c.evm.deployedBytecode]) {
          if (code && code.sourceMap) code.sourceMap = remapSourceMap(code.sourceMap, map);
        }
      }
      merged.contracts[file] = contracts;
    }
  }
  if (merged.errors.length === 0) delete merged.errors;
  return JSON.stringify(merged);
}

function main(argv) {
  if (argv.includes('--version')) {
    writeAll(`solc, the solidity compiler commandline interface\nVersion: ${require('solc').version()}\n`);
    return 0;
  }
  const valueOf = (flag) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const basePath = valueOf('--base-path');
  const includePaths = [];
  argv.forEach((a, i) => {
    if (a === '--include-path') includePaths.push(argv[i + 1]);
  });
  if (argv.includes('--standard-json-batch')) {
    const { input, known } = JSON.parse(fs.readFileSync(0, 'utf8'));
    writeAll(compile(input, basePath, includePaths, known));
    return 0;
  }
  if (argv.includes('--standard-json')) {
    const text = fs.readFileSync(0, 'utf8');
    const input = JSON.parse(text);
    const batches = input.language === 'Solidity' && input.sources ? planBatches(input) : null;
    const passOn = argv.filter((a) => a !== '--standard-json');
    writeAll(batches ? compileBatched(input, batches, passOn) : compile(input, basePath, includePaths));
    return 0;
  }
  process.stderr.write('solc.cjs: only --version and --standard-json are supported\n');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
