import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  FALLBACK_MS,
  afterFirstPaint,
  markFirstPaint,
  resetFirstPaint,
  useAfterFirstPaint,
} from './first-paint';

beforeEach(() => {
  vi.useFakeTimers();
  resetFirstPaint();
});
afterEach(() => vi.useRealTimers());

describe('afterFirstPaint', () => {
  it('holds deferred work until the frame after the first window is rendered', async () => {
    const engineStart = vi.fn();
    afterFirstPaint(engineStart);
    await vi.advanceTimersByTimeAsync(500);
    expect(engineStart).not.toHaveBeenCalled();
    markFirstPaint();
    expect(engineStart).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(50);
    expect(engineStart).toHaveBeenCalledTimes(1);
    // Later work no longer waits, and nothing runs twice.
    const later = vi.fn();
    afterFirstPaint(later);
    markFirstPaint();
    await vi.advanceTimersByTimeAsync(FALLBACK_MS * 2);
    expect(later).toHaveBeenCalledTimes(1);
    expect(engineStart).toHaveBeenCalledTimes(1);
  });

  it('starts deferred work anyway when no view ever paints a first window', async () => {
    const engineStart = vi.fn();
    afterFirstPaint(engineStart);
    await vi.advanceTimersByTimeAsync(FALLBACK_MS - 10);
    expect(engineStart).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(engineStart).toHaveBeenCalledTimes(1);
    markFirstPaint();
    await vi.advanceTimersByTimeAsync(50);
    expect(engineStart).toHaveBeenCalledTimes(1);
  });

  it('never runs work that was cancelled (an unmounted shell)', async () => {
    const engineStart = vi.fn();
    const cancel = afterFirstPaint(engineStart);
    cancel();
    markFirstPaint();
    await vi.advanceTimersByTimeAsync(FALLBACK_MS * 2);
    expect(engineStart).not.toHaveBeenCalled();
  });
});

function Unread(props: { db: string }) {
  const db = useAfterFirstPaint(props.db);
  return <p>{db ?? 'not yet'}</p>;
}

describe('useAfterFirstPaint', () => {
  it('gives a hook its store only after the first paint', async () => {
    render(<Unread db="store" />);
    expect(screen.getByText('not yet')).toBeTruthy();
    await act(async () => {
      markFirstPaint();
      await vi.advanceTimersByTimeAsync(50);
    });
    expect(screen.getByText('store')).toBeTruthy();
  });
});
