/** The door of ts/dev/ (internal to the package: the CLI and the demo use it). */
export { startAnvil, type Anvil, type AnvilAccount } from './anvil.js';
export { runFoundry } from './foundry.js';
export { DEFAULT_SHAPES_CONFIG, readShapesConfig, recordForgeDeployment, type ShapeArtifacts } from './forge-record.js';
