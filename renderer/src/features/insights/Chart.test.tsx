import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Chart } from './Chart';

afterEach(cleanup);
// A rendered chart and table on a shared 2-core machine: allow for scheduling delays. jsdom has no canvas (and no
// matchMedia), so nothing is drawn here: these are the parts a keyboard and a screen reader use, which need none.
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

  it('moves the tip with the pointer across the plot, and leaves it when the pointer leaves', () => {
    render(<Chart title="Views" rows={rows} format={String} compare={false} onExport={() => undefined} />);
    const box = document.querySelector('.chart-canvas') as HTMLElement;
    // jsdom lays nothing out: give the plot a 300 px wide box at x = 100.
    box.getBoundingClientRect = () => ({ left: 100, width: 300, top: 0, height: 180 }) as DOMRect;
    fireEvent.pointerMove(box, { clientX: 110 });
    expect(screen.getByText('2026-11-01: 10')).toBeTruthy();
    fireEvent.pointerMove(box, { clientX: 260 });
    expect(screen.getByText('2026-11-02: no value')).toBeTruthy();
    fireEvent.pointerMove(box, { clientX: 900 });
    expect(screen.getByText('2026-11-03: 30')).toBeTruthy();
    fireEvent.pointerLeave(box);
    expect(screen.getByText(/Point at the chart/)).toBeTruthy();
  });

  it('Escape and leaving the chart say nothing again; Home goes to the first day', () => {
    render(<Chart title="Views" rows={rows} format={String} compare={false} onExport={() => undefined} />);
    const plot = screen.getByRole('group', { name: /Views chart/ });
    fireEvent.keyDown(plot, { key: 'ArrowLeft' });
    expect(screen.getByText('2026-11-03: 30')).toBeTruthy();
    fireEvent.keyDown(plot, { key: 'Home' });
    expect(screen.getByText('2026-11-01: 10')).toBeTruthy();
    fireEvent.keyDown(plot, { key: 'Escape' });
    expect(screen.getByText(/Point at the chart/)).toBeTruthy();
    fireEvent.keyDown(plot, { key: 'End' });
    fireEvent.blur(plot);
    expect(screen.getByText(/Point at the chart/)).toBeTruthy();
  });

  it.each([
    ['no rows', [], []],
    ['one row', [{ day: D0, value: 5 }], ['2026-11-01: 5']],
    [
      'only empty days',
      [
        { day: D0, value: null },
        { day: D0 + DAY, value: null },
      ],
      ['2026-11-01: no value'],
    ],
    [
      'huge values',
      [
        { day: D0, value: 1e15 },
        { day: D0 + DAY, value: 2.5e15 },
      ],
      ['2026-11-01: 1000000000000000'],
    ],
    [
      'negative values',
      [
        { day: D0, value: -3 },
        { day: D0 + DAY, value: 4 },
      ],
      ['2026-11-01: -3'],
    ],
  ])('reads %s without breaking', (_, edge, tips) => {
    render(<Chart title="Views" rows={edge} format={String} compare={false} onExport={() => undefined} />);
    const plot = screen.getByRole('group', { name: /Views chart/ });
    fireEvent.keyDown(plot, { key: 'ArrowRight' });
    for (const tip of tips) expect(screen.getByText(tip)).toBeTruthy();
    if (!tips.length) expect(screen.getByText(/Point at the chart/)).toBeTruthy();
    // The table has a row per day, whatever the values.
    expect(screen.getAllByRole('row')).toHaveLength(edge.length + 1);
  });
});
