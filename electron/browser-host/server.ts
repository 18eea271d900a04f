// The browser host: the same app as Electron, served to a normal browser tab on 127.0.0.1. It exists because the
// Electron binary cannot be downloaded on our build machines; every e2e journey and benchmark runs through it.
// It serves the built renderer, answers bridge calls at POST /bridge/<call> (validated with the same contract as
// the IPC host), pushes events over SSE at /events, and serves cached media at /media.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type BridgeErrorCode,
  callNames,
  type EventName,
  type EventPayload,
  events,
} from '../../shared/bridge/contract';
import { isCallName, parseRequest, parseResponse, toBridgeError } from '../../shared/bridge/validate';
import { parseMediaQuery } from '../../shared/media-url';
import { RENDERER_CSP } from '../../shared/security/csp';
import { redact } from '../../shared/security/redact';
import type { HostCore, HostPlatform } from '../services/types';
import { checkRequest, SECRET_COOKIE } from './guard';

/** Options of the browser host. */
export interface BrowserHostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Builds the services for a platform (electron/services' createHostCore in production; tests may wrap it). */
  createCore(platform: Omit<HostPlatform, 'emit'> & { emit: HostPlatform['emit'] }): Promise<HostCore>;
  /** Everything of the platform except what the server itself provides. */
  platform: Omit<HostPlatform, 'emit' | 'kind' | 'openExternal' | 'notify' | 'setBadge' | 'loginRedirectUri'>;
  /** Fixed secret (tests); random per launch otherwise. */
  secret?: string;
  /** Log sink (already-redacted lines). */
  log?(line: string): void;
}

