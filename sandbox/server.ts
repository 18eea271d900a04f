/** The sandbox's HTTP layer: Graph pipeline (faults, tokens, usage, ETag, batch), CDN, OAuth dialog, control API. */
import { createHash, randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { ImageCache, UrlSigner, videoClip } from './cdn.js';
import { GraphError, errors } from './errors.js';
import { FAULT_KINDS, type Fault, FaultSet, type FaultInput, type FaultKind } from './faults.js';
import {
  type Delivery,
  type GraphRequest,
  Params,
  type Services,
  type Upload,
  handleGraph,
  tokenFrom,
} from './graph.js';
import { isLoopback, parseBody, readBody } from './http-util.js';
import { dialogConfirm, dialogHtml, loginSuccessHtml } from './oauth.js';
import { type Ctx } from './render.js';
import { Rng } from './rng.js';
import { DUET_PERMISSIONS, type TokenRecord, TokenStore } from './tokens.js';
import { UsageTracker, type BucType } from './usage.js';
import { type Platform, type Scale, World } from './world.js';

/** Result of one Graph call before it is written to the socket. */
export interface GraphResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `reset`: destroy the socket without processing; `drop`: processed, then destroy without responding. */
  action?: 'reset' | 'drop';
}

/** What `GET /__sandbox/state` returns. */
export interface SandboxStateSummary {
  now: number;
  users: { id: string; name: string }[];
  pages: { id: string; name: string; instagramId?: string; instagramUsername?: string }[];
  counts: { posts: number; media: number; stories: number; conversations: number; messages: number };
  demoUserId: string;
  fixtures: World['fixtures'];
}

/** One Graph HTTP request as the sandbox received it (`GET /__sandbox/requests`). */
export interface GraphRequestRecord {
  method: string;
  /** The path without the version prefix, e.g. `/123/conversations`; `/` for a batch. */
  path: string;
  /** Number of sub-requests when this was a batch call. */
  batchSize?: number;
}

/** Options the core needs. */
export interface SandboxCoreOptions {
  seed: number;
  scale: Scale;
  now: () => number;
}

const VERSION_RE = /^\/(v\d+\.\d+)(?=\/|$)/;
/** The version unversioned calls get: v27.0, current since 4 Nov 2026 (the blog post cited in errors.legacyFeature). */
export const API_VERSION = 'v27.0';

