import { describe, expect, it } from 'vitest';
import { plateau, summarize, withinSpread } from './stats';

describe('withinSpread', () => {
  it('passes when min and max are both within the spread of the median', () => {
    expect(withinSpread(summarize([1.0, 1.1, 1.15, 1.2, 1.25]), 0.2)).toBe(true);
  });
  it('fails when one pair lies further than the spread above or below the median', () => {
    expect(withinSpread(summarize([0.9, 1.0, 1.0, 1.05, 1.46]), 0.2)).toBe(false);
    expect(withinSpread(summarize([0.56, 0.9, 0.92, 0.95, 1.0]), 0.2)).toBe(false);
  });
  it('fails with no samples', () => {
    expect(withinSpread(summarize([]), 0.2)).toBe(false);
  });
});

describe('plateau', () => {
  it('finds where a series that grows early settles, and at what level', () => {
    const s = [3.7, 4.0, 4.3, 4.5, 4.6, 4.62, 4.61, 4.63, 4.62, 4.63, 4.62, 4.63];
    const p = plateau(s, 0.09);
    expect(p.plateaued).toBe(true);
    expect(p.level).toBeCloseTo(4.625, 3);
    expect(p.from).toBe(4);
  });
  it('says a series still growing in its last third has not plateaued', () => {
    const s = Array.from({ length: 12 }, (_, i) => 3.7 + i * 0.08);
    expect(plateau(s, 0.09).plateaued).toBe(false);
  });
  it('needs at least three samples', () => {
    expect(plateau([1, 1], 0.1).plateaued).toBe(false);
  });
});
