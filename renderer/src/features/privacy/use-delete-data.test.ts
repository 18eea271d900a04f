import { describe, expect, it } from 'vitest';
import { dayInputValue, startOfDay } from './use-delete-data';

describe('the messages date of Delete stored data', () => {
  it('is the start of the picked day on this computer', () => {
    expect(startOfDay('2026-03-01')).toBe(new Date(2026, 2, 1).getTime());
    expect(startOfDay(dayInputValue(0, new Date(2026, 10, 5, 23, 59).getTime()))).toBe(
      new Date(2026, 10, 5).getTime(),
    );
  });

  it('refuses what is not a real day instead of rolling it over to another one', () => {
    for (const bad of [
      '',
      '2026-02-31',
      '2026-13-01',
      '2026-00-10',
      '26-1-1',
      '2026-01-01T00:00',
      'yesterday',
    ])
      expect(startOfDay(bad), bad).toBeUndefined();
  });
});
