/** Public entry point: start an embedded Graph API sandbox (tests, benchmarks, demo mode). */
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { SandboxCore, type SandboxStateSummary } from './server.js';
import { type Platform, World } from './world.js';
import { liveComment } from './world/comments.js';

export type { SandboxStateSummary } from './server.js';
export { SandboxCore } from './server.js';
export { FAULT_KINDS, type FaultKind, type FaultInput } from './faults.js';
export { DUET_PERMISSIONS } from './tokens.js';

/** Options for `startSandbox`. */
export interface SandboxOptions {
  seed?: number;
  scale?: 'small' | 'large';
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** New inbound messages and posts every `intervalMs` (sandbox clock); false/undefined = off. */
  live?: { intervalMs: number } | false;
  /** Wall clock source (ms); the sandbox clock is this plus the control API's offset. */
  now?: () => number;
}

/** A running sandbox. */
export interface SandboxHandle {
  /** e.g. `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  close(): Promise<void>;
  /** Current state summary (same as `GET /__sandbox/state`). */
  state: SandboxStateSummary;
  /** The in-process core (state, tokens, faults) for embedders that prefer direct calls over HTTP. */
  core: SandboxCore;
}

/** Starts the sandbox HTTP server on loopback. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const core = new SandboxCore({
    seed: opts.seed ?? 42,
    scale: opts.scale ?? 'small',
    now: opts.now ?? Date.now,
  });
  const server = createServer((req, res) => {
    void core.handle(req, res);
  });
  server.keepAliveTimeout = 5_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  core.origin = url;
  let timer: NodeJS.Timeout | undefined;
  if (opts.live && opts.live.intervalMs > 0) {
    let tick = 0;
    timer = setInterval(() => liveTick(core, tick++), opts.live.intervalMs);
    timer.unref();
  }
  return {
    url,
    get state() {
      return core.state();
    },
    core,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearInterval(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const LIVE_TEXTS = [
  'Hi! Is this still available? 😊',
  'Thanks!!',
  'Do you deliver on Sundays?',
  'Just ordered 🎉',
  'Can I get a refund?',
  'Coucou 👋',
];

/** One step of live activity: an inbound message (often in an existing thread), a comment and, every 3rd tick, a post. */
function liveTick(core: SandboxCore, tick: number): void {
  const w = core.world;
  const pageId = w.pageOrder[tick % 2] ?? w.pageOrder[0];
  if (!pageId) return;
  const platform: Platform = tick % 4 < 2 || !w.pages.get(pageId)?.igId ? 'messenger' : 'instagram';
  const list = w.convsByKey.get(World.convKey(pageId, platform)) ?? [];
  const existing = tick % 5 === 4 ? undefined : list[w.rng.int(0, Math.min(5, Math.max(0, list.length - 1)))];
  core.inbound(pageId, platform, existing?.id, LIVE_TEXTS[tick % LIVE_TEXTS.length] as string);
  if (tick % 3 === 2) w.addPost(pageId, { message: `Live update #${tick + 1} ✨` }, core.now());
  liveComment(w, pageId, tick, core.now());
}
