// Meta's windows are judged in Meta's time: the offset the host measured moves "now", and junk never does.
import { describe, expect, it, vi } from 'vitest';
import { localFromMeta, metaNow, noteMetaClock, onMetaClock } from './meta-clock';

const DAY = 86_400_000;

describe('meta clock', () => {
  it('adds the measured offset to the local time, tells listeners once per change, and ignores junk', () => {
    noteMetaClock({ offsetMs: 0, toleranceMs: 500 });
    const heard = vi.fn();
    const off = onMetaClock(heard);
    expect(metaNow(1_000)).toBe(1_000);
    // A local clock two days slow: Meta is two days ahead.
    noteMetaClock({ offsetMs: 2 * DAY, toleranceMs: 800 });
    expect(metaNow(1_000)).toBe(1_000 + 2 * DAY);
    expect(localFromMeta(metaNow(5_000))).toBe(5_000);
    noteMetaClock({ offsetMs: 2 * DAY, toleranceMs: 100 });
    // Readings a few ms apart (every sync has one) move nothing and re-render nothing.
    noteMetaClock({ offsetMs: 2 * DAY + 340, toleranceMs: 600 });
    noteMetaClock({ offsetMs: 2 * DAY - 420, toleranceMs: 600 });
    expect(heard).toHaveBeenCalledTimes(1);
    expect(metaNow(1_000)).toBe(1_000 + 2 * DAY);
    // No reading, a non-number, an absurd-but-finite offset: the last good reading stays.
    noteMetaClock(undefined);
    noteMetaClock({ offsetMs: Number.NaN, toleranceMs: 0 });
    noteMetaClock({ offsetMs: 1e15, toleranceMs: 0 });
    expect(metaNow(1_000)).toBe(1_000 + 2 * DAY);
    off();
    noteMetaClock({ offsetMs: 0, toleranceMs: 500 });
    expect(heard).toHaveBeenCalledTimes(1);
    expect(metaNow(1_000)).toBe(1_000);
  });
});
