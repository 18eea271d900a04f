// The browser host: the same app as Electron, served to a normal browser tab on 127.0.0.1. It exists because the
// Electron binary cannot be downloaded on our build machines; every e2e journey and benchmark runs through it.
// It serves the built renderer, answers bridge calls at POST /bridge/<call> (validated with the same contract as
// the IPC host), pushes events over SSE at /events, and serves cached media at /media.
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { callNames, type EventName, type EventPayload, events } from '../../shared/bridge/contract';
import { isCallName, parseRequest, parseResponse, toBridgeError } from '../../shared/bridge/validate';
import { parseMediaQuery } from '../../shared/media-url';
import { redact } from '../../shared/security/redact';
import type { HostCore, HostPlatform } from '../services/types';
import { realPathInside } from '../services/fs/real-path';
import { checkRequest, createLaunchCodes, parseTarget, sessionCookie } from './guard';
import {
  baseHeaders,
  BodyTooLargeError,
  MIME,
  readBody,
  resolveStaticPath,
  safeDecode,
  sendJson,
  STATUS_OF,
  wantsHtml,
} from './http';
import { AUTH_CALLBACK_HTML, AUTH_CALLBACK_JS, LINK_USED_HTML, NEW_LINK_HTML } from './pages';

export { resolveStaticPath } from './http';

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
  /** The first link to open: carries a one-time launch code (spent on first use), never the secret itself. */
  url: string;
  /** Mints another one-time link (for another browser, or after the first was used); `path` defaults to `/`. */
  launchUrl(path?: string): string;
  origin: string;
  port: number;
  secret: string;
  core: HostCore;
  close(): Promise<void>;
}

/** Starts the browser host on 127.0.0.1 (never on other interfaces). */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const secret = opts.secret ?? randomBytes(24).toString('hex');
  const launchCodes = createLaunchCodes();
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

  // resolveStaticPath() checks the spelling; a symlink inside the folder must not lead out of it either.
  const insideRenderer = realPathInside(opts.rendererDir);
  const serveStatic = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const isApp = pathname === '/' || pathname === '/index.html';
    const file = resolveStaticPath(opts.rendererDir, isApp ? '/index.html' : pathname);
    // Missing and escaping files answer the same 404: the response never says what exists outside.
    if (!file || !existsSync(file) || !statSync(file).isFile() || !(await insideRenderer(file))) {
      res.writeHead(404, { ...baseHeaders(), 'content-type': 'text/plain' });
      res.end(
        existsSync(join(opts.rendererDir, 'index.html'))
          ? 'Not found'
          : 'The renderer is not built: run `npm run build:renderer`.',
      );
      return;
    }
    const headers: Record<string, string> = {
      ...baseHeaders(),
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'cache-control': isApp ? 'no-store' : 'private, max-age=31536000, immutable',
    };
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else pipeline(createReadStream(file), res).catch(() => {});
  };

  // Facebook Login lands here (redirect_uri). This is a separate tiny page, not the app: it strips the token from
  // the address bar at once, hands the callback URL to the host, and moves on to the app — so the token never sits in
  // the renderer app's memory, history or storage. It is served without the session cookie (guard.ts PUBLIC_PATHS):
  // the redirect from Facebook is cross-site and carries no Strict cookie; the page's own fetch does.
  const serveAuthCallback = (res: ServerResponse, path: string) => {
    const headers: Record<string, string> = { ...baseHeaders(), 'cache-control': 'no-store' };
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
    if (!isCallName(name))
      return sendJson(res, 404, { code: 'unknown-call', message: `Unknown bridge call: ${name}` });
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { code: 'invalid-request', message: 'Bridge calls take application/json.' });
    }
    try {
      let payload: unknown;
      try {
        payload = JSON.parse((await readBody(req)) || '{}');
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          // Close the connection: the rest of the body is not read.
          return sendJson(
            res,
            413,
            { code: 'invalid-request', message: 'The request body is too large.' },
            { connection: 'close' },
          );
        }
        return sendJson(res, 400, {
          code: 'invalid-request',
          message: 'The request body is not valid JSON.',
        });
      }
      const args = parseRequest(name, payload);
      const handler = ref.core!.handlers[name] as (a: unknown) => Promise<unknown>;
      const result = parseResponse(name, await handler(args));
      sendJson(res, 200, result);
    } catch (error) {
      const e = toBridgeError(error);
      if (e.code === 'internal' || e.code === 'invalid-response')
        log(`bridge ${name} failed: ${e.code}: ${e.message}`);
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

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const check = checkRequest(
      { method: req.method ?? 'GET', headers: req.headers, url: req.url ?? '/' },
      { port, secret, redeemLaunchCode: launchCodes.redeem },
    );
    if (!check.ok) {
      // A browser tab (an HTML navigation) gets a page saying what to do; scripts and tools the short reason.
      const page = check.linkUsed
        ? LINK_USED_HTML
        : check.status === 401 && wantsHtml(req)
          ? NEW_LINK_HTML
          : undefined;
      if (page) {
        res.writeHead(check.status, {
          ...baseHeaders(),
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : page);
        return;
      }
      res.writeHead(check.status, { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' });
      res.end(check.reason);
      return;
    }
    if (check.redirect) {
      // A launch link: the cookie replaces the code, and the address bar (and the history entry) end up without it.
      const headers: Record<string, string> = {
        ...baseHeaders(),
        location: check.redirect,
        'cache-control': 'no-store',
      };
      if (check.grantCookie) headers['set-cookie'] = sessionCookie(port, secret);
      res.writeHead(303, headers);
      res.end();
      return;
    }
    // The guard parsed this target already; it cannot be null here.
    const url = parseTarget(req.url ?? '/')!;
    const path = url.pathname;
    if (path.startsWith('/bridge/')) {
      const name = safeDecode(path.slice('/bridge/'.length));
      if (name === null) return sendJson(res, 404, { code: 'unknown-call', message: 'Unknown bridge call.' });
      return handleBridge(req, res, name);
    }
    if (path === '/events') return handleEvents(req, res);
    if (path === '/media') return handleMedia(req, res, url);
    if (path === '/auth/callback' || path === '/auth/callback.js') return serveAuthCallback(res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { code: 'invalid-request', message: 'Method not allowed' });
    return serveStatic(req, res, path);
  };

  // Nothing a client sends may escape a handler: any other local page can send anything to this port.
  const server = createServer((req, res) => {
    // A socket reset mid-answer surfaces as 'error' on these streams; unhandled, it would end the process.
    req.on('error', () => {});
    res.on('error', () => {});
    const fail = (error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { code: 'internal', message: 'Internal error' });
      else res.destroy();
    };
    try {
      route(req, res).catch(fail);
    } catch (error) {
      fail(error);
    }
  });
  // Requests Node's parser refuses (bad method, bad target bytes, headers over the limit): a 4xx, then close.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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

  const launchUrl = (path = '/') => `${origin}${path}?k=${launchCodes.mint()}`;

  return {
    url: launchUrl(),
    launchUrl,
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
