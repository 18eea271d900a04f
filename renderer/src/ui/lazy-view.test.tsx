import { act, render, screen } from '@testing-library/react';
import { type ComponentType, Suspense } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { lazyView } from './lazy-view';

function Heavy() {
  return <p>heavy view</p>;
}

/** Renders a lazy view and waits until it is on screen. */
async function showView(View: ComponentType) {
  render(
    <Suspense fallback={<p>loading</p>}>
      <View />
    </Suspense>,
  );
  expect(await screen.findByText('heavy view')).toBeTruthy();
}

describe('lazyView', () => {
  it('fetches the chunk when the app is idle, so opening it later needs no network', async () => {
    vi.useFakeTimers();
    const load = vi.fn(() => Promise.resolve({ default: Heavy }));
    const View = lazyView(load);
    expect(load).not.toHaveBeenCalled();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_000);
    });
    expect(load).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
    await showView(View);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('retries a chunk whose prefetch failed instead of remembering the failure', async () => {
    vi.useFakeTimers();
    const load = vi
      .fn<() => Promise<{ default: typeof Heavy }>>()
      .mockRejectedValueOnce(new Error('host restarting'))
      .mockResolvedValue({ default: Heavy });
    const View = lazyView(load);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_000);
    });
    vi.useRealTimers();
    await showView(View);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("fetches a primary view's chunk right after start, before any first paint", async () => {
    vi.useFakeTimers();
    const idleLoad = vi.fn(() => Promise.resolve({ default: Heavy }));
    const startLoad = vi.fn(() => Promise.resolve({ default: Heavy }));
    lazyView(idleLoad);
    lazyView(startLoad, { prefetch: 'start' });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(startLoad).toHaveBeenCalledTimes(1);
    expect(idleLoad).not.toHaveBeenCalled();
    vi.useRealTimers();
  });
});
