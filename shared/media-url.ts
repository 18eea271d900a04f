// How the renderer addresses cached media, and how hosts parse it back. Both hosts serve the same query:
// Electron at duet-media://media/?k=&u=&v=, the browser host at /media?k=&u=&v=.
import { type MediaRef } from './models';

/** The two variants the media cache serves: a downscaled grid thumbnail or the original bytes. */
export type MediaVariant = 'thumb' | 'full';

/** A validated media query: the stable cache key, the latest upstream URL and the variant. */
export interface MediaQueryRequest {
  key: string;
  url: string;
  variant: MediaVariant;
}

/** Longest accepted media key (keys are `${accountId}:${objectId}:${field}`, far shorter in practice). */
export const MAX_MEDIA_KEY_LENGTH = 512;
/** Longest accepted upstream URL (Meta CDN URLs with their signature run to a few hundred characters). */
export const MAX_MEDIA_URL_LENGTH = 4096;

/** The query string that identifies one cached picture or video variant. */
export function mediaQuery(ref: Pick<MediaRef, 'key' | 'url'>, variant: MediaVariant): string {
  return new URLSearchParams({ k: ref.key, u: ref.url, v: variant }).toString();
}

// An allow-list rather than a block-list: ids from the Graph API are digits, letters, `_` and `-`, and media keys
// join them with `:` (see mediaKey in models.ts). No `/`, `\`, `%`, `~`, whitespace or control characters can pass,
// so no path separator, encoded sequence or home-folder shape survives, even though the cache hashes keys anyway.
const KEY_PATTERN = /^[A-Za-z0-9_.:@=+,-]+$/;

/** Returns why `key` is not an acceptable media key, or null when it is. */
export function mediaKeyProblem(key: string): string | null {
  if (key.length === 0) return 'empty key';
  if (key.length > MAX_MEDIA_KEY_LENGTH) return 'key too long';
  if (!KEY_PATTERN.test(key)) return 'key has forbidden characters';
  // `..` is the parent-directory segment; a dot-only key would be `.` or `..` as a file name.
  if (key.includes('..') || /^\.+$/.test(key)) return 'key contains a traversal sequence';
  // Windows drive-absolute shapes (`C:` followed by nothing path-like would still be drive-relative).
  if (/^[A-Za-z]:$/.test(key) || /^[A-Za-z]:[.]/.test(key)) return 'key looks like a drive path';
  return null;
}

/** Returns why `url` is not an acceptable upstream URL (http/https, no credentials), or null when it is. */
export function mediaUrlProblem(url: string): string | null {
  if (url.length === 0) return 'empty url';
  if (url.length > MAX_MEDIA_URL_LENGTH) return 'url too long';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url is not absolute';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'url must be http(s)';
  if (parsed.username || parsed.password) return 'url must not carry credentials';
  if (!parsed.hostname) return 'url has no host';
  return null;
}

/**
 * Parses the query made by `mediaQuery` (as received by a host: `k`, `u`, `v`, each exactly once). Rejects missing,
 * repeated or oversized parameters, keys that could be read as paths, and non-http(s) URLs. Whether the URL's
 * host is an allowed upstream is the media cache's decision, not this parser's.
 */
export function parseMediaQuery(
  params: URLSearchParams,
): { ok: true; request: MediaQueryRequest } | { ok: false; error: string } {
  const one = (name: string): string | { error: string } => {
    const all = params.getAll(name);
    if (all.length === 0) return { error: `missing ${name}` };
    if (all.length > 1) return { error: `repeated ${name}` };
    return all[0]!;
  };
  const k = one('k');
  if (typeof k !== 'string') return { ok: false, error: k.error };
  const u = one('u');
  if (typeof u !== 'string') return { ok: false, error: u.error };
  const v = one('v');
  if (typeof v !== 'string') return { ok: false, error: v.error };
  const keyProblem = mediaKeyProblem(k);
  if (keyProblem) return { ok: false, error: keyProblem };
  const urlProblem = mediaUrlProblem(u);
  if (urlProblem) return { ok: false, error: urlProblem };
  if (v !== 'thumb' && v !== 'full') return { ok: false, error: 'variant must be thumb or full' };
  return { ok: true, request: { key: k, url: u, variant: v } };
}
