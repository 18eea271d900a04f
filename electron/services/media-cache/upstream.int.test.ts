// The media cache against the real Graph API stand-in's CDN (signed URLs that expire like Instagram's `oe`).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import jpeg from 'jpeg-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSandbox, type SandboxHandle } from '../../../sandbox/index';
import type { MediaCacheService, MediaResponse } from '../types';
import { isAllowedMediaUpstream } from '../../../shared/security/media-hosts';
import { createMediaCache } from './index';

let sandbox: SandboxHandle;
let dir: string;
let cache: MediaCacheService | undefined;

beforeEach(async () => {
  sandbox = await startSandbox({ seed: 7 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'duet-media-sbx-'));
});
afterEach(async () => {
  await cache?.close();
  cache = undefined;
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const signed = (p: string): string => sandbox.core.signer.sign(sandbox.url, p, sandbox.core.now());

async function bodyOf(res: MediaResponse): Promise<Buffer> {
  if (res.body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(res.body)) return res.body;
  const chunks: Buffer[] = [];
  for await (const c of res.body as Readable) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('media cache with the sandbox CDN', { timeout: 30_000 }, () => {
  it('keeps serving cached pictures after their URL expires, and refreshes URLs of uncached ones', async () => {
    const refreshUrl = vi.fn(async (key: string) => signed(`/cdn/ig/${key.split(':').at(-2)}.jpg`));
    cache = await createMediaCache({
      dir,
      maxBytes: 50_000_000,
      isAllowedUpstream: (url) => isAllowedMediaUpstream(url, [sandbox.url]),
      refreshUrl,
    });
    const oldA = signed('/cdn/ig/a1.jpg');
    const oldB = signed('/cdn/ig/b2.jpg');
    const thumb = await cache.serve({ key: 'ig:1:a1:media_url', url: oldA, variant: 'thumb' });
    expect(thumb.status).toBe(200);
    expect(jpeg.decode(await bodyOf(thumb)).width).toBe(360);

    sandbox.core.clockOffset += 3 * 3_600_000;
    expect((await fetch(oldA)).status).toBe(403);

    const again = await cache.serve({ key: 'ig:1:a1:media_url', url: oldA, variant: 'thumb' });
    expect(again.status).toBe(200);
    expect(refreshUrl).not.toHaveBeenCalled();

    const b = await cache.serve({ key: 'ig:1:b2:media_url', url: oldB, variant: 'full' });
    expect(b.status).toBe(200);
    expect(b.headers['content-type']).toBe('image/jpeg');
    expect(refreshUrl).toHaveBeenCalledWith('ig:1:b2:media_url');
  });

  it('seeks in a cached video with range requests', async () => {
    cache = await createMediaCache({
      dir,
      maxBytes: 50_000_000,
      isAllowedUpstream: (url) => isAllowedMediaUpstream(url, [sandbox.url]),
    });
    const url = signed('/cdn/ig/v9.webm');
    const whole = await cache.serve({ key: 'ig:1:v9:media_url', url, variant: 'full' });
    const all = await bodyOf(whole);
    expect(whole.headers['content-type']).toBe('video/webm');
    const part = await cache.serve({
      key: 'ig:1:v9:media_url',
      url,
      variant: 'full',
      range: 'bytes=100-199',
    });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${all.length}`);
    expect((await bodyOf(part)).equals(all.subarray(100, 200))).toBe(true);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
  });
});
