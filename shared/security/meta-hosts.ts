// The domains Meta owns, written once. Used where Duet must tell Meta's hosts from everyone else's: the update feed
// may not be one (update-feed.ts), no test or benchmark may ever reach one (e2e/fixtures.ts, bench/), and the media
// cache downloads only from the few of them that serve media (media-hosts.ts).

/** Domains Meta owns; every subdomain of them counts too. */
export const META_OWNED_DOMAINS = [
  'facebook.com',
  'facebook.net',
  'fb.com',
  'fb.me',
  'fbcdn.net',
  'fbsbx.com',
  'instagram.com',
  'cdninstagram.com',
  'messenger.com',
  'meta.com',
  'whatsapp.com',
  'whatsapp.net',
  'threads.net',
] as const satisfies readonly string[];

/** One of Meta's domains. */
export type MetaDomain = (typeof META_OWNED_DOMAINS)[number];

/** True when `hostname` is one of `domains` or a subdomain of one (case and a trailing dot ignored). */
export function isUnderDomain(hostname: string, domains: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

/** True when `hostname` is one of Meta's domains or under one (case and a trailing dot ignored). */
export function isMetaOwnedHost(hostname: string): boolean {
  return isUnderDomain(hostname, META_OWNED_DOMAINS);
}
