/**
 * The sandbox's state (`SandboxCore`) and its HTTP front door: each request goes to the control API, the CDN, the
 * login dialog, a batch or the Graph pipeline (`http/`), whose routes are in `graph/`.
 */
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { DEFAULT_URL_TTL_MS, ImageCache, UrlSigner } from './cdn.js';
import { errors } from './errors.js';
import { FaultSet } from './faults.js';
import { type Delivery, type GraphRequest, Params, type Upload } from './graph/index.js';
import { VERSION_RE, serveBatch } from './http/batch.js';
import { serveCdn } from './http/cdn-route.js';
import { serveControl } from './http/control.js';
import { serveRupload } from './http/rupload.js';
import { API_VERSION, type GraphResult, executeGraph } from './http/pipeline.js';
import { isLoopback, parseBody, readBody, sendJson } from './http-util.js';
import { dialogConfirm, dialogHtml, loginSuccessHtml } from './oauth.js';
import { RequestLog } from './request-log.js';
import { Rng } from './rng.js';
import { DUET_PERMISSIONS, type TokenRecord, TokenStore } from './tokens.js';
import { UsageTracker } from './usage.js';
import { type Platform, type Scale, World } from './world.js';

/** What `GET /__sandbox/state` returns. */
export interface SandboxStateSummary {
  now: number;
  users: { id: string; name: string }[];
  pages: { id: string; name: string; instagramId?: string; instagramUsername?: string }[];
  counts: { posts: number; media: number; stories: number; conversations: number; messages: number };
  demoUserId: string;
  fixtures: World['fixtures'];
}

/** Options the core needs. */
export interface SandboxCoreOptions {
  seed: number;
  scale: Scale;
  now: () => number;
}

/** All mutable sandbox state plus the HTTP front door. Create one per server; tests may create many. */
export class SandboxCore {
  world!: World;
  tokens!: TokenStore;
  faults!: FaultSet;
  usage = new UsageTracker();
  ledger: Delivery[] = [];
  /** Every Graph request that reached the server (tests count requests with it). */
  readonly requestLog = new RequestLog();
  uploads = new Map<string, Upload>();
  /** ~10 KB per 640 px image, so 512 entries stay around 5 MB. */
  readonly images = new ImageCache(512);
  readonly signer: UrlSigner;
  clockOffset = 0;
  origin = 'http://127.0.0.1';
  private traceRng: Rng;

  /** Seeds the world. */
  constructor(readonly opts: SandboxCoreOptions) {
    this.signer = new UrlSigner(`sandbox-${opts.seed}-${randomBytes(8).toString('hex')}`);
    this.traceRng = new Rng(opts.seed ^ 0x7ace);
    this.reset();
  }

  /** Sandbox clock (ms). */
  now(): number {
    return this.opts.now() + this.clockOffset;
  }

  /** Re-seeds everything: world, tokens, faults, ledger, usage, clock offset. */
  reset(): void {
    this.clockOffset = 0;
    this.world = new World(this.opts.seed, this.opts.scale, this.now());
    this.tokens = new TokenStore();
    this.faults = new FaultSet(this.opts.seed);
    this.usage.reset();
    this.ledger = [];
    this.requestLog.clear();
    this.uploads.clear();
    this.signer.ttlMs = DEFAULT_URL_TTL_MS;
    this.traceRng = new Rng(this.opts.seed ^ 0x7ace);
  }

  /** The state summary. */
  state(): SandboxStateSummary {
    const w = this.world;
    return {
      now: this.now(),
      users: w.users.map((u) => ({ id: u.id, name: u.name })),
      pages: w.pageOrder.map((id) => {
        const p = w.pages.get(id);
        const ig = p?.igId ? w.igAccounts.get(p.igId) : undefined;
        const out: SandboxStateSummary['pages'][number] = { id, name: p?.name ?? '' };
        if (ig) {
          out.instagramId = ig.id;
          out.instagramUsername = ig.username;
        }
        return out;
      }),
      counts: w.counts(this.now()),
      demoUserId: w.users[0]?.id ?? '',
      fixtures: w.fixtures,
    };
  }

  /** Mints a user token (grants the permissions to the user, like completing the login dialog). */
  mintToken(
    userId: string | undefined,
    permissions: readonly string[] | undefined,
    expiresInSec: number | undefined,
  ): TokenRecord {
    const uid = userId ?? this.world.users[0]?.id ?? '';
    if (!this.world.users.some((u) => u.id === uid)) throw new Error(`unknown user ${uid}`);
    this.tokens.grant(uid, permissions ?? DUET_PERMISSIONS);
    return this.tokens.mintUser(uid, this.now(), expiresInSec ?? 5184000);
  }

