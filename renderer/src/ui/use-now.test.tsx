// The one clock hook: relative times and the reply-window countdown move on without a reload.
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { noteMetaClock } from '../data/meta-clock';
import { useMetaNow, useNow } from './use-now';

function Clock(props: { everyMs?: number }) {
  return <span>{useNow(props.everyMs)}</span>;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => vi.useRealTimers());

describe('useNow', () => {
  it('re-renders once a minute by default, and at the interval asked for', () => {
    render(
      <>
        <Clock />
        <Clock everyMs={30_000} />
      </>,
    );
    expect(screen.getAllByText('1000000')).toHaveLength(2);
    act(() => void vi.advanceTimersByTime(30_000));
    expect(screen.getByText('1030000')).toBeTruthy();
    expect(screen.getByText('1000000')).toBeTruthy();
    act(() => void vi.advanceTimersByTime(30_000));
    expect(screen.getAllByText('1060000')).toHaveLength(2);
  });
});

describe('useMetaNow', () => {
  function MetaClock() {
    return <span data-testid="meta">{useMetaNow()}</span>;
  }
  afterEach(() => noteMetaClock({ offsetMs: 0, toleranceMs: 0 }));

  it('is the local time until the host measures Meta, then moves at once with the offset', () => {
    render(<MetaClock />);
    expect(screen.getByTestId('meta').textContent).toBe('1000000');
    // The local clock is 3 days fast: a comment Meta dated 6 days ago is 3 days old in Meta's time.
    act(() => noteMetaClock({ offsetMs: -3 * 86_400_000, toleranceMs: 900 }));
    expect(screen.getByTestId('meta').textContent).toBe(String(1_000_000 - 3 * 86_400_000));
    act(() => void vi.advanceTimersByTime(60_000));
    expect(screen.getByTestId('meta').textContent).toBe(String(1_060_000 - 3 * 86_400_000));
  });
});
