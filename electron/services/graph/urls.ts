// Turning a GraphPath into the URL that is sent, and the pieces derived from it (ETag cache key, batch
// relative_url), plus reading a Graph body.
import type { GraphPath } from './path';

/** Query or form parameters; undefined values are left out. */
export type GraphParams = Record<string, string | number | boolean | undefined>;

/** The only place a Graph URL is made: the configured root + an encoded GraphPath + parameters as an object. */
export function buildGraphUrl(root: string, path: GraphPath, params: GraphParams | undefined): URL {
  let url: URL;
  if (/^https?:\/\//.test(path)) {
    url = new URL(path);
    // Absolute URLs (paging `next`) must point at the configured Graph host: the token is attached to them.
    if (url.origin !== new URL(root).origin) throw new Error(`Refusing to send a token to ${url.origin}.`);
  } else {
    // Defence in depth: a GraphPath never carries a query or fragment (graphPath encodes ? and #).
    if (!path.startsWith('/') || /[?#\\]/.test(path))
      throw new Error('Refusing a Graph path that is not from graphPath().');
    url = new URL(`${root}${path}`);
  }
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

/** The ETag cache key of a URL: without the token, parameters sorted. */
export function cacheKeyOf(url: URL): string {
  const u = new URL(url);
  u.searchParams.delete('access_token');
  u.searchParams.sort();
  return u.toString();
}

/** A batch sub-request's relative_url without the version prefix (Meta accepts both), from the same encoded URL. */
export function batchRelativeUrl(root: string, url: URL): string {
  return `${url.pathname.slice(new URL(root).pathname.replace(/\/+$/, '').length + 1)}${url.search}`;
}

/** A Graph body as JSON (empty is null), or not ok when it isn't JSON. */
export function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
