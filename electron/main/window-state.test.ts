import { describe, expect, it, vi } from 'vitest';
import {
  clampToScreen,
  DEFAULT_WINDOW_STATE,
  MIN_HEIGHT,
  MIN_WIDTH,
  trackWindowState,
  type Rect,
  type TrackedWindow,
} from './window-state';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 900 };
const rightMonitor: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('clampToScreen', () => {
  it('starts a fresh install at 1280×800, centered', () => {
    expect(clampToScreen(undefined, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
    expect(clampToScreen({}, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('restores a position that is still on a display', () => {
    expect(clampToScreen({ x: 100, y: 50, width: 1000, height: 700, maximized: true }, [laptop])).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it('restores a window on the second monitor while it is plugged in', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: false };
    expect(clampToScreen(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('centers the window (drops x/y) when its monitor was unplugged', () => {
    const state = clampToScreen({ x: 2000, y: 100, width: 1600, height: 1000, maximized: false }, [laptop]);
    expect(state.x).toBeUndefined();
    expect(state.y).toBeUndefined();
    expect(state.width).toBeLessThanOrEqual(laptop.width);
    expect(state.height).toBeLessThanOrEqual(laptop.height);
  });

  it('pulls a window that hangs over the edge back onto its display', () => {
    const state = clampToScreen({ x: 1000, y: 600, width: 1000, height: 700, maximized: false }, [laptop]);
    expect(state).toMatchObject({ width: 1000, height: 700 });
    expect(state.x! + state.width).toBeLessThanOrEqual(laptop.width);
    expect(state.y! + state.height).toBeLessThanOrEqual(laptop.height);
  });

  it('never shrinks below the minimum or grows beyond the display', () => {
    expect(clampToScreen({ width: 200, height: 100, maximized: false }, [laptop])).toMatchObject({
      width: MIN_WIDTH,
      height: MIN_HEIGHT,
    });
    expect(clampToScreen({ width: 9000, height: 9000, maximized: false }, [laptop])).toMatchObject({
      width: 1440,
      height: 900,
    });
  });

  it('falls back to defaults for damaged values instead of failing to start', () => {
    expect(
      clampToScreen({ x: 'left', y: null, width: -5, height: Number.NaN, maximized: 'yes' }, [laptop]),
    ).toEqual(DEFAULT_WINDOW_STATE);
    expect(clampToScreen('garbage', [laptop])).toEqual(DEFAULT_WINDOW_STATE);
  });
});

describe('trackWindowState', () => {
  function fakeWindow() {
    const listeners = new Map<string, Array<() => void>>();
    const win = {
      bounds: { x: 10, y: 20, width: 1100, height: 750 },
      maximized: false,
      on: (event: string, l: () => void) => listeners.set(event, [...(listeners.get(event) ?? []), l]),
      emit: (event: string) => listeners.get(event)?.forEach((l) => l()),
      getNormalBounds() {
        return this.bounds;
      },
      isMaximized() {
        return this.maximized;
      },
      isDestroyed: () => false,
    };
    return win satisfies TrackedWindow;
  }

  it('saves once after a burst of moves, and immediately on close', () => {
    const win = fakeWindow();
    const save = vi.fn();
    const timers: Array<() => void> = [];
    trackWindowState(win, save, (fn) => {
      timers.push(fn);
      return { cancel: () => timers.splice(timers.indexOf(fn), 1) };
    });
    win.emit('move');
    win.emit('move');
    win.emit('resize');
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(save).toHaveBeenCalledWith({ x: 10, y: 20, width: 1100, height: 750, maximized: false });

    win.maximized = true;
    win.emit('close');
    expect(save).toHaveBeenLastCalledWith({ x: 10, y: 20, width: 1100, height: 750, maximized: true });
  });
});
