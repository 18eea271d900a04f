// The on-disk media cache: a bounded LRU of pictures and videos keyed by stable media keys (CDN URLs expire and
// change; keys do not), with grid thumbnails, byte ranges and expired-URL refresh. See ./README.md.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import {
  copyFile,
  mkdir,
  open,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { pipeline as pipeStreams, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { parseMediaQuery, type MediaVariant } from '../../../shared/media-url';
import type { MediaCacheService, MediaRequest, MediaResponse } from '../types';
import { parseRange } from './range';
import { DEFAULT_THUMB_SIZE, sniffMime } from './thumbnail';
import { createWorkerThumbnailer, type Thumbnailer } from './thumbnail-worker';

export { createWorkerThumbnailer, inProcessThumbnailer, type Thumbnailer } from './thumbnail-worker';

/** What `createMediaCache` needs: where to keep bytes, how many, which upstreams to trust, how to refresh URLs. */
export interface MediaCacheOptions {
  /** Folder owned by the cache (created if missing). */
  dir: string;
  /** Upper bound of the bytes kept on disk; least-recently-used files are evicted beyond it. */
  maxBytes: number;
  /** True for URLs the cache may download from; hosts pass `isAllowedMediaUpstream` (shared/security/media-hosts.ts). */
  isAllowedUpstream(url: string): boolean;
  /** Asks the Graph API for a fresh URL of `key` after the CDN said the old one expired; null when it cannot. */
  refreshUrl?(key: string): Promise<string | null>;
  /** The fetch to use (defaults to the global one). */
  fetch?: typeof fetch;
  /** Longest side of thumbnails in px (default 360). */
  thumbSize?: number;
  /** Clock for last-access times (default Date.now). */
  now?: () => number;
  /** Makes thumbnails (default: one worker thread, so decoding never blocks the host's event loop). */
  thumbnailer?: Thumbnailer;
}

/** One cached file as recorded in the index. */
interface Entry {
  key: string;
  variant: MediaVariant;
  size: number;
  mime: string;
  lastAccess: number;
}

/** Why a miss could not be filled; becomes the status of the answer when no cached bytes can stand in. */
interface Failure {
  status: number;
  reason: string;
  expired?: boolean;
}

type Download = { ok: true; tmp: string; size: number; mime: string } | ({ ok: false } & Failure);

const INDEX_FILE = 'index.json';
const INDEX_VERSION = 1;
const BLOB_DIR = 'blobs';
const TMP_DIR = 'tmp';
const INDEX_DEBOUNCE_MS = 500;
// A hit only changes recency; losing that in a crash costs nothing, so it is written far less often (a busy gallery
// scroll would otherwise rewrite the whole index twice a second).
const RECENCY_SAVE_MS = 10_000;
/** Bodies up to this size are read into memory; larger ones (videos) are streamed from disk. */
const SMALL_BODY_BYTES = 256 * 1024;
/** Time allowed for upstream response headers, and for each pause between body chunks. */
const UPSTREAM_IDLE_MS = 20_000;
const MAX_REDIRECTS = 3;
// A key+variant always names the same bytes, so the renderer may keep them forever.
const IMMUTABLE = 'private, max-age=31536000, immutable';

/** The file name of a key+variant: a sha256, so nothing from a request ever becomes part of a path. */
export function mediaEntryId(key: string, variant: MediaVariant): string {
  return createHash('sha256').update(`${variant}\n${key}`).digest('hex');
}

/**
 * Parses a media query (`k`, `u`, `v`) and serves it; a malformed query gets a 400 without touching the cache.
 * Hosts call this from their media route with the request's search params and Range header.
 */
export async function serveMediaQuery(
  cache: MediaCacheService,
  params: URLSearchParams,
  range?: string,
): Promise<MediaResponse> {
  const parsed = parseMediaQuery(params);
  if (!parsed.ok) return textResponse(400, parsed.error);
  return cache.serve(range === undefined ? parsed.request : { ...parsed.request, range });
}

/** A short plain-text answer (errors); the renderer shows a placeholder for any non-2xx media response. */
export function textResponse(status: number, text: string): MediaResponse {
  const body = Buffer.from(text, 'utf8');
  return {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

/** Opens (or creates) the media cache in `opts.dir`, reconciling the index with the files left by a previous run. */
export async function createMediaCache(opts: MediaCacheOptions): Promise<MediaCacheService> {
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? Date.now;
  const thumbSize = opts.thumbSize ?? DEFAULT_THUMB_SIZE;
  const thumbnailer = opts.thumbnailer ?? createWorkerThumbnailer();
  const blobDir = path.join(opts.dir, BLOB_DIR);
  const tmpDir = path.join(opts.dir, TMP_DIR);
  const indexPath = path.join(opts.dir, INDEX_FILE);
  let maxBytes = opts.maxBytes;

  // Map iteration order is the LRU order: the first entry is the least recently used.
  const entries = new Map<string, Entry>();
  let totalBytes = 0;
  let hits = 0;
  let misses = 0;
  const inflight = new Map<string, Promise<Failure | null>>();
  const pins = new Map<string, number>();
  const pendingUnlinks = new Map<string, Promise<void>>();
  let saveTimer: NodeJS.Timeout | null = null;
  let saveDue = Infinity;
  let saving: Promise<void> = Promise.resolve();
  let closed = false;

  const blobPath = (id: string): string => path.join(blobDir, id);

  await mkdir(blobDir, { recursive: true });
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  await load();

  async function load(): Promise<void> {
    let stored: Array<[string, Entry]> = [];
    try {
      const raw = JSON.parse(await readFile(indexPath, 'utf8')) as { version?: unknown; entries?: unknown };
      if (raw.version === INDEX_VERSION && Array.isArray(raw.entries))
        stored = raw.entries.filter(isStoredEntry);
    } catch {
      // No index or a corrupt one: start empty; the orphan sweep below deletes the unindexed files.
    }
    const files = new Set(await readdir(blobDir));
    let changed = false;
    stored.sort((a, b) => a[1].lastAccess - b[1].lastAccess);
    for (const [id, e] of stored) {
      if (!files.has(id) || entries.has(id)) {
        changed = true;
        continue;
      }
      entries.set(id, {
        key: e.key,
        variant: e.variant,
        size: e.size,
        mime: safeMime(null, e.mime),
        lastAccess: e.lastAccess,
      });
      totalBytes += e.size;
    }
    const orphans = [...files].filter((name) => !entries.has(name));
    if (orphans.length > 0) changed = true;
    for (let i = 0; i < orphans.length; i += 64) {
      await Promise.all(
        orphans
          .slice(i, i + 64)
          .map((name) => rm(path.join(blobDir, name), { recursive: true, force: true })),
      );
    }
    if (changed) scheduleSave();
    evict();
  }

  /** Writes the index within `delayMs` (sooner if an earlier write is already due). */
  function scheduleSave(delayMs = INDEX_DEBOUNCE_MS): void {
    if (closed) return;
    const due = performance.now() + delayMs;
    if (saveTimer && saveDue <= due) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveDue = due;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      saveDue = Infinity;
      void flush();
    }, delayMs);
    saveTimer.unref();
  }

  /** Writes the index atomically (temp file + rename), after any write already running. */
  function flush(): Promise<void> {
    saving = saving.then(async () => {
      const json = JSON.stringify({ version: INDEX_VERSION, entries: [...entries] });
      const tmp = `${indexPath}.${randomUUID()}.tmp`;
      try {
        await writeFile(tmp, json, 'utf8');
        await rename(tmp, indexPath);
      } catch {
        await rm(tmp, { force: true });
      }
    });
    return saving;
  }

  function pin(id: string): void {
    pins.set(id, (pins.get(id) ?? 0) + 1);
  }

  function unpin(id: string): void {
    const n = (pins.get(id) ?? 1) - 1;
    if (n <= 0) pins.delete(id);
    else pins.set(id, n);
  }

  function touch(id: string, e: Entry): void {
    e.lastAccess = now();
    entries.delete(id);
    entries.set(id, e);
    scheduleSave(RECENCY_SAVE_MS);
  }

  function remove(id: string): number {
    const e = entries.get(id);
    if (!e) return 0;
    entries.delete(id);
    totalBytes -= e.size;
    // Unlinking a file that is being streamed is fine on POSIX (the open descriptor keeps it readable); where it
    // fails (Windows), the orphan is swept at the next start.
    const before = pendingUnlinks.get(id) ?? Promise.resolve();
    const p: Promise<void> = before
      .then(() => unlink(blobPath(id)))
      .catch(() => undefined)
      .finally(() => {
        if (pendingUnlinks.get(id) === p) pendingUnlinks.delete(id);
      });
    pendingUnlinks.set(id, p);
    scheduleSave();
    return e.size;
  }

  /** Evicts least-recently-used entries until the total fits; entries being served right now are skipped. */
  function evict(): void {
    if (totalBytes <= maxBytes) return;
    for (const id of entries.keys()) {
      if (totalBytes <= maxBytes) break;
      if (!pins.has(id)) remove(id);
    }
  }

  async function insert(id: string, e: Entry, from: { tmp: string } | { bytes: Buffer }): Promise<void> {
    let tmp: string;
    if ('tmp' in from) tmp = from.tmp;
    else {
      // Written beside, then renamed: a blob file is always complete.
      tmp = path.join(tmpDir, randomUUID());
      await writeFile(tmp, from.bytes);
    }
    await pendingUnlinks.get(id);
    await rename(tmp, blobPath(id));
    const old = entries.get(id);
    if (old) {
      totalBytes -= old.size;
      entries.delete(id);
    }
    entries.set(id, e);
    totalBytes += e.size;
    scheduleSave();
  }

  /** Answers from the file of `id`, honouring a Range header; null when the file is gone. */
  async function respond(
    id: string,
    range: string | undefined,
    cacheControl = IMMUTABLE,
  ): Promise<MediaResponse | null> {
    const e = entries.get(id);
    if (!e) return null;
    let fh;
    try {
      fh = await open(blobPath(id), 'r');
    } catch {
      remove(id);
      return null;
    }
    try {
      const size = (await fh.stat()).size;
      if (size !== e.size) {
        totalBytes += size - e.size;
        e.size = size;
      }
      const headers: Record<string, string> = {
        'content-type': e.mime,
        'cache-control': cacheControl,
        'accept-ranges': 'bytes',
        'x-content-type-options': 'nosniff',
      };
      const r = parseRange(range, size);
      if (r.kind === 'unsatisfiable') {
        await fh.close();
        return {
          status: 416,
          headers: { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' },
          body: null,
        };
      }
      const start = r.kind === 'partial' ? r.start : 0;
      const end = r.kind === 'partial' ? r.end : size - 1;
      const length = Math.max(0, end - start + 1);
      headers['content-length'] = String(length);
      if (r.kind === 'partial') headers['content-range'] = `bytes ${start}-${end}/${size}`;
      const status = r.kind === 'partial' ? 206 : 200;
      if (length <= SMALL_BODY_BYTES) {
        const body = Buffer.alloc(length);
        if (length > 0) await fh.read(body, 0, length, start);
        await fh.close();
        return { status, headers, body };
      }
      // Large files (videos) are streamed from disk; the stream closes the handle when it ends or is destroyed.
      return { status, headers, body: fh.createReadStream({ start, end }) };
    } catch {
      await fh.close().catch(() => undefined);
      return null;
    }
  }

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
        res = await fetchImpl(current, { redirect: 'manual', signal: ctrl.signal, headers });
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

  /** Fills the cache for one key+variant; resolves with null on success, never rejects. */
  async function populate(req: MediaRequest, id: string): Promise<Failure | null> {
    try {
      if (req.variant === 'thumb') {
        const fullId = mediaEntryId(req.key, 'full');
        const full = entries.get(fullId);
        if (full) {
          // The original is on disk: derive the thumbnail from it without going to the network.
          pin(fullId);
          try {
            if (await storeThumbFromFile(id, req.key, blobPath(fullId), full.mime, false)) return null;
          } finally {
            unpin(fullId);
          }
        }
      }
      let got = await download(req.url);
      if (!got.ok && got.expired && opts.refreshUrl) {
        const fresh = await opts.refreshUrl(req.key).catch(() => null);
        if (fresh && fresh !== req.url) got = await download(fresh);
      }
      if (!got.ok) return got;
      if (req.variant === 'thumb') {
        if (await storeThumbFromFile(id, req.key, got.tmp, got.mime, true)) return null;
        await rm(got.tmp, { force: true });
        return { status: 500, reason: 'could not store thumbnail' };
      }
      await insert(
        id,
        { key: req.key, variant: 'full', size: got.size, mime: got.mime, lastAccess: now() },
        { tmp: got.tmp },
      );
      return null;
    } catch {
      return { status: 500, reason: 'media cache error' };
    }
  }

  /** Stores the thumbnail of the file at `source` (moved when `owned`, else copied); false when it vanished. */
  async function storeThumbFromFile(
    id: string,
    key: string,
    source: string,
    mime: string,
    owned: boolean,
  ): Promise<boolean> {
    const entry = (size: number, m: string): Entry => ({
      key,
      variant: 'thumb',
      size,
      mime: m,
      lastAccess: now(),
    });
    try {
      if (mime === 'image/jpeg') {
        const bytes = await readFile(source);
        const thumb = await thumbnailer.make(bytes, thumbSize);
        if (thumb) {
          await insert(id, entry(thumb.length, 'image/jpeg'), { bytes: thumb });
          if (owned) await rm(source, { force: true });
          return true;
        }
        // Small, corrupt or oversized JPEG: the thumbnail is the original bytes.
        if (owned) await insert(id, entry(bytes.length, mime), { tmp: source });
        else await insert(id, entry(bytes.length, mime), { bytes });
        return true;
      }
      // Not a JPEG (PNG, video…): the thumbnail is the full bytes; the gallery uses IG thumbnail_url for videos.
      if (owned) {
        await insert(id, entry((await stat(source)).size, mime), { tmp: source });
      } else {
        const tmp = path.join(tmpDir, randomUUID());
        await copyFile(source, tmp);
        await insert(id, entry((await stat(tmp)).size, mime), { tmp });
      }
      return true;
    } catch {
      return false;
    }
  }

  return {
    async serve(req: MediaRequest): Promise<MediaResponse> {
      if (req.variant !== 'thumb' && req.variant !== 'full')
        return textResponse(400, 'variant must be thumb or full');
      const id = mediaEntryId(req.key, req.variant);
      pin(id);
      try {
        const cached = entries.get(id);
        if (cached) {
          const res = await respond(id, req.range);
          if (res) {
            hits++;
            touch(id, cached);
            return res;
          }
        }
        misses++;
        let pending = inflight.get(id);
        if (!pending) {
          pending = populate(req, id).finally(() => inflight.delete(id));
          inflight.set(id, pending);
        }
        if (req.range !== undefined && req.variant === 'full') {
          const proxied = await proxyRange(req.url, req.range);
          if (proxied) return proxied;
        }
        const failure = await pending;
        if (!failure) {
          const res = await respond(id, req.range);
          if (res) return res;
        }
        // Never a broken image when bytes exist: the other variant of the same key stands in (not cached by the
        // renderer, so the right variant replaces it once the network is back).
        const otherId = mediaEntryId(req.key, req.variant === 'thumb' ? 'full' : 'thumb');
        const other = entries.get(otherId);
        if (other) {
          pin(otherId);
          try {
            const res = await respond(otherId, req.range, 'no-store');
            if (res) {
              touch(otherId, other);
              return res;
            }
          } finally {
            unpin(otherId);
          }
        }
        return textResponse(failure?.status ?? 500, failure?.reason ?? 'media cache error');
      } finally {
        unpin(id);
        evict();
      }
    },

    stats() {
      return { bytes: totalBytes, entries: entries.size, maxBytes, hits, misses };
    },

    async clear(): Promise<number> {
      // Sign-out must leave nothing: let downloads already under way land first, then remove everything,
      // including partial downloads in tmp/.
      await Promise.allSettled([...inflight.values()]);
      let freed = 0;
      for (const id of [...entries.keys()]) freed += remove(id);
      await Promise.all([...pendingUnlinks.values()]);
      await rm(tmpDir, { recursive: true, force: true });
      await mkdir(tmpDir, { recursive: true });
      await flush();
      return freed;
    },

    setMaxBytes(next: number): void {
      maxBytes = Math.max(0, next);
      evict();
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (saveTimer) clearTimeout(saveTimer);
      saveTimer = null;
      await Promise.allSettled([...inflight.values()]);
      await Promise.all([...pendingUnlinks.values()]);
      await flush();
      if (!opts.thumbnailer) await thumbnailer.close();
    },
  };
}

/** A MIME type safe to serve from the app's own origin: sniffed, else the upstream's image/video/audio type. */
function safeMime(sniffed: string | null, declared: string | null): string {
  if (sniffed) return sniffed;
  const t = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  // SVG can carry script, and anything else (text/html…) must never be rendered as a document from our origin.
  if (/^(image|video|audio)\/[a-z0-9.+-]+$/.test(t) && t !== 'image/svg+xml') return t;
  return 'application/octet-stream';
}

function isStoredEntry(x: unknown): x is [string, Entry] {
  if (!Array.isArray(x) || x.length !== 2) return false;
  const [id, e] = x as [unknown, Partial<Entry> | null];
  return (
    typeof id === 'string' &&
    typeof e === 'object' &&
    e !== null &&
    typeof e.key === 'string' &&
    (e.variant === 'thumb' || e.variant === 'full') &&
    id === mediaEntryId(e.key, e.variant) &&
    typeof e.size === 'number' &&
    Number.isSafeInteger(e.size) &&
    e.size >= 0 &&
    typeof e.mime === 'string' &&
    typeof e.lastAccess === 'number'
  );
}
