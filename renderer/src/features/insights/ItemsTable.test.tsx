import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type MediaRow } from '../../data/db';
import { ItemsTable } from './ItemsTable';
import { type ItemRow } from './use-insights';

afterEach(cleanup);

const reel = {
  id: 'ig:1',
  nativeId: '1',
  accountId: 'a',
  mediaType: 'VIDEO',
  productType: 'REELS',
  caption: 'Pouring wax',
  timestamp: Date.UTC(2026, 10, 20),
  syncedAt: 0,
} as unknown as MediaRow;

describe('ItemsTable', () => {
  it('shows a reel’s average watch time, skip rate and views on Facebook, and "Not available yet" instead of 0', () => {
    const rows: ItemRow[] = [
      {
        objectId: '1',
        network: 'instagram',
        media: reel,
        numbers: { views: 1500, ig_reels_avg_watch_time: 4200, reels_skip_rate: 31.25, facebook_views: 320 },
        asOf: Date.UTC(2026, 10, 30),
      },
      { objectId: '2', network: 'instagram', numbers: {}, asOf: 0 },
    ];
    render(<ItemsTable rows={rows} unavailable={{ '2': 'not-enough-viewers' }} onOpen={() => undefined} />);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[↑↓ ]+$/, ''));
    expect(headers).toContain('Views on Facebook');
    const [first, second] = screen.getAllByTestId('item-row');
    const cells = within(first!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(expect.arrayContaining(['1,500', '4.2 s', '31.3%', '320']));
    const empty = within(second!).getAllByRole('cell').slice(1);
    expect(empty.every((c) => c.textContent === 'Not available yet')).toBe(true);
    expect(second!.textContent).not.toMatch(/\b0\b/);
  });
});
