import { describe, expect, it } from 'vitest';
import { indexAtFraction, loneIndexes, valueTicks } from './chart-scale';

describe('chart scale', () => {
  it('puts the value axis on round gridlines through 0, ending on the outermost, never a single line', () => {
    expect(valueTicks(3, 3100)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(valueTicks(0, 0.9)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(valueTicks(-30, 12)).toEqual([-40, -20, 0, 20]);
    expect(valueTicks(-7, -2)).toEqual([-8, -6, -4, -2, 0]);
    // Counts step by whole numbers.
    expect(valueTicks(0, 2)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(valueTicks(0, 2, true)).toEqual([0, 1, 2]);
    // No values (all days empty), or only zeros: 0 and 1, not one line at 0 that uPlot cannot scale.
    expect(valueTicks(null, null)).toEqual([0, 1]);
    expect(valueTicks(0, 0)).toEqual([0, 1]);
    expect(valueTicks(Number.NaN, Number.POSITIVE_INFINITY)).toEqual([0, 1]);
  });

  it('keeps huge finite values finite', () => {
    expect(valueTicks(0, 1e15)).toEqual([0, 2.5e14, 5e14, 7.5e14, 1e15]);
    expect(valueTicks(0, 1.2e15)).toEqual([0, 5e14, 1e15, 1.5e15]);
    for (const ticks of [valueTicks(0, Number.MAX_VALUE), valueTicks(-Number.MAX_VALUE, Number.MAX_VALUE)]) {
      expect(ticks.every(Number.isFinite)).toBe(true);
      expect(ticks[ticks.length - 1]).toBe(Number.MAX_VALUE);
    }
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
