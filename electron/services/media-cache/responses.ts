// What the media cache answers: file bodies with Range support, short text errors, and MIME types that are safe to
// serve from the app's own origin.
import type { FileHandle } from 'node:fs/promises';
import { parseMediaQuery } from '../../../shared/media-url';
import type { MediaCacheService, MediaResponse } from '../types';
import { parseRange } from './range';

/** Bodies up to this size are read into memory; larger ones (videos) are streamed from disk. */
const SMALL_BODY_BYTES = 256 * 1024;
/** A key+variant always names the same bytes, so the renderer may keep them forever. */
export const IMMUTABLE = 'private, max-age=31536000, immutable';

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

/**
 * Answers from an open file of `size` bytes, honouring a Range header. Small bodies are read and the handle closed;
 * large ones (videos) are streamed, and the stream closes the handle when it ends or is destroyed.
 */
export async function answerFromFile(
  fh: FileHandle,
  size: number,
  mime: string,
  range: string | undefined,
  cacheControl: string,
): Promise<MediaResponse> {
  const headers: Record<string, string> = {
    'content-type': mime,
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
  return { status, headers, body: fh.createReadStream({ start, end }) };
}

/** A MIME type safe to serve from the app's own origin: sniffed, else the upstream's image/video/audio type. */
export function safeMime(sniffed: string | null, declared: string | null): string {
  if (sniffed) return sniffed;
  const t = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  // SVG can carry script, and anything else (text/html…) must never be rendered as a document from our origin.
  if (/^(image|video|audio)\/[a-z0-9.+-]+$/.test(t) && t !== 'image/svg+xml') return t;
  return 'application/octet-stream';
}
