// The one clock hook: relative times and the reply-window countdown move on without a reload.
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNow } from './use-now';

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
