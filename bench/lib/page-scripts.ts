/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Code that runs inside the app's page (passed to Playwright's addInitScript / evaluate, so each function is
// self-contained: no closures over this module).

/** Timestamps (ms since navigation start) the init script records when things first appear on screen. */
export interface Marks {
  shell?: number;
  feed?: number;
  gallery?: number;
  inbox?: number;
  message?: number;
  inboxClicked?: number;
}

declare global {
  interface Window {
    __benchMarks?: Marks;
    __benchUrls?: { created: number; revoked: number };
  }
}

/**
 * Init script: records when the shell (the Views navigation), the first feed card, gallery tile, inbox row and
 * message bubble appear (at the next animation frame, i.e. the frame that paints them), and counts object URLs.
 * With `benchView=inbox` in the URL it opens the Inbox as soon as the shell is there (cold open to the inbox).
 */
export function installMarks(): void {
  const marks: Marks = {};
  window.__benchMarks = marks;
  const urls = { created: 0, revoked: 0 };
  window.__benchUrls = urls;
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob | MediaSource) => {
    urls.created++;
    return create(obj);
  };
  URL.revokeObjectURL = (url: string) => {
    urls.revoked++;
    revoke(url);
  };
  const wantInbox = new URLSearchParams(location.search).get('benchView') === 'inbox';
  const selectors: Array<[keyof Marks, string]> = [
    ['shell', 'nav[aria-label="Views"]'],
    ['feed', '[data-testid="post-card"]'],
    ['gallery', '[data-testid="gallery-tile"]'],
    ['inbox', '[data-testid="conversation"]'],
    ['message', '[data-testid="message"]'],
  ];
  const pending = new Set<keyof Marks>();
  const check = () => {
    for (const [key, sel] of selectors) {
      if (marks[key] !== undefined || pending.has(key) || !document.querySelector(sel)) continue;
      pending.add(key);
      requestAnimationFrame(() => {
        // A user-timing mark too, so a saved performance trace (BENCH_TRACE=1) can find the same moment.
        marks[key] = performance.mark(`bench.${key}`).startTime;
      });
      if (key === 'shell' && wantInbox) {
        const tab = Array.from(
          document.querySelectorAll<HTMLButtonElement>('nav[aria-label="Views"] button'),
        ).find((b) => /Inbox/.test(b.textContent ?? '') || /Inbox/.test(b.title));
        marks.inboxClicked = performance.now();
        tab?.click();
      }
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
}

/**
 * Clicks a Views tab ('Home' | 'Inbox') and resolves with ms until `selector` is on screen (next frame). A selector
 * that waits on an attribute names it in `attributes`, so its change is seen when it happens rather than at the
 * next added or removed node.
 */
export function clickAndWait(args: {
  click: string;
  index?: number;
  waitFor: string;
  within?: string;
  attributes?: string[];
}): Promise<number> {
  return new Promise((resolve, reject) => {
    const targets = Array.from(document.querySelectorAll<HTMLElement>(args.click));
    const target = targets[args.index ?? 0];
    if (!target) return reject(new Error(`nothing to click: ${args.click}`));
    const root = () => (args.within ? document.querySelector(args.within) : document);
    const t0 = performance.now();
    const timer = setTimeout(() => reject(new Error(`timeout waiting for ${args.waitFor}`)), 60_000);
    const done = () => {
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    };
    target.click();
    if (root()?.querySelector(args.waitFor)) return done();
    const mo = new MutationObserver(() => {
      if (root()?.querySelector(args.waitFor)) {
        mo.disconnect();
        done();
      }
    });
    mo.observe(document, {
      childList: true,
      subtree: true,
      ...(args.attributes ? { attributeFilter: args.attributes } : {}),
    });
  });
}

/** What a scripted scroll saw. */
export interface ScrollResult {
  frames: number[];
  maxNodes: number;
  endScrollTop: number;
}

/** Scrolls `selector` by `step` px per animation frame for `frames` frames, recording frame intervals and DOM size. */
export function scrollFrames(args: {
  selector: string;
  step: number;
  frames: number;
}): Promise<ScrollResult> {
  return new Promise((resolve, reject) => {
    const el = document.querySelector<HTMLElement>(args.selector);
    if (!el) return reject(new Error(`no ${args.selector}`));
    const frames: number[] = [];
    let maxNodes = document.getElementsByTagName('*').length;
    let last = -1;
    let n = 0;
    const tick = (t: number) => {
      if (last >= 0) frames.push(t - last);
      last = t;
      if (n % 10 === 0) maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
      if (n++ >= args.frames) return resolve({ frames, maxNodes, endScrollTop: el.scrollTop });
      el.scrollTop += args.step;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** Arms a probe: resolves with ms from the Enter keydown in the composer to the bubble with `text` on screen. */
export function armSendProbe(text: string): void {
  const w = window as unknown as { __benchSend?: Promise<number> };
  w.__benchSend = new Promise((resolve, reject) => {
    let t0 = -1;
    const timer = setTimeout(() => reject(new Error('bubble never appeared')), 30_000);
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && t0 < 0) t0 = performance.now();
      },
      { capture: true },
    );
    const found = () =>
      Array.from(document.querySelectorAll('[data-testid="message"]')).some((m) =>
        m.textContent?.includes(text),
      );
    const mo = new MutationObserver(() => {
      if (t0 >= 0 && found()) {
        mo.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }
    });
    mo.observe(document, { childList: true, subtree: true, characterData: true });
  });
}

/** Waits for the armed send probe. */
export function awaitSendProbe(): Promise<number> {
  return (window as unknown as { __benchSend: Promise<number> }).__benchSend;
}

/** Pretends the window was hidden and lost focus (what the sync engine listens to). */
export function hideWindow(): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  document.hasFocus = () => false;
  window.dispatchEvent(new Event('blur'));
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Live object URLs, <img> elements and DOM nodes of the page. */
export function pageCounts(): { liveObjectUrls: number; images: number; nodes: number } {
  const u = window.__benchUrls ?? { created: 0, revoked: 0 };
  return {
    liveObjectUrls: u.created - u.revoked,
    images: document.images.length,
    nodes: document.getElementsByTagName('*').length,
  };
}

/**
 * Arms a probe: resolves with ms from the next keydown of `key` (with Ctrl when `ctrl`) or click on `click`
 * (captured before the app's own handlers) to the frame painting `selector`, optionally the first match whose text
 * includes `text`.
 */
export function armPaintProbe(args: {
  key?: string;
  ctrl?: boolean;
  click?: string;
  selector: string;
  text?: string;
}): void {
  const w = window as unknown as { __benchPaint?: Promise<number> };
  w.__benchPaint = new Promise((resolve, reject) => {
    let t0 = -1;
    const timer = setTimeout(() => reject(new Error(`${args.selector} never appeared`)), 30_000);
    const start = () => {
      if (t0 >= 0) return;
      t0 = performance.now();
      check();
    };
    if (args.key)
      window.addEventListener(
        'keydown',
        (e) => {
          if (e.key.toLowerCase() === args.key && (!args.ctrl || e.ctrlKey)) start();
        },
        { capture: true },
      );
    if (args.click)
      window.addEventListener(
        'click',
        (e) => {
          if (e.target instanceof Element && e.target.closest(args.click!)) start();
        },
        { capture: true },
      );
    const found = () =>
      Array.from(document.querySelectorAll(args.selector)).some(
        (el) => !args.text || (el.textContent ?? '').includes(args.text),
      );
    const check = () => {
      if (t0 < 0 || !found()) return;
      mo.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolve(performance.now() - t0));
    };
    const mo = new MutationObserver(check);
    mo.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

/** Waits for the armed paint probe. */
export function awaitPaintProbe(): Promise<number> {
  return (window as unknown as { __benchPaint: Promise<number> }).__benchPaint;
}
