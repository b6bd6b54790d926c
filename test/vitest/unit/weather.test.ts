/**
 * The shipped weather table (ts/data/tables/weather.csv, README.md beside it): the file is the
 * source file the README names, byte for byte; every reading is in range with at most 4 decimals;
 * `weatherRound` / `writeWeatherCsv` split it deterministically into disjoint station-year
 * providers and a validation set, and what they write the CLI's CSV loaders read back. The
 * loader's and the splitter's guards are fed bad input.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTrainingCsv, formatValidationCsv, loadProviderCsv, loadTrainingCsv, loadValidationCsv } from '../../../ts/data/csv.js';
import { toFixed } from '../../../ts/data/fixed-point.js';
import * as door from '../../../ts/data/index.js';
import {
  STATION_YEARS,
  WEATHER_COLUMNS,
  WEATHER_CSV_PATH,
  WEATHER_CSV_SHA256,
  WEATHER_ROWS,
  loadWeather,
  parseWeather,
  stationYearRows,
  weatherRound,
  writeWeatherCsv,
  type WeatherDay,
} from '../../../ts/data/tables/weather.js';
import { inputError, zkmlError } from '../helpers/errors.js';

const DIR = dirname(WEATHER_CSV_PATH);
const README = readFileSync(join(DIR, 'README.md'), 'utf8');
const TEXT = readFileSync(WEATHER_CSV_PATH, 'utf8');
const HEADER = WEATHER_COLUMNS.join(',');

const values = (d: WeatherDay) => [d.precipitation, d.tempMax, d.tempMin, d.wind];

describe('the shipped weather table', () => {
  it('is the source file named in its README, byte for byte (SHA-256 and the git blob SHA-1 of datapackage.json)', () => {
    const bytes = readFileSync(WEATHER_CSV_PATH);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(sha).toBe(WEATHER_CSV_SHA256);
    expect(sha).toBe('27219f1ca8dbd94c9b6f4b9f4f52ab2f1eb33dfdcf719cd9fc6481ed50b74549');
    expect(README).toContain(sha);
    const blob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    expect(blob).toBe('0e7e853f4c5b67615da261d5d343824a43510f50');
    expect(README).toContain(`sha1:${blob}`);
    expect(bytes.length).toBe(121_417);
  });

  it('has 2,922 rows: every day of 2012..2015 at Seattle and at New York, in that order', () => {
    expect(TEXT.split('\n')[0]).toBe(HEADER);
    const days = loadWeather();
    expect(days).toHaveLength(WEATHER_ROWS);
    expect(WEATHER_ROWS).toBe(2922);
    expect(README).toContain('2,922');
    const blocks = stationYearRows(days);
    expect(blocks.map((b) => b.length)).toEqual([366, 366, 365, 365, 365, 365, 365, 365]);
    expect(STATION_YEARS.map((s) => `${s.location} ${s.year}`)).toEqual([
      'Seattle 2012', 'New York 2012', 'Seattle 2013', 'New York 2013', 'Seattle 2014', 'New York 2014', 'Seattle 2015', 'New York 2015',
    ]);
    expect(days.slice(0, 1461).every((d) => d.location === 'Seattle')).toBe(true);
    expect(days.slice(1461).every((d) => d.location === 'New York')).toBe(true);
    for (const half of [days.slice(0, 1461), days.slice(1461)]) {
      expect(half[0]!.date).toBe('2012-01-01');
      expect(half.at(-1)!.date).toBe('2015-12-31');
      for (let i = 1; i < half.length; i++) expect(Date.parse(half[i]!.date) - Date.parse(half[i - 1]!.date)).toBe(86_400_000);
    }
  });

  it('holds only values with at most 4 decimals and |value| ≤ 10^5, in the ranges the README states', () => {
    const days = loadWeather();
    const range = (loc: string, pick: (d: WeatherDay) => number) => {
      const v = days.filter((d) => d.location === loc).map(pick);
      return [Math.min(...v), Math.max(...v)];
    };
    for (const d of days) {
      for (const v of values(d)) {
        expect(v.raw, `line ${d.line}`).toMatch(/^-?\d+\.\d$/);
        // Exact at scale 10^4 within the 10^5 range: no rounding on the way to fixed point.
        expect(toFixed(v.raw, 10_000n, { limit: 100_000n })).toBe(BigInt(Math.round(v.value * 10_000)));
      }
    }
    expect(range('Seattle', (d) => d.precipitation.value)).toEqual([0, 55.9]);
    expect(range('New York', (d) => d.precipitation.value)).toEqual([0, 118.9]);
    expect(range('Seattle', (d) => d.tempMax.value)).toEqual([-1.6, 35.6]);
    expect(range('New York', (d) => d.tempMax.value)).toEqual([-7.7, 37.8]);
    expect(range('Seattle', (d) => d.tempMin.value)).toEqual([-7.1, 18.3]);
    expect(range('New York', (d) => d.tempMin.value)).toEqual([-16, 26.7]);
    expect(range('Seattle', (d) => d.wind.value)).toEqual([0.4, 9.5]);
    expect(range('New York', (d) => d.wind.value)).toEqual([0.9, 16.2]);
    const counts: Record<string, number> = {};
    for (const d of days) counts[d.weather] = (counts[d.weather] ?? 0) + 1;
    expect(counts).toEqual({ sun: 1466, rain: 1087, fog: 139, snow: 119, drizzle: 111 });
  });

  it('is on the data door', () => {
    expect(door.weatherRound).toBe(weatherRound);
    expect(door.writeWeatherCsv).toBe(writeWeatherCsv);
    expect(door.loadWeather).toBe(loadWeather);
    expect(door.WEATHER_ROWS).toBe(WEATHER_ROWS);
    expect(door.STATION_YEARS).toBe(STATION_YEARS);
  });
});

describe('weatherRound', () => {
  const days = loadWeather();
  const blocks = stationYearRows(days);

  it('splits into 8 station-year providers × 250 rows and 922 validation rows: every row once, x1 = temp_min, y = temp_max', () => {
    const round = weatherRound();
    expect(round.training.d).toBe(1);
    expect(round.validation.d).toBe(1);
    expect(round.training.providers).toEqual(Array.from({ length: 8 }, (_, i) => `provider${i + 1}`));
    expect(round.stationYears).toEqual(STATION_YEARS);
    expect(round.sizes).toEqual(Array(8).fill(250));
    expect(round.training.rows).toHaveLength(2000);
    expect(round.validation.rows).toHaveLength(922);
    // Disjoint and covering: every index once.
    const all = [...round.providerRows.flat(), ...round.validationRows].sort((a, b) => a - b);
    expect(all).toEqual(days.map((_, i) => i));
    // Each provider's rows are days of its own station-year.
    round.providerRows.forEach((idx, p) => {
      const { location, year } = STATION_YEARS[p]!;
      for (const i of idx) expect([days[i]!.location, days[i]!.date.slice(0, 4)]).toEqual([location, String(year)]);
      expect(idx.every((i) => blocks[p]!.includes(i))).toBe(true);
    });
    // The rows are the table's rows at those indices, in table order, provider by provider.
    const expected = round.providerRows.flatMap((idx, p) => idx.map((i) => ({ provider: `provider${p + 1}`, x: [days[i]!.tempMin], y: days[i]!.tempMax })));
    expect(round.training.rows.map(({ provider, x, y }) => ({ provider, x, y }))).toEqual(expected);
    expect(round.validation.rows.map(({ x, y }) => ({ x, y }))).toEqual(round.validationRows.map((i) => ({ x: [days[i]!.tempMin], y: days[i]!.tempMax })));
    for (const idx of [...round.providerRows, round.validationRows]) expect(idx).toEqual([...idx].sort((a, b) => a - b));
    // Validation comes from all 8 station-years.
    expect(new Set(round.validationRows.map((i) => `${days[i]!.location} ${days[i]!.date.slice(0, 4)}`)).size).toBe(8);
  });

  it('takes precipitation as x2 with features: 2, on the same split', () => {
    const one = weatherRound({ seed: 5 });
    const two = weatherRound({ seed: 5, features: 2 });
    expect(two.training.d).toBe(2);
    expect(two.validation.d).toBe(2);
    expect(two.providerRows).toEqual(one.providerRows);
    expect(two.validationRows).toEqual(one.validationRows);
    expect(two.training.rows.map((r) => r.x)).toEqual(one.providerRows.flat().map((i) => [days[i]!.tempMin, days[i]!.precipitation]));
    expect(two.training.rows.map((r) => r.y)).toEqual(one.training.rows.map((r) => r.y));
  });

  it('is deterministic for a seed and honours the options', () => {
    expect(weatherRound({ seed: 7 })).toEqual(weatherRound({ seed: 7 }));
    expect(weatherRound({ seed: 7 }).providerRows).not.toEqual(weatherRound({ seed: 8 }).providerRows);
    expect(weatherRound({ seed: 7 }).validationRows).not.toEqual(weatherRound({ seed: 8 }).validationRows);
    // The example: providers holding a year of daily readings each, 1,000 validation rows.
    const big = weatherRound({ trainingRows: 1922, validationRows: 1000 });
    expect(big.sizes).toEqual([241, 241, 240, 240, 240, 240, 240, 240]);
    expect(big.validation.rows).toHaveLength(1000);
    expect(new Set([...big.providerRows.flat(), ...big.validationRows]).size).toBe(2922);
    // Whole station-years: every row of the 8 but one, and the leap years' extra day goes to 2012.
    const full = weatherRound({ trainingRows: 2921 });
    expect(full.sizes).toEqual([366, 365, 365, 365, 365, 365, 365, 365]);
    expect(full.validation.rows).toHaveLength(1);
    expect(weatherRound({ providers: 3, trainingRows: 1097 }).sizes).toEqual([366, 366, 365]);
    expect(weatherRound({ providers: 1, trainingRows: 366 }).providerRows[0]).toEqual(blocks[0]);
    const part = weatherRound({ providers: 3, trainingRows: 100, validationRows: 10 });
    expect(part.sizes).toEqual([34, 33, 33]);
    expect(part.stationYears).toEqual(STATION_YEARS.slice(0, 3));
    expect(new Set([...part.providerRows.flat(), ...part.validationRows]).size).toBe(110);
  });

  it.each([
    [{ providers: 0 }, /providers must be an integer from 1 to 8, got 0/],
    [{ providers: 9 }, /providers must be an integer from 1 to 8, got 9/],
    [{ providers: 2.5 }, /providers/],
    [{ trainingRows: 2922 }, /trainingRows must be an integer from 8 \(a row per provider\) to 2921 \(the 8 providers' station-years hold 2922 rows, and at least one row is left for validation\), got 2922\./],
    [{ trainingRows: 7 }, /trainingRows must be an integer from 8 /],
    [{ providers: 1, trainingRows: 367 }, /trainingRows must be an integer from 1 \(a row per provider\) to 366 \(the provider's station-year holds 366 rows/],
    [{ trainingRows: 10.5 }, /trainingRows/],
    [{ validationRows: 0 }, /validationRows must be an integer from 1 to 922, got 0/],
    [{ validationRows: 923 }, /validationRows must be an integer from 1 to 922, got 923/],
    [{ features: 3 as 1 }, /features must be 1 \(temp_min\) or 2 \(temp_min, precipitation\), got 3/],
    [{ seed: -1 }, /seed/],
  ])('refuses %j', (bad, message) => {
    const err = inputError(() => weatherRound(bad));
    expect(err.code).toBe('INPUT_BAD_OPTION');
    expect(err.message).toMatch(message);
  });
});

describe('writeWeatherCsv', () => {
  it('writes the training, validation and per-provider files the CLI takes, generated at run time', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'weather-')), 'out');
    const out = writeWeatherCsv(dir);
    const round = weatherRound();
    expect(readFileSync(out.trainingPath, 'utf8')).toBe(formatTrainingCsv(round.training));
    expect(readFileSync(out.validationPath, 'utf8')).toBe(formatValidationCsv(round.validation));
    expect(readFileSync(out.trainingPath, 'utf8').split('\n')[0]).toBe('provider,x1,y');
    expect(readFileSync(out.validationPath, 'utf8').split('\n')[0]).toBe('x1,y');
    expect([out.trainingPath, out.validationPath, ...out.providerPaths].map((p) => p.slice(dir.length + 1))).toEqual([
      'weather-training.csv',
      'weather-validation.csv',
      ...Array.from({ length: 8 }, (_, i) => `weather-provider${i + 1}.csv`),
    ]);
    // The provider files together are the training file's rows, provider by provider.
    const fromProviders = out.providerPaths.flatMap((p, i) => readFileSync(p, 'utf8').trimEnd().split('\n').slice(1).map((l) => `provider${i + 1},${l}`));
    expect(fromProviders).toEqual(readFileSync(out.trainingPath, 'utf8').trimEnd().split('\n').slice(1));
    for (const p of out.providerPaths) expect(readFileSync(p, 'utf8').split('\n')[0]).toBe('x1,y');
  });

  it.each([1, 2] as const)('writes files the CLI CSV loaders read back to the same values, D = %i (a split the shipped shapes hold)', (features) => {
    const options = { providers: 4, trainingRows: 40, validationRows: 20, seed: 3, features };
    const out = writeWeatherCsv(mkdtempSync(join(tmpdir(), 'weather-')), options);
    const round = weatherRound(options);
    const training = loadTrainingCsv(out.trainingPath);
    const validation = loadValidationCsv(out.validationPath, { d: training.d });
    const strip = (rows: { x: unknown; y: unknown }[]) => rows.map(({ x, y }) => ({ x, y }));
    expect(training.d).toBe(features);
    expect(readFileSync(out.trainingPath, 'utf8').split('\n')[0]).toBe(features === 1 ? 'provider,x1,y' : 'provider,x1,x2,y');
    expect(training.providers).toEqual(round.training.providers);
    expect(training.rows.map(({ provider, x, y }) => ({ provider, x, y }))).toEqual(round.training.rows.map(({ provider, x, y }) => ({ provider, x, y })));
    expect(strip(validation.rows)).toEqual(strip(round.validation.rows));
    out.providerPaths.forEach((p, i) => {
      const provider = loadProviderCsv(p);
      expect(provider.d).toBe(features);
      expect(strip(provider.rows)).toEqual(strip(round.training.rows.filter((r) => r.provider === `provider${i + 1}`)));
    });
  });
});

describe('the loader refuses a damaged table', () => {
  const row = 'Seattle,2012-01-01,0.0,12.8,5.0,4.7,drizzle';
  it.each([
    ['a wrong header', `location,date,temp_max\n${row}\n`, /header/],
    ['an empty file', '', /header/],
    ['a row with a missing cell', `${HEADER}\nSeattle,2012-01-01,0.0,12.8,5.0,4.7\n`, /line 2 has 6 cells, not 7/],
    ['an unclosed quote', `${HEADER}\n"Seattle,2012-01-01,0.0,12.8,5.0,4.7,drizzle\n`, /quote/i],
    ['another station', `${HEADER}\nBoston,2012-01-01,0.0,12.8,5.0,4.7,drizzle\n`, /line 2 location is "Boston"/],
    ['an unknown category', `${HEADER}\nSeattle,2012-01-01,0.0,12.8,5.0,4.7,hail\n`, /line 2 weather is "hail"/],
    ['a date that is not on the calendar', `${HEADER}\nSeattle,2013-02-29,0.0,12.8,5.0,4.7,rain\n`, /line 2 date is "2013-02-29", not a calendar date/],
    ['a date in another format', `${HEADER}\nSeattle,01/01/2012,0.0,12.8,5.0,4.7,rain\n`, /line 2 date/],
    ['a negative precipitation', `${HEADER}\nSeattle,2012-01-01,-0.1,12.8,5.0,4.7,rain\n`, /line 2 precipitation is "-0.1"/],
    ['an empty reading', `${HEADER}\nSeattle,2012-01-01,0.0,,5.0,4.7,rain\n`, /line 2 temp_max is ""/],
    ['a temperature out of range', `${HEADER}\nSeattle,2012-01-01,0.0,61.0,5.0,4.7,rain\n`, /line 2 temp_max is "61.0", not a reading from -90 to 60/],
    ['more than 4 decimals', `${HEADER}\nSeattle,2012-01-01,0.0,12.8,5.00001,4.7,rain\n`, /line 2 temp_min .*at most 4 decimals/],
    ['a reading in exponent form', `${HEADER}\nSeattle,2012-01-01,0.0,12.8,5.0,4e0,rain\n`, /line 2 wind is "4e0"/],
    ['temp_min above temp_max', `${HEADER}\nSeattle,2012-01-01,0.0,4.9,5.0,4.7,rain\n`, /line 2 has temp_min 5.0 above temp_max 4.9/],
  ])('%s', (_, text, message) => {
    const err = zkmlError(() => parseWeather(text, 'weather.csv'));
    expect(err.code).toBe('TABLE_CORRUPT');
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^weather\.csv: .*reinstall/);
  });

  it('reads a well-formed row', () => {
    expect(parseWeather(`${HEADER}\n${row}\n`)).toEqual([
      {
        line: 2,
        location: 'Seattle',
        date: '2012-01-01',
        precipitation: { raw: '0.0', value: 0 },
        tempMax: { raw: '12.8', value: 12.8 },
        tempMin: { raw: '5.0', value: 5 },
        wind: { raw: '4.7', value: 4.7 },
        weather: 'drizzle',
      },
    ]);
  });

  const lines = TEXT.trimEnd().split('\n');
  const whole = (edit: (rows: string[]) => string[]) => parseWeather(`${[lines[0]!, ...edit(lines.slice(1))].join('\n')}\n`, 'weather.csv');
  it.each([
    ['a missing row', (r: string[]) => r.slice(1), /it has 2921 rows, not 2922/],
    ['a repeated day', (r: string[]) => [r[0]!, r[0]!, ...r.slice(2)], /line 3 repeats Seattle 2012-01-01/],
    ['a day outside 2012..2015', (r: string[]) => [r[0]!.replace('2012-01-01', '2016-01-01'), ...r.slice(1)], /line 2 is Seattle on 2016-01-01, outside the station-years/],
    ['a day moved to another year', (r: string[]) => [r[0]!.replace('2012-01-01', '2013-01-01'), ...r.slice(1)], /repeats Seattle 2013-01-01/],
    ['a station swapped on one day', (r: string[]) => [r[0]!.replace('Seattle', 'New York'), ...r.slice(1)], /repeats New York 2012-01-01/],
  ])('refuses a table with %s', (_, edit, message) => {
    const err = zkmlError(() => stationYearRows(whole(edit), 'weather.csv'));
    expect(err.code).toBe('TABLE_CORRUPT');
    expect(err.message).toMatch(message);
  });

});
