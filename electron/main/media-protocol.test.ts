import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { mediaQuery } from '../../shared/media-url';
import type { MediaCacheService, MediaRequest, MediaResponse } from '../services/types';
import { createMediaProtocolHandler } from './media-protocol';

const ref = { key: 'ig:1789:media_url', url: 'https://scontent.cdninstagram.com/v/t51/abc.jpg?oh=1' };

function cache(answer: MediaResponse) {
  const serve = vi.fn<(req: MediaRequest) => Promise<MediaResponse>>(async () => answer);
  return { serve } satisfies Pick<MediaCacheService, 'serve'>;
}

describe('media protocol handler', () => {
  it('answers from the media cache with the parsed key, url and variant', async () => {
    const media = cache({
      status: 200,
      headers: { 'content-type': 'image/jpeg' },
      body: Buffer.from([1, 2, 3]),
    });
    const res = await createMediaProtocolHandler(media)(
      new Request(`duet-media://media/?${mediaQuery(ref, 'thumb')}`),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(media.serve).toHaveBeenCalledWith({ key: ref.key, url: ref.url, variant: 'thumb' });
  });

  it('passes the Range header through and streams a 206 partial answer', async () => {
    const media = cache({
      status: 206,
      headers: { 'content-type': 'video/mp4', 'content-range': 'bytes 0-3/100' },
      body: Readable.from([Buffer.from('abcd')]),
    });
    const req = new Request(`duet-media://media/?${mediaQuery(ref, 'full')}`, {
      headers: { range: 'bytes=0-3' },
    });
    const res = await createMediaProtocolHandler(media)(req);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 0-3/100');
    expect(await res.text()).toBe('abcd');
    expect(media.serve).toHaveBeenCalledWith(
      expect.objectContaining({ range: 'bytes=0-3', variant: 'full' }),
    );
  });

  it.each([
    ['a traversal key', new URLSearchParams({ k: '../../etc/passwd', u: ref.url, v: 'full' })],
    ['an encoded traversal key', new URLSearchParams({ k: '%2e%2e%2fsecret', u: ref.url, v: 'full' })],
    ['a file URL upstream', new URLSearchParams({ k: ref.key, u: 'file:///etc/passwd', v: 'full' })],
    ['a missing variant', new URLSearchParams({ k: ref.key, u: ref.url })],
  ])('refuses %s with 400 before touching the cache', async (_label, params) => {
    const media = cache({ status: 200, headers: {}, body: null });
    const res = await createMediaProtocolHandler(media)(
      new Request(`duet-media://media/?${params.toString()}`),
    );
    expect(res.status).toBe(400);
    expect(media.serve).not.toHaveBeenCalled();
  });

  it('only serves the media host', async () => {
    const media = cache({ status: 200, headers: {}, body: null });
    const res = await createMediaProtocolHandler(media)(
      new Request(`duet-media://other/?${mediaQuery(ref, 'full')}`),
    );
    expect(res.status).toBe(404);
    expect(media.serve).not.toHaveBeenCalled();
  });
});
