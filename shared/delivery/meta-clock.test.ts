import { describe, expect, it } from 'vitest';
import { betterClock, readMetaClock } from './meta-clock';

describe('readMetaClock', () => {
  const date = 'Tue, 01 Dec 2026 10:00:00 GMT';
  const meta = Date.parse(date);
  it.each([
    // [label, sentAt, receivedAt, offset, uncertainty]
    ['local clock 5 min ahead, instant answer', meta + 300_000, meta + 300_000, -299_500, 500],
    ['local clock 5 min behind, 200 ms round trip', meta - 300_100, meta - 299_900, 300_500, 600],
    ['clocks agree', meta, meta + 100, 450, 550],
  ])('%s', (_label, sentAt, receivedAt, offsetMs, uncertaintyMs) => {
    expect(readMetaClock(date, sentAt, receivedAt)).toEqual({
      offsetMs,
      uncertaintyMs,
      measuredAt: receivedAt,
    });
  });
  it.each([[undefined], [null], [''], ['yesterday-ish']])('no reading from %j', (h) => {
    expect(readMetaClock(h, 0, 1)).toBeUndefined();
  });
  it('keeps the more precise reading, but not a stale or contradicted one', () => {
    const a = { offsetMs: 1000, uncertaintyMs: 500, measuredAt: 0 };
    const worse = { offsetMs: 1200, uncertaintyMs: 2000, measuredAt: 1000 };
    expect(betterClock(a, worse)).toBe(a);
    expect(betterClock(a, { ...worse, measuredAt: 11 * 60_000 })).toEqual({
      ...worse,
      measuredAt: 11 * 60_000,
    });
    const jumped = { offsetMs: 300_000, uncertaintyMs: 2000, measuredAt: 1000 };
    expect(betterClock(a, jumped)).toBe(jumped);
    expect(betterClock(undefined, a)).toBe(a);
    expect(betterClock(a, undefined)).toBe(a);
  });
});
