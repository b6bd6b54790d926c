/** The door of ts/report/ (internal to the package: the CLI and the demo use it). */
export { rowValueChartSvg } from './row-chart.js';
