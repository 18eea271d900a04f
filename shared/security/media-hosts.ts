// Where the media cache may download pictures and videos from: Meta's media hosts over https, plus exact origins the
// host names (the Graph origin in use, which is the sandbox on loopback in demo mode). Every redirect hop is checked
// again by the cache (electron/services/media-cache/upstream.ts).
import { isUnderDomain, type MetaDomain } from './meta-hosts';

/**
 * Meta's domains that serve the media Graph links to: `*.fbcdn.net` (Page photos and videos), `*.cdninstagram.com`
 * (IG media), `*.fbsbx.com` (message attachments, profile pictures), and facebook.com / instagram.com, whose
 * `lookaside` hosts some attachment URLs point at. A subset of Meta's domains (checked by the type).
 */
export const META_MEDIA_DOMAINS: readonly MetaDomain[] = [
  'fbcdn.net',
  'cdninstagram.com',
  'fbsbx.com',
  'facebook.com',
  'instagram.com',
];

/** The origin of an http(s) URL, or null for anything else. */
function httpOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * True when the media cache may fetch `url`: https on one of META_MEDIA_DOMAINS, or exactly one of `extraOrigins`
 * (any http(s) scheme, so the loopback sandbox works). Never with credentials in the URL.
 */
export function isAllowedMediaUpstream(url: string, extraOrigins: readonly string[] = []): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  // user:pass@ can make a URL read as one host while it goes to another.
  if (u.username || u.password) return false;
  if (extraOrigins.some((o) => httpOrigin(o) === u.origin)) return true;
  return u.protocol === 'https:' && isUnderDomain(u.hostname, META_MEDIA_DOMAINS);
}
