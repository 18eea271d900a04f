// HTTP building blocks of the browser host: security headers, static paths that cannot escape the renderer folder,
// bounded request bodies, JSON answers and the status of each bridge error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import type { BridgeErrorCode } from '../../shared/bridge/contract';
import { MAX_BRIDGE_BODY_BYTES } from '../../shared/bridge/limits';
import { RENDERER_CSP } from '../../shared/security/csp';

/** Content types of the renderer's static files. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** The HTTP status of each bridge error code. */
export const STATUS_OF: Record<BridgeErrorCode, number> = {
  'invalid-request': 400,
  'invalid-response': 500,
  forbidden: 403,
  'unknown-call': 404,
  'not-signed-in': 401,
  'session-expired': 401,
  offline: 503,
  throttled: 429,
  permission: 403,
  upstream: 502,
  internal: 500,
};

/** Largest bridge request body accepted (the contract sizes bulk calls below it). */
const MAX_BODY = MAX_BRIDGE_BODY_BYTES;

/** A request body over MAX_BODY (answered 413). */
export class BodyTooLargeError extends Error {}

/** Security headers on every response. */
export function baseHeaders(): Record<string, string> {
  return {
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
}

/** Resolves a request path inside the renderer folder, or null for anything that would escape it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // The SPA is served at / and /auth/callback; assets are relative (base './'), so map any …/assets/x to assets/x.
  const assetAt = decoded.lastIndexOf('/assets/');
  const rel = assetAt >= 0 ? decoded.slice(assetAt + 1) : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, rel));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return full;
}

/** Reads a request body of at most MAX_BODY bytes (else rejects with BodyTooLargeError). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) {
      reject(new BodyTooLargeError());
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        chunks.length = 0;
        reject(new BodyTooLargeError());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Answers JSON, never cached, with the security headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...baseHeaders(),
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

/** A GET or HEAD for an HTML page (a browser navigation), as opposed to a script's or tool's request. */
export function wantsHtml(req: IncomingMessage): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') && String(req.headers.accept ?? '').includes('text/html')
  );
}

/** decodeURIComponent that answers null for a malformed escape instead of throwing. */
export function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
