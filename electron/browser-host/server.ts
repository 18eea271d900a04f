// The browser host: the same app as Electron, served to a normal browser tab on 127.0.0.1. It exists because the
// Electron binary cannot be downloaded on our build machines; every e2e journey and benchmark runs through it.
// It serves the built renderer, answers bridge calls at POST /bridge/<call> (validated with the same contract as
// the IPC host), pushes events over SSE at /events, and serves cached media at /media.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { callNames } from '../../shared/bridge/contract';
import { redact } from '../../shared/security/redact';
import type { HostCore, HostPlatform } from '../services/types';
import { createEventStream } from './events';
import { checkRequest, createLaunchCodes, parseTarget } from './guard';
import { safeDecode, sendJson } from './http';
import {
  answerClientError,
  answerLaunchRedirect,
  answerRefusal,
  createStaticFiles,
  handleBridge,
  handleExportDownload,
  handleMedia,
  serveAuthCallback,
} from './routes';

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
  const stream = createEventStream(log);
  const serveStatic = createStaticFiles(opts.rendererDir);
  let port = 0;
  // Set once the port is known (see below); requests cannot arrive before that.
  const ref: { core?: HostCore } = {};

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const check = checkRequest(
      { method: req.method ?? 'GET', headers: req.headers, url: req.url ?? '/' },
      { port, secret, redeemLaunchCode: launchCodes.redeem },
    );
    if (!check.ok) return answerRefusal(req, res, check);
    if (check.redirect) return answerLaunchRedirect(res, check.redirect, check.grantCookie, { port, secret });
    // The guard parsed this target already; it cannot be null here.
    const url = parseTarget(req.url ?? '/')!;
    const path = url.pathname;
    if (path.startsWith('/bridge/')) {
      const name = safeDecode(path.slice('/bridge/'.length));
      if (name === null) return sendJson(res, 404, { code: 'unknown-call', message: 'Unknown bridge call.' });
      return handleBridge(req, res, name, ref.core!, log);
    }
    if (path === '/events') return stream.attach(req, res);
    if (path === '/media') return handleMedia(req, res, url, ref.core!);
    if (path === '/export-download') return handleExportDownload(req, res, url, ref.core!);
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
  server.on('clientError', answerClientError);

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
    emit: stream.emit,
    // A browser tab opens links itself (<a target=_blank>) and shows web notifications itself (bridge.ts).
    openExternal: async () => false,
    notify: () => false,
    setBadge: () => false,
    loginRedirectUri: `http://127.0.0.1:${port}/auth/callback`,
  });
  ref.core = core;

  stream.startHeartbeat();
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
      stream.close();
      await core.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
