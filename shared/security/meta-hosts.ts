// The domains Meta owns, written once. Used where Duet must tell Meta's hosts from everyone else's: the update feed
// may not be one (update-feed.ts), and no test or benchmark may ever reach one (e2e/fixtures.ts, bench/).

/** Domains Meta owns; every subdomain of them counts too. */
export const META_OWNED_DOMAINS: readonly string[] = [
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
];

/** True when `hostname` is one of Meta's domains or under one (case and a trailing dot ignored). */
export function isMetaOwnedHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return META_OWNED_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
}
