// A page that has matchMedia but no 2D canvas (jsdom with matchMedia added, as in a browser that blocks canvas):
// the chart does not try to draw — uPlot is never loaded — and its tip, keys and table still work.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Chart } from './Chart';

vi.setConfig({ testTimeout: 30_000 });
const DAY = 86_400_000;
const D0 = Date.UTC(2026, 10, 1);
// Before Chart.tsx loads: it decides whether it can draw (and starts loading the plot) as it is imported.
const getContext = vi.hoisted(() => {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }) as unknown as MediaQueryList;
  const spy = { calls: [] as unknown[] };
  HTMLCanvasElement.prototype.getContext = function (...args: unknown[]) {
    spy.calls.push(args[0]);
    return null;
  } as typeof HTMLCanvasElement.prototype.getContext;
  return spy;
});

describe('Chart without a canvas', () => {
  afterAll(() => {
    cleanup();
    Reflect.deleteProperty(window, 'matchMedia');
  });

  it('asks for a 2D context, draws nothing and still reads every day', async () => {
    const rows = [
      { day: D0, value: 10 },
      { day: D0 + DAY, value: null },
    ];
    render(<Chart title="Reach" rows={rows} format={String} compare={false} onExport={() => undefined} />);
    expect(getContext.calls).toEqual(['2d']);
    const plot = screen.getByRole('group', { name: /Reach chart/ });
    fireEvent.keyDown(plot, { key: 'End' });
    expect(screen.getByText('2026-11-02: no value')).toBeTruthy();
    // Give a plot that would load time to appear: none does.
    await new Promise((r) => setTimeout(r, 50));
    expect(document.querySelector('.chart-canvas')?.childElementCount).toBe(0);
    expect(screen.getByTestId('insights-chart').hasAttribute('data-drawn-values')).toBe(false);
    expect(screen.getAllByRole('row')).toHaveLength(3);
  });
});
