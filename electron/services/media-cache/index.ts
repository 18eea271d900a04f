// The on-disk media cache: a bounded LRU of pictures and videos keyed by stable media keys (CDN URLs expire and
// change; keys do not), with grid thumbnails, byte ranges and expired-URL refresh. See ./README.md.
// The index and LRU live in store.ts, upstream fetches in upstream.ts, the answers in responses.ts.
import { copyFile, link, mkdir, open, rm } from 'node:fs/promises';
import type { MediaCacheService, MediaRequest, MediaResponse } from '../types';
import { answerFromFile, IMMUTABLE, textResponse } from './responses';
import { mediaEntryId, openMediaIndex, type MediaIndex } from './store';
import { storeThumbFromFile } from './thumb-store';
import { DEFAULT_THUMB_SIZE } from './thumbnail';
import { createWorkerThumbnailer, type Thumbnailer } from './thumbnail-worker';
import { createUpstream, type Failure } from './upstream';

export { createWorkerThumbnailer, inProcessThumbnailer, type Thumbnailer } from './thumbnail-worker';
export { serveMediaQuery, textResponse } from './responses';
export { mediaEntryId } from './store';

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

/** Answers from the file of `id`, honouring a Range header; null when the file is gone. */
async function answerFromEntry(
  idx: MediaIndex,
  id: string,
  range: string | undefined,
  cacheControl: string,
): Promise<MediaResponse | null> {
  const e = idx.get(id);
  if (!e) return null;
  let fh;
  try {
    fh = await open(idx.blobPath(id), 'r');
  } catch {
    idx.remove(id);
    return null;
  }
  try {
    const size = (await fh.stat()).size;
    if (size !== e.size) idx.resize(e, size);
    return await answerFromFile(fh, size, e.mime, range, cacheControl);
  } catch {
    await fh.close().catch(() => undefined);
    return null;
  }
}

