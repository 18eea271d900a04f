import { describe, expect, it } from 'vitest';
import { fullTime, isoTime, relativeTime } from './time';

describe('formatters on a time Date cannot hold (a row cached before times were checked)', () => {
  it.each([8.64e15 + 1, 1e300, -1e20, Number.NaN])('%s formats as nothing instead of throwing', (ms) => {
    expect(relativeTime(ms)).toBe('');
    expect(fullTime(ms)).toBe('');
    expect(isoTime(ms)).toBeUndefined();
  });
  it('a good time still formats', () => {
    expect(isoTime(Date.UTC(2024, 0, 15, 10, 30))).toBe('2024-01-15T10:30:00.000Z');
  });
});
