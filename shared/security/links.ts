// The one external-link policy of Duet: which URLs may leave the app for the system browser (or a new browser
// tab), and how a link's real destination is shown. Used by the renderer (what becomes a clickable link), the host
// services (`app/open-external`), Electron main (window-open and platform.openExternal) and the browser host.
// Plain TypeScript: no Node or DOM imports beyond the WHATWG URL parser both runtimes have.

/** URLs longer than this are refused outright (nothing legitimate in a post or message is this long). */
export const MAX_LINK_LENGTH = 4096;

/** Why a link may not be opened. The words for the user live with the caller (host service, renderer). */
export type LinkRefusal =
  /** Not an absolute URL, empty, not a string, or longer than MAX_LINK_LENGTH. */
  | 'not-a-link'
  /** Any scheme but https: http (readable and rewritable on the way), file:, javascript:, data:, smb:, ms-msdt:… */
  | 'scheme'
  /** `user:password@host` — the classic disguise (`https://www.facebook.com@evil.example/`). */
  | 'credentials'
  /** An explicit port other than 443: reaches odd services, never a normal website. */
  | 'port'
  /** An IP literal, a single-label or local/LAN name, or any name ending in a dot (`localhost.`). */
  | 'local-host'
  /** A Meta link-shim URL whose target fails one of the checks above. */
  | 'shim-target';

/** The verdict on one link: the URL to open and the host to show, or why it is refused. */
export type LinkCheck =
  | {
      readonly ok: true;
      /** The normalized URL to open (what the user clicked; a Meta link-shim URL stays a shim URL). */
      readonly href: string;
      /** Where the link really leads: the shim's target when it is one, else the URL itself. */
      readonly target: string;
      /** The target's hostname as the URL parser reads it (IDN as punycode `xn--…`): what the user is shown. */
      readonly host: string;
    }
  | { readonly ok: false; readonly refusal: LinkRefusal };

// Top-level names that resolve only on the user's machine or network (RFC 6761/6762/8375, ICANN name-collision
// list): links to them reach routers, printers and local services, never a customer's website.
const LOCAL_TLDS = new Set([
  'localhost',
  'local',
  'localdomain',
  'internal',
  'intranet',
  'lan',
  'home',
  'corp',
  'private',
  'arpa',
  'test',
  'invalid',
]);

// A dotted quad anywhere in the name: wildcard-DNS names such as 127.0.0.1.nip.io or 10-0-0-1 style sslip.io
// resolve to the address they spell, so they are local names in disguise.
const EMBEDDED_IPV4 = /(^|[.-])\d{1,3}[.-]\d{1,3}[.-]\d{1,3}[.-]\d{1,3}([.-]|$)/;

/** Meta's link shim hosts: outbound links in Facebook/Instagram content come wrapped as `…/l.php?u=<target>`. */
const LINK_SHIM_HOSTS = new Set(['l.facebook.com', 'lm.facebook.com', 'l.messenger.com', 'l.instagram.com']);

function parse(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LINK_LENGTH) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Is `hostname` (as `URL.hostname` gives it: lower-case, IDN in punycode, IPv4 normalized) a name only the local
 * machine or network resolves? True for IP literals (v4 in any spelling the parser accepts, v6 in brackets),
 * single-label names, local TLDs, names embedding a dotted quad, and every name ending in a dot — `localhost.`,
 * `foo.local.` and `example.com.` are the same names as without the dot, and no customer link needs that form.
 */
export function isLocalHostname(hostname: string): boolean {
  if (hostname === '' || hostname.endsWith('.') || hostname.startsWith('[')) return true;
  const labels = hostname.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return true;
  // The URL parser turns every IPv4 spelling (0x7f.1, 2130706433, 127.1) into a dotted quad of decimals.
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(hostname)) return true;
  if (EMBEDDED_IPV4.test(hostname)) return true;
  return LOCAL_TLDS.has(labels[labels.length - 1]!);
}

function checkOne(u: URL): LinkRefusal | null {
  if (u.protocol !== 'https:') return 'scheme';
  if (u.username !== '' || u.password !== '') return 'credentials';
  // URL drops the default port, so an explicit :443 reads as ''.
  if (u.port !== '') return 'port';
  if (isLocalHostname(u.hostname)) return 'local-host';
  return null;
}

/**
 * The target of a Meta link-shim URL (`https://l.facebook.com/l.php?u=<encoded target>&h=…`), or null when `url`
 * is not a shim URL or carries no absolute target.
 */
export function linkShimTarget(url: string | URL): URL | null {
  const u = typeof url === 'string' ? parse(url) : url;
  if (!u || u.protocol !== 'https:' || !LINK_SHIM_HOSTS.has(u.hostname)) return null;
  if (u.pathname !== '/l.php' && u.pathname !== '/') return null;
  return parse(u.searchParams.get('u') ?? '');
}

/**
 * The external-link policy. A link may open only when it is https, has no credentials, no port but 443, and names
 * a public host (see isLocalHostname). A Meta link-shim URL opens as itself — the shim is Meta's own check
 * against known malicious sites, which Duet cannot do — but only when its target passes the same checks, and the
 * host shown is the target's.
 */
export function checkExternalLink(raw: unknown): LinkCheck {
  const u = parse(raw);
  if (!u) return { ok: false, refusal: 'not-a-link' };
  const refusal = checkOne(u);
  if (refusal) return { ok: false, refusal };
  const target = linkShimTarget(u);
  if (target && checkOne(target)) return { ok: false, refusal: 'shim-target' };
  const dest = target ?? u;
  return { ok: true, href: u.href, target: dest.href, host: dest.hostname };
}

/** True when checkExternalLink allows `raw`. */
export function isExternalLinkAllowed(raw: unknown): boolean {
  return checkExternalLink(raw).ok;
}

/**
 * Bidirectional-text controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the marks
 * LRM, RLM and ALM (U+200E, U+200F, U+061C). In link text they make `https://evil.example/\u202Emoc.knab//:sptth`
 * read as a link to bank.com; a URL never needs them.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `text` without bidi controls (see BIDI_CONTROLS). */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