/** A running browser host. */
export interface BrowserHost {
  /** The URL to open, including the per-launch secret. */
  url: string;
  origin: string;
  port: number;
  secret: string;
  core: HostCore;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
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

const STATUS_OF: Record<BridgeErrorCode, number> = {
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

const MAX_BODY = 1024 * 1024;

const AUTH_CALLBACK_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Signing in… — Duet</title>
<meta name="referrer" content="no-referrer"></head><body style="font-family:system-ui;display:grid;place-items:center;height:90vh;color:#5c6472">
<p id="status">Finishing sign-in…</p><script src="/auth/callback.js"></script></body></html>`;

const AUTH_CALLBACK_JS = `(() => {
  const callbackUrl = location.href;
  history.replaceState(null, '', '/auth/callback');
  fetch('/bridge/session/login-complete', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-duet-bridge': '1' },
    body: JSON.stringify({ callbackUrl }),
    credentials: 'same-origin',
  })
    .catch(() => null)
    .finally(() => location.replace('/'));
})();`;

/** Security headers on every response. */
function baseHeaders(): Record<string, string> {
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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('Request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...baseHeaders(), 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** Starts the browser host on 127.0.0.1 (never on other interfaces). */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const secret = opts.secret ?? randomBytes(24).toString('hex');
  // Every line this host logs is redacted (error messages can quote URLs or Graph answers that carry tokens).
  const sink = opts.log ?? (() => {});
  const log = (line: string) => sink(redact(line));
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const emit = <K extends EventName>(name: K, payload: EventPayload<K>) => {
    const checked = events[name].payload.safeParse(payload);
    if (!checked.success) {
      log(`event ${name} dropped: invalid payload`);
      return;
    }
    const frame = `data: ${JSON.stringify({ name, payload: checked.data })}\n\n`;
    for (const client of sseClients) client.write(frame);
  };

  // Set once the port is known (see below); requests cannot arrive before that.
  const ref: { core?: HostCore } = {};

  const serveStatic = (req: IncomingMessage, res: ServerResponse, pathname: string, grantCookie: boolean) => {
    const isApp = pathname === '/' || pathname === '/index.html';
    const file = resolveStaticPath(opts.rendererDir, isApp ? '/index.html' : pathname);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...baseHeaders(), 'content-type': 'text/plain' });
      res.end(existsSync(join(opts.rendererDir, 'index.html')) ? 'Not found' : 'The renderer is not built: run `npm run build:renderer`.');
      return;
    }
    const headers: Record<string, string> = {
      ...baseHeaders(),
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': isApp ? 'no-store' : 'private, max-age=31536000, immutable',
    };
    if (grantCookie) {
      // Lax (not Strict): the Facebook Login redirect back to /auth/callback is a top-level cross-site navigation.
      headers['set-cookie'] = `${SECRET_COOKIE}=${secret}; HttpOnly; SameSite=Lax; Path=/`;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else pipeline(createReadStream(file), res).catch(() => {});
  };

  // Facebook Login lands here (redirect_uri). This is a separate tiny page, not the app: it strips the token from
  // the address bar at once, hands the callback URL to the host, and moves on to the app — so the token never sits in
  // the renderer app's memory, history or storage.
  const serveAuthCallback = (res: ServerResponse, path: string, grantCookie: boolean) => {
    const headers: Record<string, string> = { ...baseHeaders(), 'cache-control': 'no-store' };
    if (grantCookie) headers['set-cookie'] = `${SECRET_COOKIE}=${secret}; HttpOnly; SameSite=Lax; Path=/`;
    if (path.endsWith('.js')) {
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
      res.end(AUTH_CALLBACK_JS);
    } else {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
      res.end(AUTH_CALLBACK_HTML);
    }
  };

  const handleBridge = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    if (req.method !== 'POST') return sendJson(res, 405, { code: 'invalid-request', message: 'Use POST.' });
    if (!isCallName(name)) return sendJson(res, 404, { code: 'unknown-call', message: `Unknown bridge call: ${name}` });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { code: 'invalid-request', message: 'Bridge calls take application/json.' });
    }
    try {
      let payload: unknown;
      try {
        payload = JSON.parse((await readBody(req)) || '{}');
      } catch {
        return sendJson(res, 400, { code: 'invalid-request', message: 'The request body is not valid JSON.' });
      }
      const args = parseRequest(name, payload);
      const handler = ref.core!.handlers[name] as (a: unknown) => Promise<unknown>;
      const result = parseResponse(name, await handler(args));
      sendJson(res, 200, result);
    } catch (error) {
      const e = toBridgeError(error);
      if (e.code === 'internal' || e.code === 'invalid-response') log(`bridge ${name} failed: ${e.code}: ${e.message}`);
      sendJson(res, STATUS_OF[e.code] ?? 500, e.toShape());
    }
  };

  const handleEvents = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      ...baseHeaders(),
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    req.on('close', () => sseClients.delete(res));
  };

  const handleMedia = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const parsed = parseMediaQuery(url.searchParams);
    if (!parsed.ok) {
      res.writeHead(400, { ...baseHeaders(), 'content-type': 'text/plain' });
      res.end(parsed.error);
      return;
    }
    const range = req.headers.range;
    const answer = await ref.core!.media.serve({ ...parsed.request, ...(range ? { range } : {}) });
    res.writeHead(answer.status, { ...baseHeaders(), ...answer.headers });
    if (answer.body instanceof Readable) {
      // HEAD, or a client that went away: close the file handle now rather than at garbage collection.
      if (req.method === 'HEAD') {
        answer.body.destroy();
        res.end();
      } else pipeline(answer.body, res).catch(() => {});
    } else res.end(req.method === 'HEAD' ? undefined : (answer.body ?? undefined));
  };

  const server = createServer((req, res) => {
    const check = checkRequest({ method: req.method ?? 'GET', headers: req.headers, url: req.url ?? '/' }, { port, secret });
    if (!check.ok) {
      res.writeHead(check.status, { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' });
      res.end(check.reason);
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const path = url.pathname;
    const run = async () => {
      if (path.startsWith('/bridge/')) return handleBridge(req, res, decodeURIComponent(path.slice('/bridge/'.length)));
      if (path === '/events') return handleEvents(req, res);
      if (path === '/media') return handleMedia(req, res, url);
      if (path === '/auth/callback' || path === '/auth/callback.js') return serveAuthCallback(res, path, check.grantCookie);
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { code: 'invalid-request', message: 'Method not allowed' });
      return serveStatic(req, res, path, check.grantCookie);
    };
    run().catch((error: unknown) => {
      log(`request ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { code: 'internal', message: 'Internal error' });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the host must never be reachable from the network.
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  // The core is created once the port is known (the login redirect URI contains it). Until then the server answers
  // nothing: it is not announced before this function returns.
  const core = await opts.createCore({
    ...opts.platform,
    kind: 'browser',
    emit,
    // A browser tab opens links itself (<a target=_blank>) and shows web notifications itself (bridge.ts).
    openExternal: async () => false,
    notify: () => false,
    setBadge: () => false,
    loginRedirectUri: `http://127.0.0.1:${port}/auth/callback`,
  });
  ref.core = core;

  const heartbeat = setInterval(() => {
    for (const client of sseClients) client.write(': ping\n\n');
  }, 25_000);
  heartbeat.unref();
  const origin = `http://127.0.0.1:${port}`;
  log(`browser host on ${origin} serving ${callNames.length} bridge calls`);

  return {
    url: `${origin}/?k=${secret}`,
    origin,
    port,
    secret,
    core,
    async close() {
      clearInterval(heartbeat);
      for (const client of sseClients) client.end();
      sseClients.clear();
      await core.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
