/** The door of ts/report/ (internal to the package: the CLI and the demo use it). */
export { barChartSvg, svgToPng } from './chart.js';
export { rowValueChartSvg } from './row-chart.js';
