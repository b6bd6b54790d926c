/**
 * `zkml-incentives/data`: CSV datasets, exact decimal fixed point (rows are converted once, by
 * `fixedRows`), synthetic data and the shipped tables. Shapes, valuation and per-row values are on
 * the package's main entry.
 */
export {
  formatTrainingCsv,
  formatValidationCsv,
  loadDatasets,
  loadTrainingCsv,
  loadValidationCsv,
  parseTrainingCsv,
  parseValidationCsv,
  rowsOf,
  type DecimalValue,
  type ParseOptions,
  type Sample,
  type TrainingRow,
  type TrainingSet,
  type ValidationParseOptions,
  type ValidationSet,
} from './csv.js';
export { MAX_ABS_VALUE, fromFixed, parseDecimal, toFixed, type ParsedDecimal, type ToFixedOptions } from './fixed-point.js';
export { generateSynthetic, writeSyntheticCsv, type SyntheticDataset, type SyntheticOptions, type PoisonMode } from './synthetic.js';
export { loadPenguins, writePenguinsCsv, PENGUINS_CSV_PATH, type PenguinsOptions, type PenguinsSplit } from './tables/penguins.js';
export {
  loadWeather,
  weatherRound,
  writeWeatherCsv,
  STATION_YEARS,
  WEATHER_COLUMNS,
  WEATHER_CSV_PATH,
  WEATHER_ROWS,
  type StationYear,
  type WeatherCsvPaths,
  type WeatherDay,
  type WeatherLocation,
  type WeatherRound,
  type WeatherRoundOptions,
} from './tables/weather.js';
export { fixedRows, lambdaFixed } from './fixed-rows.js';
export { loadProviderCsv } from './csv.js';
export { MAX_PROVIDERS, MIN_PROVIDERS } from './synthetic.js';
