import { mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mediaKey } from '../../../shared/models';
import { isAllowedMediaUpstream } from '../../../shared/security/media-hosts';
import type { MediaCacheService, MediaResponse } from '../types';
import { createMediaCache, mediaEntryId, serveMediaQuery, type MediaCacheOptions } from './index';
import { makeBlob, makeJpeg, startUpstream, type TestUpstream } from '../../test/media-upstream';

let upstream: TestUpstream;
let dir: string;
const open: MediaCacheService[] = [];

beforeAll(async () => {
  upstream = await startUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'duet-media-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
});

/** A cache on the test folder that trusts only the test upstream. */
async function cache(over: Partial<MediaCacheOptions> = {}): Promise<MediaCacheService> {
  const c = await createMediaCache({
    dir,
    maxBytes: 10_000_000,
    isAllowedUpstream: (u) => u.startsWith(`${upstream.origin}/`),
    ...over,
  });
  open.push(c);
  return c;
}

async function bodyOf(res: MediaResponse): Promise<Buffer> {
  if (res.body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(res.body)) return res.body;
  const chunks: Buffer[] = [];
  for await (const chunk of res.body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Byte equality without vitest's per-element deep diff (slow on large buffers). */
function expectBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected)).toBe(true);
}

const u = (p: string): string => `${upstream.origin}${p}`;

