// Remembers the main window's bounds between launches (electron-store key `window`), and puts them back only where
// they still fit: monitors get unplugged and resolutions change, and a window restored off-screen looks like a
// crash to the user.
import { z } from 'zod';

/** Smallest window the layout (feed | gallery | inbox) still works in. */
export const MIN_WIDTH = 800;
/** Smallest useful height. */
export const MIN_HEIGHT = 560;
/** How much of the window (px each way) must stay on a display for the saved position to be kept. */
const MIN_VISIBLE = 120;

/** The persisted window state; every field has a default, so a missing or damaged entry still loads. */
export const WindowState = z.object({
  x: z.number().int().optional().catch(undefined),
  y: z.number().int().optional().catch(undefined),
  width: z.number().int().positive().catch(1280).default(1280),
  height: z.number().int().positive().catch(800).default(800),
  maximized: z.boolean().catch(false).default(false),
});
export type WindowState = z.infer<typeof WindowState>;

/** What a fresh install starts with (centered, 1280×800). */
export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

/** A screen rectangle (a display's work area, or window bounds). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { w: Math.max(0, w), h: Math.max(0, h) };
}

/**
 * Fits a saved state onto the current displays: size at least MIN_WIDTH×MIN_HEIGHT and at most the display it is
 * on (or the first display); the position is kept only when enough of the window is visible on some display,
 * otherwise dropped so Electron centers the window. `workAreas[0]` is the primary display.
 */
export function clampToScreen(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const state = WindowState.safeParse(saved ?? {}).data ?? { ...DEFAULT_WINDOW_STATE };
  const primary = workAreas[0] ?? { x: 0, y: 0, width: 1280, height: 800 };

  let target = primary;
  let keepPosition = false;
  if (state.x !== undefined && state.y !== undefined) {
    const rect = { x: state.x, y: state.y, width: state.width, height: state.height };
    let best = 0;
    for (const area of workAreas) {
      const { w, h } = overlap(rect, area);
      if (w * h > best) {
        best = w * h;
        target = area;
      }
      if (w >= Math.min(MIN_VISIBLE, rect.width) && h >= Math.min(MIN_VISIBLE, rect.height))
        keepPosition = true;
    }
  }

  const width = Math.min(Math.max(state.width, MIN_WIDTH), Math.max(target.width, 1));
  const height = Math.min(Math.max(state.height, MIN_HEIGHT), Math.max(target.height, 1));
  if (!keepPosition) return { width, height, maximized: state.maximized };

  // Pull the window fully onto its display when it hangs over an edge.
  const x = Math.min(Math.max(state.x!, target.x), target.x + target.width - width);
  const y = Math.min(Math.max(state.y!, target.y), target.y + target.height - height);
  return { x, y, width, height, maximized: state.maximized };
}

/** The parts of a BrowserWindow the tracker reads. */
export interface TrackedWindow {
  on(event: 'resize' | 'move' | 'close' | 'maximize' | 'unmaximize', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
}

/** Saves the window's normal (un-maximized) bounds and maximized flag when it moves, resizes or closes. */
export function trackWindowState(
  win: TrackedWindow,
  save: (state: WindowState) => void,
  schedule: (fn: () => void, ms: number) => { cancel(): void } = (fn, ms) => {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
): void {
  const snapshot = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    save({
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: win.isMaximized(),
    });
  };
  let pending: { cancel(): void } | null = null;
  // Moving a window fires dozens of events a second; one write after it settles is enough.
  const later = () => {
    pending?.cancel();
    pending = schedule(() => {
      pending = null;
      snapshot();
    }, 400);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', () => {
    pending?.cancel();
    pending = null;
    snapshot();
  });
}
