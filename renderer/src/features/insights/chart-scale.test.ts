import { describe, expect, it } from 'vitest';
import { indexAtFraction, loneIndexes, niceMax, yRange } from './chart-scale';

describe('chart scale', () => {
  it('rounds the value axis outwards, always through 0, never empty', () => {
    expect(yRange(3, 3100)).toEqual([0, 5000]);
    expect(yRange(0, 2)).toEqual([0, 2]);
    expect(yRange(-30, 12)).toEqual([-50, 20]);
    expect(yRange(-7, -2)).toEqual([-10, 0]);
    // No values (all days empty), or only zeros: a 0…1 axis, not a 0…0 one uPlot cannot draw.
    expect(yRange(null, null)).toEqual([0, 1]);
    expect(yRange(0, 0)).toEqual([0, 1]);
    expect(yRange(Number.NaN, Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });

  it('keeps huge finite values finite', () => {
    expect(yRange(0, 1e15)).toEqual([0, 1e15]);
    expect(yRange(0, 1.2e15)).toEqual([0, 2e15]);
    const [, top] = yRange(0, Number.MAX_VALUE);
    expect(Number.isFinite(top)).toBe(true);
    expect(top).toBeGreaterThanOrEqual(Number.MAX_VALUE);
    expect(niceMax(Number.POSITIVE_INFINITY)).toBe(Number.MAX_VALUE);
  });

  it('finds the values with an empty day or the edge on both sides (drawn as dots)', () => {
    expect(loneIndexes([1, null, 3, 4, null, 6])).toEqual([0, 5]);
    expect(loneIndexes([null, 5, null])).toEqual([1]);
    expect(loneIndexes([7])).toEqual([0]);
    expect(loneIndexes([1, 2, 3])).toBeNull();
    expect(loneIndexes([null, undefined])).toBeNull();
    expect(loneIndexes([])).toBeNull();
  });

  it('says which day a pointer is over, clamped to the days there are', () => {
    expect(indexAtFraction(0, 28)).toBe(0);
    expect(indexAtFraction(1, 28)).toBe(27);
    expect(indexAtFraction(0.5, 3)).toBe(1);
    expect(indexAtFraction(-0.2, 3)).toBe(0);
    expect(indexAtFraction(1.4, 3)).toBe(2);
    expect(indexAtFraction(0.7, 1)).toBe(0);
    expect(indexAtFraction(0.5, 0)).toBeNull();
    expect(indexAtFraction(Number.NaN, 5)).toBeNull();
  });
});