  /** Adds an inbound customer message. */
  inbound(
    pageId: string,
    platform: Platform,
    conversationId: string | undefined,
    text: string,
  ): { conversationId: string; messageId: string } {
    const w = this.world;
    const page = w.pages.get(pageId);
    if (!page) throw new Error(`unknown page ${pageId}`);
    if (platform === 'instagram' && !page.igId) throw new Error('page has no Instagram account');
    let conv = conversationId ? w.conversations.get(conversationId) : undefined;
    if (conversationId && (!conv || conv.pageId !== pageId || conv.platform !== platform))
      throw new Error(`unknown conversation ${conversationId}`);
    conv ??= w.newConversation(pageId, platform, this.now());
    const msg = { id: w.newMessageId(platform), fromPage: false, text, createdTime: this.now() };
    w.addMessage(conv, msg);
    return { conversationId: conv.id, messageId: msg.id };
  }

  /** A Meta-like fbtrace id (seeded, so runs are reproducible). */
  trace(): string {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < 11; i++) s += abc[this.traceRng.int(0, abc.length - 1)];
    return s;
  }

  /** Runs one Graph request through faults, auth, usage and the handler (also used in-process by perf.ts). */
  executeGraph(req: GraphRequest): Promise<GraphResult> {
    return executeGraph(this, req);
  }

  /** Handles any HTTP request. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const path = url.pathname;
    try {
      if (path.startsWith('/__sandbox')) {
        if (!isLoopback(req.socket.remoteAddress))
          return sendJson(res, 403, { error: 'control API is loopback-only' });
        return await serveControl(this, req, res, path.slice('/__sandbox'.length) || '/');
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, POST, DELETE',
          'access-control-allow-headers': 'authorization, content-type, if-none-match',
        });
        return void res.end();
      }
      if (path.startsWith('/cdn/')) return serveCdn(this, req, res, path, url.searchParams);
      if (path.startsWith('/rupload/')) return await serveRupload(this, req, res, path);
      if (path === '/connect/login_success.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(loginSuccessHtml());
      }
      await this.versioned(req, res, url);
    } catch (e) {
      const fb = this.trace();
      sendJson(res, 500, errors.unknown().toBody(fb));
      if (process.env.SANDBOX_DEBUG) console.error(e);
    }
  }

  /** Paths that may carry a version prefix: the login dialog and the Graph API (single calls and batches). */
  private async versioned(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let path = url.pathname;
    let version = '';
    const vm = VERSION_RE.exec(path);
    if (vm) {
      version = vm[1] as string;
      path = path.slice(vm[0].length) || '/';
    }
    if (path === '/dialog/oauth' || path === '/dialog/oauth/') {
      const { status, html } = dialogHtml(
        this.world,
        url.searchParams,
        `${version ? `/${version}` : ''}/dialog/oauth/confirm`,
        this.origin,
      );
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY' });
      return void res.end(html);
    }
    if (path === '/dialog/oauth/confirm' && req.method === 'POST') {
      const body = await readBody(req);
      const r = dialogConfirm(
        this.world,
        this.tokens,
        new URLSearchParams(body.toString('utf8')),
        this.now(),
        this.origin,
      );
      if (r.location) res.writeHead(302, { location: r.location });
      else res.writeHead(r.status, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(r.html ?? '');
    }
    if (path === '/favicon.ico') return sendJson(res, 404, {});
    const raw = await readBody(req);
    const parsed = parseBody(req.headers['content-type'], raw);
    const map = new Map<string, unknown>();
    for (const [k, v] of url.searchParams) map.set(k, v);
    for (const [k, v] of parsed.fields) map.set(k, v);
    const params = new Params(map);
    // No `method=` override: Meta closed it to new apps on 4 Nov 2026; handleGraph answers it with error 100.
    const method = (req.method ?? 'GET').toUpperCase();
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const logged = this.requestLog.add({ at: this.now(), method, path, version: version || API_VERSION });
    let result: GraphResult | undefined;
    if ((path === '/' || path === '') && method === 'POST' && map.has('batch')) {
      const subs: { method: string; path: string }[] = (logged.batch = []);
      result = await serveBatch(this, params, version, headers, (m, p) => subs.push({ method: m, path: p }));
    } else {
      result = await executeGraph(this, {
        method,
        path: path.replace(/^\//, ''),
        version,
        params,
        files: parsed.files,
        headers,
      });
    }
    if (!result || result.action) return void req.socket.destroy();
    const h = Object.fromEntries(Object.entries(result.headers).filter(([, v]) => v !== ''));
    // Like Meta's servers, every answer carries the server's clock in Date (RFC 9110 §6.6.1) — the sandbox
    // clock, so a skewed sandbox (control API /clock) is seen the way a skewed local clock would see Meta.
    h.date = new Date(this.now()).toUTCString();
    res.writeHead(result.status, h);
    res.end(result.status === 304 ? undefined : result.body);
  }
}
