// Micro-benchmark of the media cache: hit latency (memory-read and streamed bodies), miss latency against a local
// upstream, and thumbnail generation. Run: npx tsx bench/media-cache.ts [--json]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  createMediaCache,
  inProcessThumbnailer,
  type Thumbnailer,
} from '../electron/services/media-cache/index';
import { makeJpeg, startUpstream } from '../electron/test/media-upstream';
import { makeThumbnail } from '../electron/services/media-cache/thumbnail';
import type { MediaResponse } from '../electron/services/types';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function summary(samples: number[]): { n: number; p50: number; p95: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length,
    p50: r(quantile(s, 0.5)),
    p95: r(quantile(s, 0.95)),
    min: r(s[0] ?? NaN),
    max: r(s.at(-1) ?? NaN),
  };
}

async function drain(res: MediaResponse): Promise<number> {
  if (res.body === null) return 0;
  if (Buffer.isBuffer(res.body)) return res.body.length;
  let n = 0;
  for await (const chunk of res.body as Readable) n += (chunk as Buffer).length;
  return n;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const upstream = await startUpstream();
const dir = await mkdtemp(path.join(os.tmpdir(), 'duet-media-bench-'));
const cache = await createMediaCache({
  dir,
  maxBytes: 1024 * 1024 * 1024,
  isAllowedUpstream: (u) => u.startsWith(upstream.origin),
});
const url = (p: string) => `${upstream.origin}${p}`;
const results: Record<string, unknown> = {};

try {
  // Misses: 200 pictures of 60 KB (a typical Instagram feed JPEG) downloaded from the local upstream.
  const images = Array.from({ length: 200 }, (_, i) => ({
    key: `ig:1:${i}:media_url`,
    url: url(`/blob/img${i}?size=61440`),
  }));
  const miss: number[] = [];
  for (const img of images)
    miss.push(await timed(async () => drain(await cache.serve({ ...img, variant: 'full' }))));
  results.missFull60KB = summary(miss);

  // Hits: 3000 random reads of those pictures, body fully read (as the host does when answering).
  const hit: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const img = images[(i * 7919) % images.length]!;
    hit.push(await timed(async () => drain(await cache.serve({ ...img, variant: 'full' }))));
  }
  results.hitFull60KB = summary(hit);

  // Streamed hits: a 4 MB video, 1 MB range requests at random offsets (seeking).
  const video = {
    key: 'ig:1:video:media_url',
    url: url('/blob/video?size=4194304'),
    variant: 'full' as const,
  };
  await drain(await cache.serve(video));
  const seek: number[] = [];
  for (let i = 0; i < 300; i++) {
    const start = ((i * 104729) % 3) * 1048576;
    seek.push(
      await timed(async () =>
        drain(await cache.serve({ ...video, range: `bytes=${start}-${start + 1048575}` })),
      ),
    );
  }
  results.hitRange1MBof4MB = summary(seek);

  // Thumbnails: 1080×1080 (Instagram square) and 1440×1800 (Instagram portrait max) JPEGs → 360 px.
  for (const [w, h] of [
    [1080, 1080],
    [1440, 1800],
  ] as const) {
    const src = makeJpeg(w, h, 85);
    const t: number[] = [];
    for (let i = 0; i < 8; i++) t.push(await timed(async () => makeThumbnail(src, 360)));
    results[`thumb${w}x${h}`] = {
      ...summary(t),
      srcBytes: src.length,
      thumbBytes: makeThumbnail(src, 360)?.length,
    };
  }

  // Thumbnail misses through the cache (download + decode + downscale + encode + store), then hits; and the longest
  // event-loop stall meanwhile, with the default worker thumbnailer vs on the calling thread.
  results.stats = cache.stats();
  for (const [label, thumbnailer] of [
    ['worker', undefined],
    ['inProcess', inProcessThumbnailer()],
  ] as Array<[string, Thumbnailer | undefined]>) {
    const tdir = await mkdtemp(path.join(os.tmpdir(), 'duet-media-bench-'));
    const c = await createMediaCache({
      dir: tdir,
      maxBytes: 1e9,
      isAllowedUpstream: (u) => u.startsWith(upstream.origin),
      ...(thumbnailer ? { thumbnailer } : {}),
    });
    await drain(await c.serve({ key: 'warm', url: url('/jpeg/warm?w=1080&h=1080'), variant: 'full' }));
    const thumbMiss: number[] = [];
    const thumbHit: number[] = [];
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    for (let i = 0; i < 6; i++) {
      const req = {
        key: `ig:1:t${i}:media_url`,
        url: url(`/jpeg/t${i}?w=1080&h=1080`),
        variant: 'thumb' as const,
      };
      thumbMiss.push(await timed(async () => drain(await c.serve(req))));
      thumbHit.push(await timed(async () => drain(await c.serve(req))));
    }
    loop.disable();
    results[`thumbMiss1080_${label}`] = summary(thumbMiss);
    results[`thumbHit_${label}`] = summary(thumbHit);
    results[`maxEventLoopStall_${label}`] = Math.round(loop.max / 1e4) / 100;
    await c.close();
    await rm(tdir, { recursive: true, force: true });
  }
} finally {
  await cache.close();
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
}

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results, null, 2));
} else {
  console.log('media cache micro-benchmark (ms; this machine is shared and noisy: compare within a run)');
  for (const [name, v] of Object.entries(results)) console.log(name.padEnd(24), JSON.stringify(v));
}
