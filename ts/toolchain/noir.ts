import type { CompiledCircuit } from '@noir-lang/noir_js';

/**
 * A compiled circuit as committed under `noir/artifacts/`: the fields noir_js and bb.js need.
 * `debug_symbols` and `file_map` are dropped: they hold absolute paths and would make the
 * committed artifact depend on where the repository was cloned.
 */
export interface CircuitArtifact {
  noir_version: string;
  hash: string;
  abi: CompiledCircuit['abi'];
  bytecode: string;
}

/** The artifact in the shape noir_js expects (no debug information). */
export function toCompiledCircuit(artifact: CircuitArtifact): CompiledCircuit {
  return { abi: artifact.abi, bytecode: artifact.bytecode, debug_symbols: '', file_map: {} };
}
