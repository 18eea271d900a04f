// What the browser host answers, one function per kind of request: bridge calls, media, the built renderer, the
// Facebook Login landing page, and the guard's refusals and launch redirects. server.ts routes to these.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isCallName, parseRequest, parseResponse, toBridgeError } from '../../shared/bridge/validate';
import { parseMediaQuery } from '../../shared/media-url';
import { realPathInside } from '../services/fs/real-path';
import type { HostCore } from '../services/types';
import { sessionCookie, type GuardDecision } from './guard';
import {
  baseHeaders,
  BodyTooLargeError,
  MIME,
  readBody,
  resolveStaticPath,
  sendJson,
  STATUS_OF,
  wantsHtml,
} from './http';
import { AUTH_CALLBACK_HTML, AUTH_CALLBACK_JS, LINK_USED_HTML, NEW_LINK_HTML } from './pages';

/** Serves the built renderer: index.html for the app, immutable files for the rest. */
export function createStaticFiles(rendererDir: string) {
  // resolveStaticPath() checks the spelling; a symlink inside the folder must not lead out of it either.
  const insideRenderer = realPathInside(rendererDir);
  return async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    const isApp = pathname === '/' || pathname === '/index.html';
    const file = resolveStaticPath(rendererDir, isApp ? '/index.html' : pathname);
    // Missing and escaping files answer the same 404: the response never says what exists outside.
    if (!file || !existsSync(file) || !statSync(file).isFile() || !(await insideRenderer(file))) {
      res.writeHead(404, { ...baseHeaders(), 'content-type': 'text/plain' });
      res.end(
        existsSync(join(rendererDir, 'index.html'))
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
}

/**
 * Facebook Login lands here (redirect_uri). This is a separate tiny page, not the app: it strips the token from the
 * address bar at once, hands the callback URL to the host, and moves on to the app — so the token never sits in the
 * renderer app's memory, history or storage. It is served without the session cookie (guard.ts PUBLIC_PATHS): the
 * redirect from Facebook is cross-site and carries no Strict cookie; the page's own fetch does.
 */
export function serveAuthCallback(res: ServerResponse, path: string) {
  const headers: Record<string, string> = { ...baseHeaders(), 'cache-control': 'no-store' };
  if (path.endsWith('.js')) {
    res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
    res.end(AUTH_CALLBACK_JS);
  } else {
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(AUTH_CALLBACK_HTML);
  }
}

/**
 * Extra headers of a call's successful answer. Deleting the media cache also clears this origin's HTTP cache
 * (Clear-Site-Data, https://www.w3.org/TR/clear-site-data/#grammardef-cache): pictures are served with a year-long
 * lifetime, so the browser would otherwise keep showing, and keep on disk, the files the user just deleted.
 */
const ANSWER_HEADERS: Partial<Record<string, Record<string, string>>> = {
  'media/clear-cache': { 'clear-site-data': '"cache"' },
};

/** POST /bridge/{name}: the body is checked against the contract, and so is the handler's answer. */
export async function handleBridge(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  core: HostCore,
  log: (line: string) => void,
) {
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
      return sendJson(res, 400, { code: 'invalid-request', message: 'The request body is not valid JSON.' });
    }
    const args = parseRequest(name, payload);
    const handler = core.handlers[name] as (a: unknown) => Promise<unknown>;
    const result = parseResponse(name, await handler(args));
    sendJson(res, 200, result, ANSWER_HEADERS[name]);
  } catch (error) {
    const e = toBridgeError(error);
    if (e.code === 'internal' || e.code === 'invalid-response')
      log(`bridge ${name} failed: ${e.code}: ${e.message}`);
    sendJson(res, STATUS_OF[e.code] ?? 500, e.toShape());
  }
}

/** GET/HEAD /media: the media cache's answer (ranges included), streamed. */
export async function handleMedia(req: IncomingMessage, res: ServerResponse, url: URL, core: HostCore) {
  const parsed = parseMediaQuery(url.searchParams);
  if (!parsed.ok) {
    res.writeHead(400, { ...baseHeaders(), 'content-type': 'text/plain' });
    res.end(parsed.error);
    return;
  }
  const range = req.headers.range;
  const answer = await core.media.serve({ ...parsed.request, ...(range ? { range } : {}) });
  res.writeHead(answer.status, { ...baseHeaders(), ...answer.headers });
  if (answer.body instanceof Readable) {
    // HEAD, or a client that went away: close the file handle now rather than at garbage collection.
    if (req.method === 'HEAD') {
      answer.body.destroy();
      res.end();
    } else pipeline(answer.body, res).catch(() => {});
  } else res.end(req.method === 'HEAD' ? undefined : (answer.body ?? undefined));
}

/**
 * GET /export-download?id=&t=: a finished export, once. Besides the guard (our Host, our Origin, the session cookie),
 * only the app's own page may start it: a navigation from another local site (another port on 127.0.0.1 is the same
 * site, and a same-site navigation carries the Strict cookie) is refused, so a hostile local page can neither read
 * the archive nor spend its one-time ticket. The ticket (random, 192 bits) is only ever in the finish call's answer.
 */
export function handleExportDownload(req: IncomingMessage, res: ServerResponse, url: URL, core: HostCore) {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    res.writeHead(403, { ...baseHeaders(), 'content-type': 'text/plain' });
    res.end('Downloads start from Duet only.');
    return;
  }
  if (req.method !== 'GET') return sendJson(res, 405, { code: 'invalid-request', message: 'Use GET.' });
  const got = core.exports?.take(url.searchParams.get('id') ?? '', url.searchParams.get('t') ?? '');
  if (!got) {
    res.writeHead(404, { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' });
    res.end('This download was used already or has expired. Export again from Privacy & data.');
    return;
  }
  const ascii = got.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  res.writeHead(200, {
    ...baseHeaders(),
    'content-type': 'application/zip',
    'content-length': String(got.size),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(got.fileName)}`,
    'cache-control': 'no-store',
  });
  pipeline(createReadStream(got.path), res)
    .catch(() => {})
    .finally(() => got.done());
}

/** A request the guard refused: a browser tab (an HTML navigation) gets a page saying what to do, tools the reason. */
export function answerRefusal(
  req: IncomingMessage,
  res: ServerResponse,
  check: Extract<GuardDecision, { ok: false }>,
) {
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
}

/** A launch link: the cookie replaces the code, and the address bar (and the history entry) end up without it. */
export function answerLaunchRedirect(
  res: ServerResponse,
  location: string,
  grantCookie: boolean,
  cookie: { port: number; secret: string },
) {
  const headers: Record<string, string> = { ...baseHeaders(), location, 'cache-control': 'no-store' };
  if (grantCookie) headers['set-cookie'] = sessionCookie(cookie.port, cookie.secret);
  res.writeHead(303, headers);
  res.end();
}

/** Requests Node's parser refuses (bad method, bad target bytes, headers over the limit): a 4xx, then close. */
export function answerClientError(
  error: NodeJS.ErrnoException,
  socket: { writable: boolean; destroy(): void; end(data: string): void },
) {
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
}
