// Who may talk to the browser host. It listens on 127.0.0.1 only, but any web page the user opens could still try
// to reach it (CSRF) or point a DNS name at 127.0.0.1 (DNS rebinding). So every request must:
// - carry our own Host header (127.0.0.1:port or localhost:port) — a rebound name fails here;
// - if it has an Origin, be our own origin — cross-origin fetches fail here;
// - not be a cross-site or same-site subresource request (Sec-Fetch-Site) — another localhost port fails here;
// - present the per-launch secret (the session cookie, or the x-duet-key header used by tests and tools).
//
// How the secret reaches the tab: the printed link carries a ONE-TIME launch code (`?k=`), never the secret. The
// first GET with a live code spends it, sets the HttpOnly session cookie and redirects to the same address without
// `k`, so neither the address bar nor the final history entry holds anything reusable; the copy left in the
// terminal or the history is spent.
//
// Cookies are not isolated by port (RFC 6265 §8.5): any page on 127.0.0.1 — another dev server, the sandbox, a
// hostile local page — can set cookies this host receives, with any name, and a longer Path so the browser sends
// them first. So: (1) the cookie name carries our port, so two Duet hosts on different ports never overwrite each
// other's session; (2) the request is accepted if ANY presented value of our name equals the secret (constant-time
// compare), so a planted cookie cannot shadow ours and lock the tab out; (3) a planted cookie can never authorize,
// because the secret is random per launch and never leaves this process except in our own HttpOnly cookie.
// Values are compared as sent (never URL-decoded): ours is hex, and a malformed `%` escape must not throw.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The minimal view of a request the guard needs. */
export interface GuardRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw request target, e.g. `/?k=…` (may be anything a client sends: `//`, `/%`, `*`). */
  url: string;
}

/** The host's identity. */
export interface GuardConfig {
  port: number;
  secret: string;
  /** Spends a one-time launch code; true when it was live (see createLaunchCodes). */
  redeemLaunchCode?(code: string): boolean;
}

/** What the guard decided. `redirect` (absolute, on our origin) answers a launch link with the clean address. */
export type GuardDecision =
  | { ok: true; grantCookie: boolean; redirect?: string }
  | { ok: false; status: number; reason: string; linkUsed?: true };

/** The session cookie's name for the host on this port (port-specific: see the header comment). */
export function secretCookieName(port: number): string {
  return `duet_k_${port}`;
}

/**
 * The Set-Cookie value that carries the per-launch secret. Strict: no other site's navigation or subresource
 * request carries it (the Facebook Login return page, which such a navigation reaches, needs no cookie itself).
 */
export function sessionCookie(port: number, secret: string): string {
  return `${secretCookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Paths served without the secret: the Facebook Login return page (reached by a cross-site navigation, which
 *  carries no Strict cookie). It shows nothing and hands the callback to the host with a same-origin fetch, which
 *  does carry the cookie and is guarded like every bridge call. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/auth/callback', '/auth/callback.js']);

/** The message of a 401 (also shown by the CLI). */
const OPEN_WITH_LINK = 'Open Duet with the link printed by `npm run start:browser`.';

function header(req: GuardRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Every value of a cookie name in a Cookie header, in order, as sent (never decoded, never throws). */
export function readCookies(cookieHeader: string | undefined, name: string): string[] {
  const values: string[] = [];
  for (const part of (cookieHeader ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) values.push(part.slice(at + 1).trim());
  }
  return values;
}

/** The first value of a cookie name (see readCookies). */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  return readCookies(cookieHeader, name)[0];
}

/**
 * Parses a raw request target on our own origin, or null when it is not an origin-form path (`*`, absolute URLs).
 * Concatenated, not resolved against a base: `//evil.example/x` stays a path on 127.0.0.1, never another host.
 */
export function parseTarget(raw: string): URL | null {
  if (!raw.startsWith('/')) return null;
  try {
    const url = new URL(`http://127.0.0.1${raw}`);
    return url.origin === 'http://127.0.0.1' ? url : null;
  } catch {
    return null;
  }
}

/** The host's API routes (bridge calls, events, media): never a page a launch link opens. */
function isApiPath(pathname: string): boolean {
  return pathname === '/media' || pathname === '/events' || pathname.startsWith('/bridge/');
}

/** The origins this host answers to. */
function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** One-time launch codes: `mint()` makes one for a printed link, `redeem()` spends it (at most once). */
export function createLaunchCodes(maxLive = 16): { mint(): string; redeem(code: string): boolean } {
  let live: string[] = [];
  return {
    mint() {
      const code = randomBytes(18).toString('hex');
      // Links never opened expire oldest-first, so "print me a new link" cannot pile up live codes.
      live = [...live, code].slice(-maxLive);
      return code;
    },
    redeem(code) {
      // Every live code is compared (constant time each), so the answer's timing says nothing about which matched.
      let found: string | undefined;
      for (const c of live) if (safeEqual(c, code)) found = c;
      if (found === undefined) return false;
      live = live.filter((c) => c !== found);
      return true;
    },
  };
}

/** Decides whether a request may proceed (never throws, whatever the request carries). */
export function checkRequest(req: GuardRequest, cfg: GuardConfig): GuardDecision {
  const host = header(req, 'host');
  if (!host || !ownOrigins(cfg.port).some((o) => o === `http://${host}`)) {
    return { ok: false, status: 421, reason: 'Unknown Host header (this server only answers on 127.0.0.1).' };
  }
  const origin = header(req, 'origin');
  if (origin && origin !== 'null' && !ownOrigins(cfg.port).includes(origin)) {
    return { ok: false, status: 403, reason: 'Cross-origin requests are not allowed.' };
  }
  if (origin === 'null') return { ok: false, status: 403, reason: 'Opaque origins are not allowed.' };
  const site = header(req, 'sec-fetch-site');
  const mode = header(req, 'sec-fetch-mode');
  if ((site === 'cross-site' || site === 'same-site') && mode !== 'navigate') {
    return { ok: false, status: 403, reason: 'Requests from other sites are not allowed.' };
  }
  const target = parseTarget(req.url);
  if (!target) return { ok: false, status: 400, reason: 'Bad request target.' };
  const key = header(req, 'x-duet-key');
  const cookies = readCookies(header(req, 'cookie'), secretCookieName(cfg.port));
  let authorized = key !== undefined && safeEqual(key, cfg.secret);
  for (const value of cookies) if (safeEqual(value, cfg.secret)) authorized = true;

  // Launch codes are read on page addresses only: on the API routes `k` means something else (the media key).
  const code = isApiPath(target.pathname) ? null : target.searchParams.get('k');
  if (code !== null && (req.method === 'GET' || req.method === 'HEAD')) {
    target.searchParams.delete('k');
    const redirect = `${ownOrigins(cfg.port)[0]}${target.pathname}${target.search}`;
    // HEAD never spends a code (link previews and prefetchers send HEAD).
    if (req.method === 'GET' && cfg.redeemLaunchCode?.(code))
      return { ok: true, grantCookie: true, redirect };
    if (authorized) return { ok: true, grantCookie: false, redirect };
    return { ok: false, status: 401, reason: 'This Duet link was already used.', linkUsed: true };
  }
  if (authorized) return { ok: true, grantCookie: false };
  if (req.method === 'GET' && PUBLIC_PATHS.has(target.pathname)) return { ok: true, grantCookie: false };
  return { ok: false, status: 401, reason: OPEN_WITH_LINK };
}
