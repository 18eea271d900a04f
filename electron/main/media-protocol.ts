// The `duet-media://media/?k=&u=&v=` protocol: answers <img>/<video> requests from the bounded media cache, the
// same query the browser host serves at /media (shared/media-url.ts). Videos seek with Range → 206.
import { Readable } from 'node:stream';
import { parseMediaQuery } from '../../shared/media-url';
import type { MediaCacheService } from '../services/types';

/** The host part of media URLs (`duet-media://media/…`). */
const MEDIA_HOST = 'media';

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });
}

/** Creates the `protocol.handle('duet-media', …)` handler backed by the media cache. */
export function createMediaProtocolHandler(
  media: Pick<MediaCacheService, 'serve'>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad media URL');
    }
    if (url.hostname !== MEDIA_HOST || (url.pathname !== '/' && url.pathname !== ''))
      return plain(404, 'Not found');
    const parsed = parseMediaQuery(url.searchParams);
    if (!parsed.ok) return plain(400, parsed.error);
    const range = request.headers.get('range');
    const answer = await media.serve({ ...parsed.request, ...(range ? { range } : {}) });
    const headers = { 'x-content-type-options': 'nosniff', ...answer.headers };
    if (request.method === 'HEAD' || answer.body === null || answer.status === 304) {
      return new Response(null, { status: answer.status, headers });
    }
    const body =
      answer.body instanceof Readable
        ? (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>)
        : new Uint8Array(answer.body);
    return new Response(body, { status: answer.status, headers });
  };
}