describe('hits and misses', () => {
  it('downloads once, then serves the same bytes from disk with immutable caching headers', async () => {
    const c = await cache();
    const url = u('/blob/hit?size=3000');
    const first = await c.serve({ key: 'fb:1:p1:full_picture', url, variant: 'full' });
    const second = await c.serve({ key: 'fb:1:p1:full_picture', url, variant: 'full' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expectBytes(await bodyOf(second), makeBlob(3000, '/blob/hit'));
    expect(second.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': '3000',
      'cache-control': 'private, max-age=31536000, immutable',
      'accept-ranges': 'bytes',
    });
    expect(upstream.count('/blob/hit')).toBe(1);
    expect(c.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, bytes: 3000 });
  });

  it('identifies media by key, not URL: a new CDN URL for a cached key is not downloaded again', async () => {
    const c = await cache();
    await c.serve({ key: 'ig:1:m1:media_url', url: u('/blob/k1?size=500'), variant: 'full' });
    const res = await c.serve({
      key: 'ig:1:m1:media_url',
      url: u('/blob/k1-new-signature?size=500'),
      variant: 'full',
    });
    expectBytes(await bodyOf(res), makeBlob(500, '/blob/k1'));
    expect(upstream.count('/blob/k1-new-signature')).toBe(0);
  });

  it('never serves an upstream document type: text/html becomes application/octet-stream with nosniff', async () => {
    const c = await cache();
    const res = await c.serve({ key: 'ig:1:m2:media_url', url: u('/html'), variant: 'full' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('LRU bound', () => {
  it('evicts the least recently used file first and keeps the total within maxBytes', async () => {
    const c = await cache({ maxBytes: 2500 });
    const get = (name: string) =>
      c.serve({ key: `ig:1:${name}:media_url`, url: u(`/blob/${name}?size=1000`), variant: 'full' });
    await get('a');
    await get('b');
    await get('a'); // a is now more recent than b
    await get('c'); // 3000 bytes > 2500: b goes
    expect(c.stats()).toMatchObject({ entries: 2, bytes: 2000 });
    expect(c.stats().bytes).toBeLessThanOrEqual(2500);
    await get('a');
    await get('c');
    expect(upstream.count('/blob/a')).toBe(1);
    expect(upstream.count('/blob/c')).toBe(1);
    await get('b');
    expect(upstream.count('/blob/b')).toBe(2);
    expect((await readdir(path.join(dir, 'blobs'))).length).toBe(2);
  });

  it('behaves like a model LRU for any request sequence (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1000, max: 3000 }),
        fc.array(fc.integer({ min: 100, max: 1000 }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 14 }),
        async (maxBytes, sizes, sequence) => {
          run++;
          const c = await cache({ maxBytes, dir: await mkdtemp(path.join(dir, 'p-')) });
          const model: number[] = []; // names, least recently used first
          let expectedHits = 0;
          for (const n of sequence) {
            const at = model.indexOf(n);
            if (at >= 0) {
              expectedHits++;
              model.splice(at, 1);
            }
            model.push(n);
            const total = () => model.reduce((sum, m) => sum + sizes[m]!, 0);
            while (total() > maxBytes) model.shift();
            const res = await c.serve({
              key: `ig:${run}:${n}:media_url`,
              url: u(`/blob/lru-${run}-${n}?size=${sizes[n]}`),
              variant: 'full',
            });
            expectBytes(await bodyOf(res), makeBlob(sizes[n]!, `/blob/lru-${run}-${n}`));
            expect(c.stats()).toMatchObject({ hits: expectedHits, entries: model.length, bytes: total() });
            expect(c.stats().bytes).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);

  it('shrinks to a lowered maxBytes at once, dropping the oldest entries', async () => {
    const c = await cache();
    for (const name of ['s1', 's2', 's3', 's4']) {
      await c.serve({ key: `ig:1:${name}:media_url`, url: u(`/blob/${name}?size=1000`), variant: 'full' });
    }
    c.setMaxBytes(2000);
    expect(c.stats()).toMatchObject({ bytes: 2000, entries: 2, maxBytes: 2000 });
    await c.serve({ key: 'ig:1:s4:media_url', url: u('/blob/s4?size=1000'), variant: 'full' });
    await c.serve({ key: 'ig:1:s1:media_url', url: u('/blob/s1?size=1000'), variant: 'full' });
    expect(upstream.count('/blob/s4')).toBe(1);
    expect(upstream.count('/blob/s1')).toBe(2);
  });

  it('clear() deletes every file and reports the bytes freed', async () => {
    const c = await cache();
    await c.serve({ key: 'ig:1:c1:media_url', url: u('/blob/c1?size=1200'), variant: 'full' });
    await c.serve({ key: 'ig:1:c2:media_url', url: u('/blob/c2?size=800'), variant: 'full' });
    expect(await c.clear()).toBe(2000);
    expect(c.stats()).toMatchObject({ bytes: 0, entries: 0 });
    expect(await readdir(path.join(dir, 'blobs'))).toEqual([]);
  });
});

describe('one account', { timeout: 20_000 }, () => {
  // Real keys (shared/models.ts mediaKey): the account id first. Account 11 is a prefix of 111 in digits only.
  const key = (account: string, object: string) => mediaKey(account, object, 'media_url');
  async function threeAccounts() {
    const c = await cache();
    await c.serve({ key: key('111', 'a1'), url: u('/blob/a1?size=1200'), variant: 'full' });
    await c.serve({ key: key('111', 'a2'), url: u('/jpeg/a2?w=720&h=360'), variant: 'thumb' });
    await c.serve({ key: key('222', 'b1'), url: u('/blob/b1?size=700'), variant: 'full' });
    await c.serve({ key: key('11', 'c1'), url: u('/blob/c1?size=300'), variant: 'full' });
    return c;
  }

  it('counts the files and bytes of one account only', async () => {
    const c = await threeAccounts();
    const mine = c.accountStats('111');
    expect(mine.entries).toBe(2);
    expect(mine.bytes).toBe(c.stats().bytes - 700 - 300);
    expect(c.accountStats('222')).toEqual({ entries: 1, bytes: 700 });
    expect(c.accountStats('11')).toEqual({ entries: 1, bytes: 300 });
    expect(c.accountStats('333')).toEqual({ entries: 0, bytes: 0 });
  });

  it('clear(accountId) deletes that account’s files on disk and in the written index; the others survive', async () => {
    const c = await threeAccounts();
    const mine = c.accountStats('111').bytes;
    const blobs = path.join(dir, 'blobs');
    expect(await readdir(blobs)).toHaveLength(4);
    expect(await c.clear('111')).toBe(mine);
    expect(c.accountStats('111')).toEqual({ entries: 0, bytes: 0 });
    expect(c.stats()).toMatchObject({ entries: 2, bytes: 1000 });
    expect((await readdir(blobs)).sort()).toEqual(
      [mediaEntryId(key('222', 'b1'), 'full'), mediaEntryId(key('11', 'c1'), 'full')].sort(),
    );
    // Already in index.json when clear resolves (no debounce to wait for): a crash now keeps the delete.
    const index = await readFile(path.join(dir, 'index.json'), 'utf8');
    expect(index).not.toContain(key('111', 'a1'));
    expect(index).toContain(key('222', 'b1'));
    // The other accounts' pictures are still served from disk, with no download.
    const downloads = upstream.count('/blob/b1');
    const b1 = await c.serve({ key: key('222', 'b1'), url: u('/expired/b1'), variant: 'full' });
    expectBytes(await bodyOf(b1), makeBlob(700, '/blob/b1'));
    expect(upstream.count('/blob/b1')).toBe(downloads);
  });
});

describe('expired URLs and failures', { timeout: 30_000 }, () => {
  it('serves cached bytes when the URL it is given has expired', async () => {
    const c = await cache();
    await c.serve({ key: 'ig:1:e1:media_url', url: u('/blob/e1?size=700'), variant: 'full' });
    const res = await c.serve({ key: 'ig:1:e1:media_url', url: u('/expired/e1'), variant: 'full' });
    expect(res.status).toBe(200);
    expectBytes(await bodyOf(res), makeBlob(700, '/blob/e1'));
  });

  it('serves the cached thumbnail in place of an uncached original whose URL expired (no broken image)', async () => {
    const c = await cache({ refreshUrl: async () => null });
    await c.serve({ key: 'ig:1:e2:media_url', url: u('/jpeg/e2?w=480&h=480'), variant: 'thumb' });
    const res = await c.serve({ key: 'ig:1:e2:media_url', url: u('/expired/e2'), variant: 'full' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    // A stand-in must not be cached by the renderer as the original.
    expect(res.headers['cache-control']).toBe('no-store');
    expect(jpeg.decode(await bodyOf(res)).width).toBe(360);
  });

  it('serves the cached original when a thumbnail cannot be made nor fetched (502 without it)', async () => {
    const c = await cache({
      thumbnailer: { make: async () => Promise.reject(new Error('boom')), close: async () => undefined },
    });
    await c.serve({ key: 'ig:1:e5:media_url', url: u('/jpeg/e5?w=480&h=480'), variant: 'full' });
    const res = await c.serve({ key: 'ig:1:e5:media_url', url: u('/error500/e5'), variant: 'thumb' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expectBytes(await bodyOf(res), makeJpeg(480, 480));
    const none = await c.serve({ key: 'ig:1:e6:media_url', url: u('/error500/e6'), variant: 'thumb' });
    expect(none.status).toBe(502);
  });

  it('asks refreshUrl once for a fresh URL when the expired media is not cached, and serves it', async () => {
    const refreshUrl = vi.fn(async (_key: string) => u('/blob/e3-fresh?size=900'));
    const c = await cache({ refreshUrl });
    const res = await c.serve({ key: 'ig:1:e3:media_url', url: u('/expired/e3'), variant: 'full' });
    expect(res.status).toBe(200);
    expectBytes(await bodyOf(res), makeBlob(900, '/blob/e3-fresh'));
    expect(refreshUrl).toHaveBeenCalledTimes(1);
    expect(refreshUrl).toHaveBeenCalledWith('ig:1:e3:media_url');
  });

  it('answers 410 when the URL expired, nothing is cached and no fresh URL exists', async () => {
    const refreshUrl = vi.fn(async () => u('/expired/e4-still'));
    const c = await cache({ refreshUrl });
    const res = await c.serve({ key: 'ig:1:e4:media_url', url: u('/expired/e4'), variant: 'full' });
    expect(res.status).toBe(410);
    expect(refreshUrl).toHaveBeenCalledTimes(1);
    expect(c.stats().entries).toBe(0);
  });

  it('answers 504 with a short text body when the upstream is unreachable and nothing is cached', async () => {
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const deadOrigin = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise<void>((r) => dead.close(() => r()));
    const c = await cache({ isAllowedUpstream: (x) => x.startsWith(deadOrigin) });
    const res = await c.serve({ key: 'ig:1:off:media_url', url: `${deadOrigin}/a.jpg`, variant: 'thumb' });
    expect(res.status).toBe(504);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect((await bodyOf(res)).toString()).toMatch(/offline/);
  });
});

describe('upstream allow-list', () => {
  it('rejects a disallowed host with 403 without any request', async () => {
    const fetchSpy = vi.fn(globalThis.fetch);
    const c = await cache({ fetch: fetchSpy, isAllowedUpstream: (x) => isAllowedMediaUpstream(x) });
    const res = await c.serve({ key: 'ig:1:x:media_url', url: u('/blob/x?size=10'), variant: 'full' });
    expect(res.status).toBe(403);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(upstream.count('/blob/x')).toBe(0);
  });

  it('does not follow a redirect to a disallowed host', async () => {
    const fetchSpy = vi.fn(globalThis.fetch);
    const c = await cache({
      fetch: fetchSpy,
      isAllowedUpstream: (x) => x.startsWith(`${upstream.origin}/redirect`),
    });
    const res = await c.serve({
      key: 'ig:1:r:media_url',
      url: u(`/redirect?to=${encodeURIComponent(u('/blob/r?size=10'))}`),
      variant: 'full',
    });
    expect(res.status).toBe(403);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(upstream.count('/blob/r')).toBe(0);
  });

  it('follows a redirect to an allowed host', async () => {
    const c = await cache();
    const res = await c.serve({
      key: 'ig:1:r2:media_url',
      url: u(`/redirect?to=${encodeURIComponent(u('/blob/r2?size=64'))}`),
      variant: 'full',
    });
    expect(res.status).toBe(200);
    expectBytes(await bodyOf(res), makeBlob(64, '/blob/r2'));
  });
});

describe('range requests', { timeout: 30_000 }, () => {
  const key = 'ig:1:v1:media_url';
  const size = 600_000; // above the in-memory threshold, so the body is streamed from disk
  const url = (): string => u(`/blob/video?size=${size}`);
  const whole = makeBlob(size, '/blob/video');

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=500000-', 500_000, size - 1],
    ['bytes=-1000', size - 1000, size - 1],
    ['bytes=100-9999999', 100, size - 1],
  ])('%s → 206 with content-range and exactly those bytes', async (range, start, end) => {
    const c = await cache();
    await bodyOf(await c.serve({ key, url: url(), variant: 'full' }));
    const res = await c.serve({ key, url: url(), variant: 'full', range });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
    expect(res.headers['content-length']).toBe(String(end - start + 1));
    expectBytes(await bodyOf(res), whole.subarray(start, end + 1));
  });

  it('streams a large file from disk instead of buffering it', async () => {
    const c = await cache();
    const res = await c.serve({ key, url: url(), variant: 'full' });
    expect(res.status).toBe(200);
    expect(res.body).toBeInstanceOf(Readable);
    expectBytes(await bodyOf(res), whole);
  });

  it('answers 416 with the size when the range starts past the end', async () => {
    const c = await cache();
    await bodyOf(await c.serve({ key, url: url(), variant: 'full' }));
    const res = await c.serve({ key, url: url(), variant: 'full', range: `bytes=${size}-` });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${size}`);
    expect(await bodyOf(res)).toHaveLength(0);
  });

  it('passes a range request for an uncached video to the upstream, so playback starts before the download ends', async () => {
    const c = await cache();
    const video = { key: 'ig:1:gv:media_url', url: u('/gated/gv?size=400000'), variant: 'full' as const };
    const whole400k = makeBlob(400_000, '/gated/gv');
    // The upstream holds the full download, so this answer can only come from the pass-through.
    const first = await c.serve({ ...video, range: 'bytes=0-999' });
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe('bytes 0-999/400000');
    expect(first.headers['cache-control']).toBe('no-store');
    expectBytes(await bodyOf(first), whole400k.subarray(0, 1000));
    expect(c.stats().entries).toBe(0);
    upstream.release();
    await vi.waitFor(() => expect(c.stats().entries).toBe(1), { timeout: 10_000, interval: 50 });
    const later = await c.serve({ ...video, range: 'bytes=1000-1999' });
    expect(later.status).toBe(206);
    expect(later.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expectBytes(await bodyOf(later), whole400k.subarray(1000, 2000));
    expect(upstream.count('/gated/gv')).toBe(2);
    expect(c.stats().hits).toBe(1);
  });

  it('falls back to the download path when the pass-through fails (expired URL refreshed)', async () => {
    const c = await cache({ refreshUrl: async () => u('/blob/px?size=5000') });
    const res = await c.serve({
      key: 'ig:1:px:media_url',
      url: u('/expired/px'),
      variant: 'full',
      range: 'bytes=10-19',
    });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 10-19/5000');
    expectBytes(await bodyOf(res), makeBlob(5000, '/blob/px').subarray(10, 20));
  });

  it('ignores a malformed Range header and serves everything', async () => {
    const c = await cache();
    const res = await c.serve({ key, url: url(), variant: 'full', range: 'bytes=abc' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(size));
  });
});

// jpeg-js decodes and encodes in plain JS; on a busy 2-core machine that takes seconds, not milliseconds.
describe('thumbnails', { timeout: 30_000 }, () => {
  it('downscales a large JPEG to fit the thumb size and re-encodes it smaller, cached separately', async () => {
    const c = await cache();
    const key = 'ig:1:t1:media_url';
    const thumb = await c.serve({ key, url: u('/jpeg/t1?w=960&h=720'), variant: 'thumb' });
    const full = await c.serve({ key, url: u('/jpeg/t1?w=960&h=720'), variant: 'full' });
    const thumbBytes = await bodyOf(thumb);
    const fullBytes = await bodyOf(full);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const decoded = jpeg.decode(thumbBytes);
    expect([decoded.width, decoded.height]).toEqual([360, 270]);
    expect(thumbBytes.length).toBeLessThan(fullBytes.length / 4);
    expectBytes(fullBytes, makeJpeg(960, 720));
    expect(c.stats().entries).toBe(2);
  });

  it('honours a custom thumbSize', async () => {
    const c = await cache({ thumbSize: 100 });
    const res = await c.serve({ key: 'ig:1:t2:media_url', url: u('/jpeg/t2?w=200&h=400'), variant: 'thumb' });
    const d = jpeg.decode(await bodyOf(res));
    expect([d.width, d.height]).toEqual([50, 100]);
  });

  it('derives the thumbnail from a cached original without going to the network', async () => {
    const c = await cache();
    const key = 'ig:1:t3:media_url';
    await c.serve({ key, url: u('/jpeg/t3?w=480&h=480'), variant: 'full' });
    const res = await c.serve({ key, url: u('/expired/t3'), variant: 'thumb' });
    expect(res.status).toBe(200);
    expect(jpeg.decode(await bodyOf(res)).width).toBe(360);
    expect(upstream.count('/expired/t3')).toBe(0);
  });

  it('uses the full bytes as the thumbnail for non-JPEG, small and corrupt images', async () => {
    const c = await cache();
    const png = await c.serve({ key: 'ig:1:t4:media_url', url: u('/blob/t4?size=5000'), variant: 'thumb' });
    expectBytes(await bodyOf(png), makeBlob(5000, '/blob/t4'));
    const small = await c.serve({
      key: 'ig:1:t5:media_url',
      url: u('/jpeg/t5?w=200&h=100'),
      variant: 'thumb',
    });
    expectBytes(await bodyOf(small), makeJpeg(200, 100));
    const corrupt = await c.serve({ key: 'ig:1:t6:media_url', url: u('/corrupt.jpg'), variant: 'thumb' });
    expect(corrupt.status).toBe(200);
    expect((await bodyOf(corrupt)).length).toBe(4 + 4992);
  });
});

describe('concurrency', () => {
  it('shares one upstream download between concurrent requests for the same key and variant', async () => {
    const c = await cache();
    const req = {
      key: 'ig:1:slow:media_url',
      url: u('/slow/one?ms=200&size=2000'),
      variant: 'full' as const,
    };
    const all = await Promise.all(Array.from({ length: 6 }, () => c.serve(req)));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    for (const r of all) expectBytes(await bodyOf(r), makeBlob(2000, '/slow/one'));
    expect(upstream.count('/slow/one')).toBe(1);
    expect(c.stats().entries).toBe(1);
  });
});

describe('restarts', { timeout: 30_000 }, () => {
  it('keeps the cache across a restart and serves it without the network', async () => {
    const first = await cache();
    await first.serve({ key: 'ig:1:p1:media_url', url: u('/blob/p1?size=1500'), variant: 'full' });
    await first.serve({ key: 'ig:1:p2:media_url', url: u('/jpeg/p2?w=720&h=360'), variant: 'thumb' });
    await first.close();
    const second = await cache({ fetch: vi.fn(async () => Promise.reject(new Error('offline'))) });
    expect(second.stats()).toMatchObject({ entries: 2 });
    const p1 = await second.serve({ key: 'ig:1:p1:media_url', url: u('/expired/p1'), variant: 'full' });
    expectBytes(await bodyOf(p1), makeBlob(1500, '/blob/p1'));
    const p2 = await second.serve({ key: 'ig:1:p2:media_url', url: u('/expired/p2'), variant: 'thumb' });
    expect(jpeg.decode(await bodyOf(p2)).width).toBe(360);
    expect(second.stats().hits).toBe(2);
  });

  it('keeps LRU order across a restart', async () => {
    const first = await cache({
      maxBytes: 3000,
      now: (() => {
        let t = 0;
        return () => ++t;
      })(),
    });
    for (const n of ['o1', 'o2', 'o3']) {
      await first.serve({ key: `ig:1:${n}:media_url`, url: u(`/blob/${n}?size=1000`), variant: 'full' });
    }
    await first.serve({ key: 'ig:1:o1:media_url', url: u('/blob/o1?size=1000'), variant: 'full' });
    await first.close();
    const second = await cache({ maxBytes: 3000 });
    await second.serve({ key: 'ig:1:o4:media_url', url: u('/blob/o4?size=1000'), variant: 'full' });
    await second.serve({ key: 'ig:1:o1:media_url', url: u('/blob/o1?size=1000'), variant: 'full' });
    await second.serve({ key: 'ig:1:o2:media_url', url: u('/blob/o2?size=1000'), variant: 'full' });
    expect(upstream.count('/blob/o1')).toBe(1);
    expect(upstream.count('/blob/o2')).toBe(2);
  });

  it('writes the index by itself shortly after a change, so a crash without close() keeps the cache', async () => {
    const first = await cache();
    await first.serve({ key: 'ig:1:w1:media_url', url: u('/blob/w1?size=800'), variant: 'full' });
    const id = mediaEntryId('ig:1:w1:media_url', 'full');
    await vi.waitFor(async () => expect(await readFile(path.join(dir, 'index.json'), 'utf8')).toContain(id), {
      timeout: 10_000,
      interval: 100,
    });
    const second = await cache({ fetch: vi.fn(async () => Promise.reject(new Error('offline'))) });
    const res = await second.serve({
      key: 'ig:1:w1:media_url',
      url: u('/blob/w1?size=800'),
      variant: 'full',
    });
    expectBytes(await bodyOf(res), makeBlob(800, '/blob/w1'));
  });

  it('drops index entries whose file is gone and deletes files the index does not know', async () => {
    const first = await cache();
    await first.serve({ key: 'ig:1:g1:media_url', url: u('/blob/g1?size=1000'), variant: 'full' });
    await first.serve({ key: 'ig:1:g2:media_url', url: u('/blob/g2?size=1000'), variant: 'full' });
    await first.close();
    await unlink(path.join(dir, 'blobs', mediaEntryId('ig:1:g1:media_url', 'full')));
    await writeFile(path.join(dir, 'blobs', 'stray-file'), 'left over');
    const second = await cache();
    expect(second.stats()).toMatchObject({ entries: 1, bytes: 1000 });
    expect(await readdir(path.join(dir, 'blobs'))).toEqual([mediaEntryId('ig:1:g2:media_url', 'full')]);
  });

  it('starts empty (and cleans up) when the index is corrupt', async () => {
    const first = await cache();
    await first.serve({ key: 'ig:1:z1:media_url', url: u('/blob/z1?size=1000'), variant: 'full' });
    await first.close();
    await writeFile(path.join(dir, 'index.json'), '{"version":1,"entries":[[');
    const second = await cache();
    expect(second.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(await readdir(path.join(dir, 'blobs'))).toEqual([]);
  });
});

describe('media route path handling (security)', () => {
  it.each([
    ['k=..%2F..%2Fetc%2Fpasswd'],
    ['k=%2e%2e%2f%2e%2e%2fetc'],
    ['k=%252e%252e%252f'],
    ['k=%2Fetc%2Fpasswd'],
    ['k=C%3A%5CWindows%5Cwin.ini'],
    ['k=a%00b'],
  ])('rejects %s with 400, no upstream request and no file outside the cache folder', async (k) => {
    const fetchSpy = vi.fn(globalThis.fetch);
    const c = await cache({ fetch: fetchSpy });
    const params = new URLSearchParams(`${k}&u=${encodeURIComponent(u('/blob/sec?size=10'))}&v=full`);
    const res = await serveMediaQuery(c, params);
    expect(res.status).toBe(400);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await readdir(path.join(dir, 'blobs'))).toEqual([]);
  });

  it('stores every accepted key under a sha256 file name inside the cache folder', async () => {
    const c = await cache();
    const params = new URLSearchParams({
      k: 'ig:17841:1790_2:media_url',
      u: u('/blob/ok?size=10'),
      v: 'full',
    });
    const res = await serveMediaQuery(c, params, 'bytes=0-3');
    expect(res.status).toBe(206);
    await vi.waitFor(() => expect(c.stats().entries).toBe(1), { timeout: 10_000, interval: 50 });
    const files = await readdir(path.join(dir, 'blobs'));
    expect(files).toEqual([mediaEntryId('ig:17841:1790_2:media_url', 'full')]);
    expect(files[0]).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('exportFile', () => {
  it('puts the cached original at the destination (the thumbnail when only it is cached), never downloads', async () => {
    const c = await cache();
    const url = u('/blob/exp?size=5000');
    const full = await c.serve({ key: 'fb:1:p1:full_picture', url, variant: 'full' });
    await bodyOf(full);
    const dest = path.join(dir, 'out-full');
    expect(await c.exportFile('fb:1:p1:full_picture', dest)).toMatchObject({ variant: 'full', size: 5000 });
    expectBytes(await readFile(dest), makeBlob(5000, '/blob/exp'));
    // The cache dropping the file afterwards does not take the exported copy with it.
    await c.clear();
    expectBytes(await readFile(dest), makeBlob(5000, '/blob/exp'));
    // Not cached: nothing, and no request goes out.
    expect(await c.exportFile('fb:1:p2:full_picture', path.join(dir, 'none'))).toBeNull();
    expect(await c.exportFile('../../etc/passwd', path.join(dir, 'none'))).toBeNull();
    expect(c.stats().misses).toBe(1);
  });

  it('a destination it cannot write is an error (a full disk, no right to write), not a file "not cached"', async () => {
    const c = await cache();
    await bodyOf(
      await c.serve({ key: 'fb:1:p1:full_picture', url: u('/blob/exp?size=5000'), variant: 'full' }),
    );
    // A real write error: the destination's folder is a file.
    const notADir = path.join(dir, 'plain-file');
    await writeFile(notADir, 'x');
    await expect(c.exportFile('fb:1:p1:full_picture', path.join(notADir, 'out'))).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
  });
});
