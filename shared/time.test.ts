import { describe, expect, it } from 'vitest';
import { EARLIEST_GRAPH_TIME_MS, MAX_FUTURE_SKEW_MS, isFormattableTime, isPlausibleTime } from './time';

const NOW = Date.UTC(2026, 11, 1, 9, 40);

describe('isPlausibleTime', () => {
  it.each([
    ['a time an hour ago', NOW - 3_600_000, true],
    ['the first instant allowed', EARLIEST_GRAPH_TIME_MS, true],
    ['a day of clock skew ahead', NOW + MAX_FUTURE_SKEW_MS, true],
    ['one ms before 2004', EARLIEST_GRAPH_TIME_MS - 1, false],
    ['a day and a ms ahead', NOW + MAX_FUTURE_SKEW_MS + 1, false],
    ['0 (1970)', 0, false],
    ['negative', -1e20, false],
    ['one past the largest Date', 8.64e15 + 1, false],
    ['the largest Date (year 275760)', 8.64e15, false],
    ['1e300', 1e300, false],
    ['NaN', Number.NaN, false],
    ['Infinity', Number.POSITIVE_INFINITY, false],
    ['a string', '2024-01-01', false],
    ['null', null, false],
  ])('%s → %s', (_label, value, expected) => {
    expect(isPlausibleTime(value, NOW)).toBe(expected);
  });
});

describe('isFormattableTime', () => {
  it.each([
    [NOW, true],
    [0, true],
    [8.64e15, true],
    [-8.64e15, true],
    [8.64e15 + 1, false],
    [1e300, false],
    [Number.NaN, false],
    [undefined, false],
  ])('%s → %s', (value, expected) => {
    expect(isFormattableTime(value)).toBe(expected);
    if (expected) expect(() => new Date(value as number).toISOString()).not.toThrow();
    else if (typeof value === 'number') expect(() => new Date(value).toISOString()).toThrow(RangeError);
  });
});
