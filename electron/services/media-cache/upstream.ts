// Upstream fetches of the media cache: every hop checked against the allow-list, redirects followed by hand, an idle
// timeout per chunk, downloads into a temp file bounded by the cache size, and Range pass-through for video.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipeStreams, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import type { MediaResponse } from '../types';
import { safeMime } from './responses';
import { sniffMime } from './thumbnail';

/** Time allowed for upstream response headers, and for each pause between body chunks. */
const UPSTREAM_IDLE_MS = 20_000;
const MAX_REDIRECTS = 3;

/** Why a miss could not be filled; becomes the status of the answer when no cached bytes can stand in. */
export interface Failure {
  status: number;
  reason: string;
  expired?: boolean;
}

/** A finished download (a temp file the caller now owns), or why there is none. */
export type Download = { ok: true; tmp: string; size: number; mime: string } | ({ ok: false } & Failure);

/** What the upstream side needs from the cache. */
interface UpstreamOptions {
  fetch: typeof fetch;
  isAllowedUpstream(url: string): boolean;
  /** Where downloads are written before they are moved into the cache. */
  tmpDir: string;
  /** The cache's current size bound: a download larger than it is stopped. */
  maxBytes(): number;
}

/** Downloads and Range pass-through against the allowed upstreams. */
export interface Upstream {
  /** Downloads `url` into a temp file. */
  download(url: string): Promise<Download>;
  /** Passes a Range request straight to the upstream; null when the upstream cannot answer it. */
  proxyRange(url: string, range: string): Promise<MediaResponse | null>;
}

/** Creates the upstream side of a media cache. */
export function createUpstream(opts: UpstreamOptions): Upstream {
  const { tmpDir } = opts;

  /**
   * GETs `url`, following redirects (at most MAX_REDIRECTS) only to allowed hosts. On success the response body is
   * unread and `idle()` must be called on each chunk (the request is aborted after UPSTREAM_IDLE_MS of silence);
   * `done()` stops the timer.
   */
  async function request(
    url: string,
    headers: Record<string, string> = {},
  ): Promise<{ ok: true; res: Response; idle(): void; done(): void } | ({ ok: false } & Failure)> {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!opts.isAllowedUpstream(current))
        return { ok: false, status: 403, reason: 'upstream host not allowed' };
      const ctrl = new AbortController();
      let timer = setTimeout(() => ctrl.abort(), UPSTREAM_IDLE_MS);
      const done = (): void => clearTimeout(timer);
      const idle = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => ctrl.abort(), UPSTREAM_IDLE_MS);
      };
      let res: Response;
      try {
        res = await opts.fetch(current, { redirect: 'manual', signal: ctrl.signal, headers });
      } catch {
        done();
        return { ok: false, status: 504, reason: 'media unavailable offline' };
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        done();
        await res.body?.cancel().catch(() => undefined);
        current = new URL(location, current).toString();
        continue;
      }
      if (!res.ok || !res.body) {
        done();
        await res.body?.cancel().catch(() => undefined);
        // Meta's CDN answers 403 (signature expired, `oe` in the past) or 410 for stale media URLs.
        if (res.status === 403 || res.status === 410) {
          return { ok: false, status: 410, reason: 'media URL expired', expired: true };
        }
        return {
          ok: false,
          status: res.status === 404 ? 404 : 502,
          reason: `upstream answered ${res.status}`,
        };
      }
      return { ok: true, res, idle, done };
    }
    return { ok: false, status: 502, reason: 'too many redirects' };
  }

  /** Downloads `url` into a temp file. */
  async function download(url: string): Promise<Download> {
    const maxBytes = opts.maxBytes();
    const got = await request(url);
    if (!got.ok) return got;
    const { res, idle, done } = got;
    const body = res.body!;
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      done();
      await body.cancel().catch(() => undefined);
      return { ok: false, status: 502, reason: 'media larger than the cache' };
    }
    const tmp = path.join(tmpDir, randomUUID());
    let size = 0;
    let head = Buffer.alloc(0);
    const limit = maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        idle();
        size += chunk.length;
        if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
        cb(size > limit ? new Error('media larger than the cache') : null, chunk);
      },
    });
    try {
      await pipeline(
        Readable.fromWeb(body as unknown as NodeWebReadableStream<Uint8Array>),
        counter,
        createWriteStream(tmp),
      );
    } catch (err) {
      await rm(tmp, { force: true });
      const tooLarge = err instanceof Error && err.message === 'media larger than the cache';
      return tooLarge
        ? { ok: false, status: 502, reason: 'media larger than the cache' }
        : { ok: false, status: 504, reason: 'media download interrupted' };
    } finally {
      done();
    }
    return { ok: true, tmp, size, mime: safeMime(sniffMime(head), res.headers.get('content-type')) };
  }

  /**
   * Passes a Range request of an uncached original straight to the upstream, so a video starts playing before the
   * whole file is on disk (the full download runs alongside and later requests are served from the cache).
   * Null when the upstream cannot answer it (expired, offline…): the caller then waits for the download path.
   */
  async function proxyRange(url: string, range: string): Promise<MediaResponse | null> {
    const got = await request(url, { range });
    if (!got.ok) return null;
    const { res, idle, done } = got;
    if (res.status !== 200 && res.status !== 206) {
      done();
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    const headers: Record<string, string> = {
      'content-type': safeMime(null, res.headers.get('content-type')),
      // The renderer asks again after the download; then the answer comes from disk.
      'cache-control': 'no-store',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    };
    for (const h of ['content-length', 'content-range']) {
      const v = res.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    const watchdog = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        idle();
        cb(null, chunk);
      },
    });
    // pipeline (unlike pipe) tears the upstream request down when the host destroys the body (client went away).
    pipeStreams(Readable.fromWeb(res.body as unknown as NodeWebReadableStream<Uint8Array>), watchdog, () =>
      done(),
    );
    return { status: res.status, headers, body: watchdog };
  }

  return { download, proxyRange };
}