/** How many sub-requests a batch parameter holds (0 when it is not a JSON array). */
function batchSizeOf(map: Map<string, unknown>): number {
  const raw = map.get('batch');
  try {
    const v: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
    return Array.isArray(v) ? v.length : 0;
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** All mutable sandbox state plus request handling. Create one per server; tests may create many. */
export class SandboxCore {
  world!: World;
  tokens!: TokenStore;
  faults!: FaultSet;
  usage = new UsageTracker();
  ledger: Delivery[] = [];
  /** Every Graph HTTP request received (a batch is one, with its size): what clients pay per tick, for tests. */
  requests: GraphRequestRecord[] = [];
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
    this.requests = [];
    this.uploads.clear();
    this.signer.ttlMs = 3_600_000;
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

  private trace(): string {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < 11; i++) s += abc[this.traceRng.int(0, abc.length - 1)];
    return s;
  }

  private usageKey(
    path: string,
    token: TokenRecord | undefined,
    method: string,
  ): { id: string; type: BucType } | undefined {
    if (!token || token.kind !== 'page' || !token.pageId) return undefined;
    const segs = path.split('/').filter(Boolean);
    const head = segs[0] ?? '';
    if (segs[1] === 'messages' && method === 'POST') return { id: token.pageId, type: 'messenger' };
    if (this.world.igAccounts.has(head) || this.world.media.has(head) || this.world.containers.has(head))
      return { id: token.pageId, type: 'instagram' };
    return { id: token.pageId, type: 'pages' };
  }

  private usageHeaders(
    now: number,
    key: { id: string; type: BucType } | undefined,
    forceFull?: number,
  ): Record<string, string> {
    const app = this.usage.appUsage(now);
    const h: Record<string, string> = {};
    // A throttle reports 100 % on the counter that tripped: the Page's BUC entry, or the app when there is none.
    if (forceFull !== undefined && !key) {
      h['x-app-usage'] = JSON.stringify({ call_count: 100, total_cputime: 100, total_time: 100 });
    } else h['x-app-usage'] = JSON.stringify(app);
    if (key) {
      const u = this.usage.objectUsage(now, key.id);
      const entry =
        forceFull !== undefined
          ? {
              type: key.type,
              call_count: 100,
              total_cputime: 100,
              total_time: 100,
              estimated_time_to_regain_access: forceFull,
            }
          : {
              type: key.type,
              call_count: u.call_count,
              total_cputime: u.total_cputime,
              total_time: u.total_time,
              estimated_time_to_regain_access: u.estimated_time_to_regain_access,
            };
      h['x-business-use-case-usage'] = JSON.stringify({ [key.id]: [entry] });
    }
    return h;
  }

  private throttleCode(
    path: string,
    method: string,
    key: { type: BucType } | undefined,
    tokenKind?: string,
  ): 4 | 17 | 32 | 613 | 80001 | 80002 {
    const segs = path.split('/').filter(Boolean);
    if (segs[1] === 'messages' && method === 'POST') return 613;
    if (key?.type === 'instagram') return 80002;
    if (key?.type === 'pages') return 32;
    if (segs[0] === 'me' && tokenKind === 'user') return 17;
    return 4;
  }

  /** Runs one Graph request through faults, auth, usage and the handler. */
  async executeGraph(req: GraphRequest): Promise<GraphResult> {
    const path = `/${req.path}`;
    const method = req.method.toUpperCase();
    const fired = this.faults.fire(method, path);
    const has = (k: FaultKind): Fault | undefined => fired.find((f) => f.kind === k);
    const latency = fired.filter((f) => f.kind === 'latency').reduce((s, f) => s + (f.latencyMs ?? 1000), 0);
    if (latency > 0) await sleep(latency);
    if (has('reset')) return { status: 0, headers: {}, body: '', action: 'reset' };
    const now = this.now();
    const fbtrace = this.trace();
    const baseHeaders: Record<string, string> = {
      'content-type': 'application/json; charset=UTF-8',
      'facebook-api-version': req.version || API_VERSION,
      'x-fb-trace-id': fbtrace,
      'x-fb-request-id': `A${fbtrace}`,
      'access-control-allow-origin': '*',
      'cache-control': 'private, no-cache, no-store, must-revalidate',
    };
    const rawToken = tokenFrom(req);
    const ctx: Ctx = {
      world: this.world,
      tokens: this.tokens,
      signer: this.signer,
      now,
      origin: this.origin,
      version: req.version,
    };
    if (rawToken) ctx.rawToken = rawToken;
    const queryToken = req.params.str('access_token');
    if (queryToken) ctx.queryToken = queryToken;
    const errorResult = (e: GraphError, key?: { id: string; type: BucType }, full?: number): GraphResult => ({
      status: e.status,
      headers: {
        ...baseHeaders,
        ...this.usageHeaders(now, key, full),
        'www-authenticate':
          e.code === 190 ? `OAuth "Facebook Platform" "invalid_token" "${e.message.replace(/"/g, "'")}"` : '',
      },
      body: JSON.stringify(e.toBody(fbtrace)),
    });
    const segs = req.path.split('/').filter(Boolean);
    const tokenOptional =
      (segs[0] === 'oauth' && segs[1] === 'access_token') ||
      (segs[0] === 'debug_token' && !!rawToken?.includes('|'));
    try {
      if (rawToken && !tokenOptional) ctx.token = this.tokens.check(rawToken, now);
    } catch (e) {
      if (e instanceof GraphError) return errorResult(e);
      throw e;
    }
    const key = this.usageKey(req.path, ctx.token, method);
    // Injected error faults (before processing).
    const f500 = has('http-500');
    if (f500) {
      const e = f500.hits % 2 === 0 ? errors.unknown() : errors.transient();
      const r = errorResult(e, key);
      if (f500.status) r.status = f500.status;
      return r;
    }
    const fThrottle = has('throttle');
    if (fThrottle) {
      const r = errorResult(
        errors.throttle(this.throttleCode(req.path, method, key, ctx.token?.kind)),
        key ?? { id: ctx.token?.pageId ?? segs[0] ?? 'app', type: 'pages' },
        fThrottle.regainMinutes ?? 5,
      );
      if (fThrottle.status) r.status = fThrottle.status;
      return r;
    }
    const fExpired = has('token-expired');
    if (fExpired) return errorResult(errors.expired(now - 1000), key);
    if (has('policy-block')) return errorResult(errors.policyBlock(), key);
    // Real throttling at 100 % usage.
    // https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
    if (key ? this.usage.objectThrottled(now, key.id) : this.usage.appThrottled(now)) {
      const regain = key
        ? this.usage.objectUsage(now, key.id).estimated_time_to_regain_access
        : this.usage.appRegainMinutes(now);
      // App-level (user-token) limits answer code 4; Page BUC limits 32 / 80002 (IG) / 613 (Send API).
      return errorResult(
        errors.throttle(key ? this.throttleCode(req.path, method, key, ctx.token?.kind) : 4),
        key,
        regain,
      );
    }
    if (!tokenOptional && ctx.token) this.usage.record(now, key?.id);
    let body: unknown;
    try {
      body = handleGraph(this.servicesFor(), ctx, req);
    } catch (e) {
      if (e instanceof GraphError) {
        const r = errorResult(e, key);
        if (has('commit-then-drop')) r.action = 'drop';
        return r;
      }
      throw e;
    }
    if (has('commit-then-drop')) return { status: 0, headers: {}, body: '', action: 'drop' };
    if (has('wrong-types')) body = corrupt(body, 'wrong-types');
    if (has('missing-fields')) body = corrupt(body, 'missing-fields');
    if (has('bad-time')) body = corrupt(body, 'bad-time');
    if (has('script-injection')) body = corrupt(body, 'script-injection');
    let text = JSON.stringify(body);
    const headers = { ...baseHeaders, ...this.usageHeaders(now, key) };
    if (has('malformed-json')) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    // ETag / If-None-Match. https://developers.facebook.com/docs/marketing-api/etags (Graph ETags)
    if (method === 'GET') {
      const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
      headers.etag = etag;
      const inm = req.headers['if-none-match'];
      if (
        inm &&
        inm
          .split(',')
          .map((s) => s.trim())
          .includes(etag)
      )
        return { status: 304, headers, body: '' };
    }
    return { status: 200, headers, body: text };
  }

  private servicesFor(): Services {
    return { world: this.world, ledger: this.ledger, uploads: this.uploads };
  }

  /**
   * Batch requests: `POST /` with `batch=[{method, relative_url, body?, headers?}]`, ≤ 50, answered in order.
   * https://developers.facebook.com/docs/graph-api/batch-requests
   * A sub-request that times out (our reset / commit-then-drop faults) answers `null`, as Meta documents.
   */
  async executeBatch(
    params: Params,
    version: string,
    headers: Record<string, string | undefined>,
  ): Promise<GraphResult> {
    const fbtrace = this.trace();
    const fail = (e: GraphError): GraphResult => ({
      status: e.status,
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'x-fb-trace-id': fbtrace,
        ...this.usageHeaders(this.now(), undefined),
      },
      body: JSON.stringify(e.toBody(fbtrace)),
    });
    let batch: unknown;
    try {
      batch = params.json('batch');
    } catch (e) {
      return fail(e as GraphError);
    }
    if (!Array.isArray(batch)) return fail(errors.param('The parameter batch must be a JSON array'));
    if (batch.length > 50)
      return fail(new GraphError('(#1) Too many requests in batch message. Maximum batch size is 50', 1));
    const topToken =
      params.str('access_token') ??
      (headers.authorization ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(headers.authorization)?.[1] : undefined);
    const includeHeaders = params.str('include_headers') !== 'false';
    const out: unknown[] = [];
    for (const item of batch as unknown[]) {
      if (!item || typeof item !== 'object') {
        out.push({
          code: 400,
          body: JSON.stringify(errors.param('Batch entry must be an object').toBody(fbtrace)),
        });
        continue;
      }
      const it = item as { method?: unknown; relative_url?: unknown; body?: unknown; headers?: unknown };
      const rel = typeof it.relative_url === 'string' ? it.relative_url : '';
      const u = new URL(`http://x/${rel.replace(/^\//, '')}`);
      let p = u.pathname;
      let ver = version;
      const vm = VERSION_RE.exec(p);
      if (vm) {
        ver = vm[1] as string;
        p = p.slice(vm[0].length);
      }
      const map = new Map<string, unknown>();
      for (const [k, v] of u.searchParams) map.set(k, v);
      if (typeof it.body === 'string') for (const [k, v] of new URLSearchParams(it.body)) map.set(k, v);
      else if (it.body && typeof it.body === 'object')
        for (const [k, v] of Object.entries(it.body)) map.set(k, v);
      if (!map.has('access_token') && topToken) map.set('access_token', topToken);
      const subHeaders: Record<string, string | undefined> = {};
      if (Array.isArray(it.headers)) {
        for (const h of it.headers as unknown[]) {
          if (typeof h === 'string') {
            const i = h.indexOf(':');
            if (i > 0) subHeaders[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
          } else if (h && typeof h === 'object') {
            const { name, value } = h as { name?: unknown; value?: unknown };
            if (typeof name === 'string' && typeof value === 'string') subHeaders[name.toLowerCase()] = value;
          }
        }
      } else if (it.headers && typeof it.headers === 'object') {
        for (const [k, v] of Object.entries(it.headers))
          if (typeof v === 'string') subHeaders[k.toLowerCase()] = v;
      }
      const r = await this.executeGraph({
        method: typeof it.method === 'string' ? it.method.toUpperCase() : 'GET',
        path: p.replace(/^\//, ''),
        version: ver,
        params: new Params(map),
        files: new Map(),
        headers: subHeaders,
      });
      if (r.action) {
        out.push(null);
        continue;
      }
      const entry: Record<string, unknown> = { code: r.status };
      if (includeHeaders) {
        entry.headers = Object.entries(r.headers)
          .filter(
            ([k, v]) =>
              v &&
              [
                'content-type',
                'etag',
                'facebook-api-version',
                'x-app-usage',
                'x-business-use-case-usage',
                'www-authenticate',
              ].includes(k),
          )
          .map(([k, v]) => ({
            name:
              k === 'etag'
                ? 'ETag'
                : k.replace(/(^|-)([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
            value: v,
          }));
      }
      entry.body = r.body;
      out.push(entry);
    }
    return {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'x-fb-trace-id': fbtrace,
        'facebook-api-version': version || API_VERSION,
        ...this.usageHeaders(this.now(), undefined),
      },
      body: JSON.stringify(out),
    };
  }

  /** Handles any HTTP request. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    let path = url.pathname;
    try {
      if (path.startsWith('/__sandbox')) {
        if (!isLoopback(req.socket.remoteAddress))
          return send(res, 403, { error: 'control API is loopback-only' });
        return await this.control(req, res, path.slice('/__sandbox'.length) || '/');
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, POST, DELETE',
          'access-control-allow-headers': 'authorization, content-type, if-none-match',
        });
        return void res.end();
      }
      if (path.startsWith('/cdn/')) return this.cdn(req, res, path, url.searchParams);
      if (path === '/connect/login_success.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end(loginSuccessHtml());
      }
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
      if (path === '/favicon.ico') return send(res, 404, {});
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
      let result: GraphResult;
      const isBatch = (path === '/' || path === '') && method === 'POST' && map.has('batch');
      this.requests.push({ method, path: path || '/', ...(isBatch ? { batchSize: batchSizeOf(map) } : {}) });
      if (isBatch) {
        // The batch call itself only takes connection-level faults; the rest apply to its sub-requests.
        const fired = this.faults.fire('POST', '/', {
          kinds: ['latency', 'reset', 'commit-then-drop', 'http-500', 'malformed-json'],
        });
        const latency = fired
          .filter((f) => f.kind === 'latency')
          .reduce((s, f) => s + (f.latencyMs ?? 1000), 0);
        if (latency) await sleep(latency);
        if (fired.some((f) => f.kind === 'reset')) return void req.socket.destroy();
        const f500 = fired.find((f) => f.kind === 'http-500');
        if (f500) {
          const e = f500.hits % 2 === 0 ? errors.unknown() : errors.transient();
          result = {
            status: f500.status ?? e.status,
            headers: { 'content-type': 'application/json; charset=UTF-8' },
            body: JSON.stringify(e.toBody(this.trace())),
          };
        } else {
          result = await this.executeBatch(params, version, headers);
          if (fired.some((f) => f.kind === 'commit-then-drop')) result.action = 'drop';
          if (fired.some((f) => f.kind === 'malformed-json'))
            result.body = result.body.slice(0, Math.max(1, Math.floor(result.body.length / 2)));
        }
      } else {
        result = await this.executeGraph({
          method,
          path: path.replace(/^\//, ''),
          version,
          params,
          files: parsed.files,
          headers,
        });
      }
      if (result.action) return void req.socket.destroy();
      const h = Object.fromEntries(Object.entries(result.headers).filter(([, v]) => v !== ''));
      // Like Meta's servers, every answer carries the server's clock in Date (RFC 9110 §6.6.1) — the sandbox
      // clock, so a skewed sandbox (control API /clock) is seen the way a skewed local clock would see Meta.
      h.date = new Date(this.now()).toUTCString();
      res.writeHead(result.status, h);
      res.end(result.status === 304 ? undefined : result.body);
    } catch (e) {
      const fb = this.trace();
      send(res, 500, errors.unknown().toBody(fb));
      if (process.env.SANDBOX_DEBUG) console.error(e);
    }
  }

  private cdn(req: IncomingMessage, res: ServerResponse, path: string, q: URLSearchParams): void {
    const now = this.now();
    const fired = this.faults.fire(req.method ?? 'GET', path, { cdn: true });
    if (fired.some((f) => f.kind === 'reset')) return void req.socket.destroy();
    if (fired.some((f) => f.kind === 'http-500')) return void res.writeHead(500).end();
    const problem = this.signer.verify(path, q, now);
    if (problem) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end(problem);
    }
    const m = /^\/cdn\/(ig|fb|pic|att)\/([A-Za-z0-9_-]+)\.(jpg|webm)$/.exec(path);
    if (!m) return void res.writeHead(404).end();
    const key = m[2] as string;
    const common = {
      'cache-control': 'max-age=1209600, no-transform',
      'access-control-allow-origin': '*',
      'timing-allow-origin': '*',
    };
    if (m[3] === 'webm') {
      const clip = videoClip();
      const range = req.headers.range ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range) : null;
      if (range) {
        let start = range[1] ? Number(range[1]) : clip.length - Number(range[2]);
        let end = range[1] && range[2] ? Number(range[2]) : clip.length - 1;
        if (!range[1] && range[2]) end = clip.length - 1;
        start = Math.max(0, start);
        end = Math.min(end, clip.length - 1);
        if (start > end || start >= clip.length) {
          res.writeHead(416, { 'content-range': `bytes */${clip.length}` });
          return void res.end();
        }
        res.writeHead(206, {
          ...common,
          'content-type': 'video/webm',
          'accept-ranges': 'bytes',
          'content-range': `bytes ${start}-${end}/${clip.length}`,
          'content-length': String(end - start + 1),
        });
        return void res.end(clip.subarray(start, end + 1));
      }
      res.writeHead(200, {
        ...common,
        'content-type': 'video/webm',
        'accept-ranges': 'bytes',
        'content-length': String(clip.length),
      });
      return void res.end(clip);
    }
    const upload = m[1] === 'fb' ? this.uploads.get(key) : undefined;
    if (upload) {
      res.writeHead(200, {
        ...common,
        'content-type': upload.type,
        'content-length': String(upload.data.length),
      });
      return void res.end(upload.data);
    }
    const w = Number(q.get('w'));
    const size =
      Number.isFinite(w) && w > 0 ? Math.max(16, Math.min(1080, Math.round(w))) : m[1] === 'pic' ? 200 : 640;
    const img = this.images.get(`${this.opts.seed}:${key}`, size);
    res.writeHead(200, { ...common, 'content-type': 'image/jpeg', 'content-length': String(img.length) });
    res.end(img);
  }

  private async control(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    const method = req.method ?? 'GET';
    let body: Record<string, unknown> = {};
    if (method === 'POST' || method === 'PUT') {
      const raw = await readBody(req);
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        } catch {
          return send(res, 400, { error: 'invalid JSON' });
        }
      }
    }
    const s = (k: string): string | undefined =>
      typeof body[k] === 'string' ? (body[k] as string) : undefined;
    const n = (k: string): number | undefined =>
      typeof body[k] === 'number' ? (body[k] as number) : undefined;
    try {
      if (route === '/state' && method === 'GET') return send(res, 200, this.state());
      if (route === '/reset' && method === 'POST') {
        this.reset();
        return send(res, 200, this.state());
      }
      if (route === '/tokens' && method === 'POST') {
        const perms = Array.isArray(body.permissions)
          ? body.permissions.filter((p): p is string => typeof p === 'string')
          : undefined;
        const rec = this.mintToken(s('userId'), perms, n('expiresInSec'));
        return send(res, 200, {
          access_token: rec.token,
          user_id: rec.userId,
          expires_in: rec.expiresAt ? Math.round((rec.expiresAt - this.now()) / 1000) : 0,
        });
      }
      if ((route === '/tokens/revoke' || route === '/tokens/expire') && method === 'POST') {
        const token = s('access_token');
        const userId = s('userId');
        if (!token && !userId) return send(res, 400, { error: 'access_token or userId required' });
        const sub = route === '/tokens/expire' ? 463 : ((n('subcode') as 460 | 467 | undefined) ?? 460);
        const count = this.tokens.invalidate(sub, token ? { token } : { userId: userId as string });
        return send(res, 200, { invalidated: count });
      }
      if (route === '/faults' && method === 'POST') {
        const kind = s('kind');
        const r = s('route');
        if (!r || !kind || !(FAULT_KINDS as readonly string[]).includes(kind))
          return send(res, 400, { error: `route and kind (${FAULT_KINDS.join(', ')}) required` });
        const input: FaultInput = { route: r, kind: kind as FaultKind };
        for (const k of ['probability', 'count', 'latencyMs', 'status', 'regainMinutes'] as const) {
          const v = n(k);
          if (v !== undefined) input[k] = v;
        }
        return send(res, 200, { id: this.faults.add(input).id });
      }
      if (route === '/faults' && method === 'GET') return send(res, 200, { faults: this.faults.list() });
      if (route === '/faults' && method === 'DELETE') {
        this.faults.clear();
        return send(res, 200, { success: true });
      }
      const fm = /^\/faults\/([^/]+)$/.exec(route);
      if (fm && method === 'DELETE')
        return send(res, this.faults.remove(fm[1] as string) ? 200 : 404, { success: true });
      if (route === '/clock' && method === 'POST') {
        this.clockOffset += n('advanceMs') ?? 0;
        return send(res, 200, { now: this.now() });
      }
      if (route === '/clock' && method === 'GET') return send(res, 200, { now: this.now() });
      if (route === '/requests' && method === 'GET') return send(res, 200, { requests: this.requests });
      if (route === '/requests' && method === 'DELETE') {
        this.requests = [];
        return send(res, 200, { success: true });
      }
      if (route === '/ledger' && method === 'GET') return send(res, 200, { deliveries: this.ledger });
      if (route === '/inbound' && method === 'POST') {
        const platform = (s('platform') ?? 'messenger') as Platform;
        return send(
          res,
          200,
          this.inbound(s('pageId') ?? '', platform, s('conversationId'), s('text') ?? ''),
        );
      }
      if (route === '/posts' && method === 'POST') {
        const pageId = s('pageId') ?? '';
        if (!this.world.pages.has(pageId)) return send(res, 400, { error: 'unknown pageId' });
        return send(res, 200, {
          id: this.world.addPost(pageId, { message: s('message') ?? '' }, this.now()).id,
        });
      }
      if (route === '/media' && method === 'POST') {
        const igId = s('igUserId') ?? '';
        if (!this.world.igAccounts.has(igId)) return send(res, 400, { error: 'unknown igUserId' });
        const mt = s('mediaType');
        const mediaType = mt === 'VIDEO' || mt === 'CAROUSEL_ALBUM' ? mt : 'IMAGE';
        const fields: Parameters<World['addMedia']>[1] = { mediaType };
        const cap = s('caption');
        if (cap) fields.caption = cap;
        if (mediaType === 'CAROUSEL_ALBUM') {
          fields.childIds = [0, 1].map(() => {
            const c = this.world.addMedia(igId, { isChild: true }, this.now());
            this.world.mediaByIg.get(igId)?.shift();
            return c.id;
          });
        }
        return send(res, 200, { id: this.world.addMedia(igId, fields, this.now()).id });
      }
      if (route === '/usage' && method === 'POST') {
        const budget = n('callBudget');
        const win = n('windowMs');
        if (budget !== undefined) this.usage.callBudget = budget;
        if (win !== undefined) this.usage.windowMs = win;
        if (body.reset === true) this.usage.reset();
        return send(res, 200, { callBudget: this.usage.callBudget, windowMs: this.usage.windowMs });
      }
      if (route === '/usage' && method === 'GET')
        return send(res, 200, {
          callBudget: this.usage.callBudget,
          windowMs: this.usage.windowMs,
          app: this.usage.appUsage(this.now()),
        });
      if (route === '/media-ttl' && method === 'POST') {
        this.signer.ttlMs = n('ttlMs') ?? this.signer.ttlMs;
        return send(res, 200, { ttlMs: this.signer.ttlMs });
      }
      return send(res, 404, { error: `unknown control route ${method} ${route}` });
    } catch (e) {
      return send(res, 400, { error: e instanceof Error ? e.message : String(e) });
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const INJECTION = '<img src=x onerror="window.__duetPwned=1"><script>window.__duetPwned=1</script>';
const TEXT_KEYS = new Set([
  'message',
  'caption',
  'snippet',
  'text',
  'story',
  'name',
  'username',
  'title',
  'description',
]);

/** Finite numbers that are no valid date: one past the largest Date (8.64e15 ms), far beyond it, far before 1970. */
const BAD_TIMES = [8.64e15 + 1, 1e300, -1e20] as const;

/**
 * Applies a body-corrupting fault (every 3rd list item for type/field/time faults; all text fields for injection).
 * `bad-time` gives those items a time that is a finite number but no valid date: the shape a buggy proxy or a
 * corrupted upstream can produce and that `new Date(x).toISOString()` throws on.
 */
export function corrupt(
  body: unknown,
  kind: 'wrong-types' | 'missing-fields' | 'script-injection' | 'bad-time',
): unknown {
  let bad = 0;
  const walk = (v: unknown, inList: boolean, index: number): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, true, i));
    if (!v || typeof v !== 'object') return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (kind === 'script-injection' && typeof x === 'string' && TEXT_KEYS.has(k)) o[k] = x + INJECTION;
      else o[k] = k === 'paging' ? x : walk(x, false, 0);
    }
    const hit = inList ? index % 3 === 1 : false;
    if (hit && kind === 'wrong-types') {
      for (const k of ['created_time', 'timestamp', 'updated_time']) if (k in o) o[k] = 12;
      for (const k of ['message', 'caption', 'snippet']) if (k in o) o[k] = {};
      if ('unread_count' in o) o.unread_count = 'many';
      if ('media_type' in o) o.media_type = 7;
      if (!('created_time' in o) && !('timestamp' in o)) o.created_time = 12;
    }
    if (hit && kind === 'bad-time') {
      const t = BAD_TIMES[bad++ % BAD_TIMES.length];
      for (const k of ['created_time', 'timestamp', 'updated_time']) if (k in o) o[k] = t;
    }
    if (hit && kind === 'missing-fields') {
      delete o.id;
      delete o.created_time;
      delete o.timestamp;
    }
    return o;
  };
  return walk(body, false, 0);
}