/** Opens (or creates) the media cache in `opts.dir`, reconciling the index with the files left by a previous run. */
export async function createMediaCache(opts: MediaCacheOptions): Promise<MediaCacheService> {
  const now = opts.now ?? Date.now;
  const thumbSize = opts.thumbSize ?? DEFAULT_THUMB_SIZE;
  const thumbnailer = opts.thumbnailer ?? createWorkerThumbnailer();
  const idx = await openMediaIndex({ dir: opts.dir, maxBytes: opts.maxBytes, now });
  const upstream = createUpstream({
    fetch: opts.fetch ?? globalThis.fetch,
    isAllowedUpstream: (url) => opts.isAllowedUpstream(url),
    tmpDir: idx.tmpDir,
    maxBytes: idx.maxBytes,
  });
  let hits = 0;
  let misses = 0;
  const inflight = new Map<string, Promise<Failure | null>>();
  let closed = false;

  /** Fills the cache for one key+variant; resolves with null on success, never rejects. */
  async function populate(req: MediaRequest, id: string): Promise<Failure | null> {
    try {
      if (req.variant === 'thumb') {
        const fullId = mediaEntryId(req.key, 'full');
        const full = idx.get(fullId);
        if (full) {
          // The original is on disk: derive the thumbnail from it without going to the network.
          idx.pin(fullId);
          try {
            if (await storeThumbFromFile(thumbs, id, req.key, idx.blobPath(fullId), full.mime, false))
              return null;
          } finally {
            idx.unpin(fullId);
          }
        }
      }
      let got = await upstream.download(req.url);
      if (!got.ok && got.expired && opts.refreshUrl) {
        const fresh = await opts.refreshUrl(req.key).catch(() => null);
        if (fresh && fresh !== req.url) got = await upstream.download(fresh);
      }
      if (!got.ok) return got;
      if (req.variant === 'thumb') {
        if (await storeThumbFromFile(thumbs, id, req.key, got.tmp, got.mime, true)) return null;
        await rm(got.tmp, { force: true });
        return { status: 500, reason: 'could not store thumbnail' };
      }
      await idx.insert(
        id,
        { key: req.key, variant: 'full', size: got.size, mime: got.mime, lastAccess: now() },
        { tmp: got.tmp },
      );
      return null;
    } catch {
      return { status: 500, reason: 'media cache error' };
    }
  }

  const thumbs = { idx, thumbnailer, thumbSize, now };
  const respond = (id: string, range: string | undefined, cacheControl = IMMUTABLE) =>
    answerFromEntry(idx, id, range, cacheControl);

  return {
    async serve(req: MediaRequest): Promise<MediaResponse> {
      if (req.variant !== 'thumb' && req.variant !== 'full')
        return textResponse(400, 'variant must be thumb or full');
      const id = mediaEntryId(req.key, req.variant);
      idx.pin(id);
      try {
        const cached = idx.get(id);
        if (cached) {
          const res = await respond(id, req.range);
          if (res) {
            hits++;
            idx.touch(id, cached);
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
          const proxied = await upstream.proxyRange(req.url, req.range);
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
        const other = idx.get(otherId);
        if (other) {
          idx.pin(otherId);
          try {
            const res = await respond(otherId, req.range, 'no-store');
            if (res) {
              idx.touch(otherId, other);
              return res;
            }
          } finally {
            idx.unpin(otherId);
          }
        }
        return textResponse(failure?.status ?? 500, failure?.reason ?? 'media cache error');
      } finally {
        idx.unpin(id);
        idx.evict();
      }
    },

    stats() {
      return { bytes: idx.totalBytes(), entries: idx.size(), maxBytes: idx.maxBytes(), hits, misses };
    },

    accountStats(accountId: string) {
      let entries = 0;
      let bytes = 0;
      for (const id of idx.idsOfAccount(accountId)) {
        entries++;
        bytes += idx.get(id)!.size;
      }
      return { entries, bytes };
    },

    async clear(accountId?: string): Promise<number> {
      // Sign-out must leave nothing: let downloads already under way land first, then remove everything,
      // including partial downloads in tmp/. One account's clear waits the same way (a download of its key that
      // lands afterwards would bring a deleted picture back) but leaves tmp/: other accounts may be downloading.
      await Promise.allSettled([...inflight.values()]);
      let freed = 0;
      for (const id of accountId === undefined ? idx.ids() : idx.idsOfAccount(accountId))
        freed += idx.remove(id);
      await idx.unlinked();
      if (accountId === undefined) {
        await rm(idx.tmpDir, { recursive: true, force: true });
        await mkdir(idx.tmpDir, { recursive: true });
      }
      // Written now, not debounced: a confirmed delete must not come back from a stale index after a crash.
      await idx.flush();
      return freed;
    },

    async exportFile(key: string, dest: string) {
      // The original if it is cached, else its thumbnail. A hard link costs no bytes and no time, and survives the
      // cache deleting its own name (blobs are replaced by rename, never rewritten); a copy where links cannot go.
      for (const variant of ['full', 'thumb'] as const) {
        const id = mediaEntryId(key, variant);
        const e = idx.get(id);
        if (!e) continue;
        idx.pin(id);
        try {
          await link(idx.blobPath(id), dest).catch(() => copyFile(idx.blobPath(id), dest));
          return { variant, mime: e.mime, size: e.size };
        } catch (err) {
          // The file went away under the index: try the other variant. Anything else (the disk full, no right to
          // write there) is the export's failure, not a file that "was not cached".
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        } finally {
          idx.unpin(id);
        }
      }
      return null;
    },

    setMaxBytes(next: number): void {
      idx.setMaxBytes(next);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      idx.stop();
      await Promise.allSettled([...inflight.values()]);
      await idx.unlinked();
      await idx.flush();
      if (!opts.thumbnailer) await thumbnailer.close();
    },
  };
}
