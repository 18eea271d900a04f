// Who may talk to the browser host. It listens on 127.0.0.1 only, but any web page the user opens could still try
// to reach it (CSRF) or point a DNS name at 127.0.0.1 (DNS rebinding). So every request must:
// - carry our own Host header (127.0.0.1:port or localhost:port) — a rebound name fails here;
// - if it has an Origin, be our own origin — cross-origin fetches fail here;
// - not be a cross-site or same-site subresource request (Sec-Fetch-Site) — another localhost port fails here;
// - present the per-launch secret (cookie set when the printed URL is opened, or the x-duet-key header).
import { timingSafeEqual } from 'node:crypto';

/** The minimal view of a request the guard needs. */
export interface GuardRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** Path + query, e.g. `/?k=…` */
  url: string;
}

/** The host's identity. */
export interface GuardConfig {
  port: number;
  secret: string;
}

/** The cookie that carries the per-launch secret after the printed URL was opened. */
export const SECRET_COOKIE = 'duet_k';

function header(req: GuardRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Reads one cookie value from a Cookie header. */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The origins this host answers to. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Decides whether a request may proceed; `grantCookie` is true when the secret came in the URL (`?k=`). */
export function checkRequest(
  req: GuardRequest,
  cfg: GuardConfig,
): { ok: true; grantCookie: boolean } | { ok: false; status: number; reason: string } {
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
  const query = new URL(req.url, 'http://x').searchParams.get('k');
  if (query && safeEqual(query, cfg.secret) && req.method === 'GET') return { ok: true, grantCookie: true };
  const presented = header(req, 'x-duet-key') ?? readCookie(header(req, 'cookie'), SECRET_COOKIE);
  if (presented && safeEqual(presented, cfg.secret)) return { ok: true, grantCookie: false };
  return { ok: false, status: 401, reason: 'Open Duet with the link printed by `npm run start:browser`.' };
}
