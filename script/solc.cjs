#!/usr/bin/env node
// Minimal solc CLI over the pinned npm `solc` (soljson), for Foundry's `solc = "script/solc.cjs"`.
// Foundry calls `--version` and `--standard-json` (JSON on stdin). Nothing is downloaded.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

function writeAll(text) {
  // fs.writeSync loops until the whole buffer is written; process.stdout.write + exit truncates pipes at 64 KiB.
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += fs.writeSync(1, buf, off, buf.length - off);
}

function findImport(importPath, basePath, includePaths) {
  const roots = [basePath, ...includePaths, process.cwd()].filter(Boolean);
  for (const root of roots) {
    const candidate = path.resolve(root, importPath);
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, 'utf8') };
  }
  return { error: `File not found: ${importPath}` };
}

function main(argv) {
  if (argv.includes('--version')) {
    writeAll(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
    return 0;
  }
  if (argv.includes('--standard-json')) {
    const valueOf = (flag) => {
      const i = argv.indexOf(flag);
      return i >= 0 ? argv[i + 1] : undefined;
    };
    const basePath = valueOf('--base-path');
    const includePaths = [];
    argv.forEach((a, i) => { if (a === '--include-path') includePaths.push(argv[i + 1]); });
    const input = fs.readFileSync(0, 'utf8');
    const output = solc.compile(input, { import: (p) => findImport(p, basePath, includePaths) });
    writeAll(output);
    return 0;
  }
  process.stderr.write('solc.cjs: only --version and --standard-json are supported\n');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
