import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Chart } from './Chart';

afterEach(cleanup);
// A rendered SVG and table on a shared 2-core machine: allow for scheduling delays.
vi.setConfig({ testTimeout: 30_000 });

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 10, 1);
const rows = [
  { day: D0, value: 10, previous: 4 },
  { day: D0 + DAY, value: null, previous: 6 },
  { day: D0 + 2 * DAY, value: 30, previous: null },
];

describe('Chart', () => {
  it('reads each day from the keyboard and says when a day has no value', () => {
    render(<Chart title="Views" rows={rows} format={String} compare onExport={() => undefined} />);
    const plot = screen.getByRole('group', { name: /Views chart/ });
    plot.focus();
    fireEvent.keyDown(plot, { key: 'ArrowRight' });
    expect(screen.getByText('2026-11-01: 10; previous period: 4')).toBeTruthy();
    fireEvent.keyDown(plot, { key: 'ArrowRight' });
    expect(screen.getByText('2026-11-02: no value; previous period: 6')).toBeTruthy();
    fireEvent.keyDown(plot, { key: 'End' });
    expect(screen.getByText('2026-11-03: 30; previous period: no value')).toBeTruthy();
  });

  it('has the same numbers as a table, with "Not available yet" instead of 0, and exports on request', () => {
    const onExport = vi.fn();
    render(<Chart title="Views" rows={rows} format={String} compare onExport={onExport} />);
    const cells = screen.getAllByRole('row').map((r) => r.textContent);
    expect(cells).toEqual([
      'DayViewsPrevious period',
      '2026-11-0110' + '4',
      '2026-11-02Not available yet6',
      '2026-11-0330Not available',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Export chart as CSV' }));
    expect(onExport).toHaveBeenCalledOnce();
  });
});
