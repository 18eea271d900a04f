// The one HTTP client that talks to the Graph API (Meta or the sandbox): timeouts, bounded retries for GETs,
// ETags, batch requests, per-account usage budgets and network-phase classification for non-idempotent calls.
import { betterClock, readMetaClock, type MetaClock } from '../../../shared/delivery/meta-clock';
import {
  classifyGraphError,
  classifyNetworkError,
  parseGraphErrorBody,
  type ClassifiedGraphError,
} from '../../../shared/graph/errors';
import { BudgetBook, parseUsageHeaders, type AccountBudget } from '../../../shared/graph/rate-limit';
import { redact } from '../../../shared/security/redact';
import { graphPath, type GraphPath } from './path';

export { graphPagingUrl, graphPath, type GraphPath } from './path';

/** Where a failure happened: before the request left (not delivered), after (maybe delivered), or Meta answered. */
export type FailurePhase = 'before-send' | 'after-send' | 'response';

/** A failed Graph call, classified. `phase` tells a sender whether the request may have been processed. */
export class GraphCallError extends Error {
  constructor(
    readonly info: ClassifiedGraphError,
    readonly phase: FailurePhase,
  ) {
    super(info.message);
    this.name = 'GraphCallError';
  }
}

export { redact };

/** Query or form parameters; undefined values are left out. */
export type GraphParams = Record<string, string | number | boolean | undefined>;

/** One Graph request. */
export interface GraphRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Path relative to the versioned base, built by `graphPath('123', 'feed')`; or a paging URL (`graphPagingUrl`). */
  path: GraphPath;
  params?: GraphParams;
  token: string;
  /** The account whose budget this call spends (Page id); usage headers are recorded under it. */
  accountId?: string;
  /** Use the ETag cache for this GET (polling). */
  etag?: boolean;
  /** Per-call timeout override. */
  timeoutMs?: number;
}

/** A successful Graph answer (or 304 served from the ETag cache). */
export interface GraphResponse<T = unknown> {
  status: number;
  data: T;
  notModified: boolean;
}

/**
 * Most sub-requests one Graph batch may hold; Meta refuses more with error 1 "Maximum batch size is 50"
 * (https://developers.facebook.com/docs/graph-api/batch-requests, "Limits").
 */
export const MAX_BATCH_REQUESTS = 50;

/** One sub-request of a batch. */
export interface BatchItem {
  method: 'GET' | 'POST' | 'DELETE';
  /** The sub-request's path (`graphPath(…)`); the client writes its relative_url with the encoded parameters. */
  path: GraphPath;
  params?: GraphParams;
  /** Send `If-None-Match` with the cached ETag of this relative URL. */
  etag?: boolean;
}

/** One sub-response of a batch: a parsed body, or a classified error. */
export type BatchResult =
  | { ok: true; status: number; data: unknown; notModified: boolean }
  | { ok: false; error: ClassifiedGraphError };

/** Options of `createGraphClient`. */
export interface GraphClientOptions {
  baseUrl: () => string;
  version: () => string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs: number;
  /** Extra attempts for transient GET failures (default 2). */
  maxRetries?: number;
  /** Backoff base and cap in ms (defaults 250 / 4000). */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Called when an account's budget changed (the host emits sync/usage-changed). */
  onUsage?: (accountId: string, budget: AccountBudget) => void;
  /** A log sink; every line is already redacted. */
  log?: (line: string) => void;
}

/** The Graph client used by the gateway and the session. */
export interface GraphClient {
  request<T = unknown>(req: GraphRequest): Promise<GraphResponse<T>>;
  batch(items: BatchItem[], token: string, accountId?: string): Promise<BatchResult[]>;
  /** Current budgets per account. */
  budgets(): BudgetBook;
  /** Meta's clock as read from the `Date` headers of its answers (undefined before the first answer). */
  metaClock(): MetaClock | undefined;
  /** Drops ETags and budgets (sign-out, base URL change). */
  reset(): void;
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Network error codes that prove the request never reached the server. */
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
]);

/** Finds the system error code of a fetch failure (undici wraps it in `cause`, sometimes twice). */
function errorCodeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length) {
      const c = errorCodeOf(errors[0]);
      if (c) return c;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Creates the Graph client. Dependencies are injected so tests can replace fetch, time and randomness. */
export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const doFetch = opts.fetch ?? fetch;
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? sleepReal;
  const maxRetries = opts.maxRetries ?? 2;
  const base = opts.backoffBaseMs ?? 250;
  const cap = opts.backoffCapMs ?? 4000;
  const log = (line: string) => opts.log?.(redact(line));
  const book = new BudgetBook();
  let clock: MetaClock | undefined;
  /** ETag cache: URL without token → etag + the body it stood for. */
  let etags = new Map<string, { etag: string; body: unknown }>();

  const root = () => `${opts.baseUrl().replace(/\/+$/, '')}/${opts.version()}`;

  /** The only place a Graph URL is made: the configured root + an encoded GraphPath + parameters as an object. */
  function buildUrl(path: GraphPath, params: GraphParams | undefined): URL {
    let url: URL;
    if (/^https?:\/\//.test(path)) {
      url = new URL(path);
      // Absolute URLs (paging `next`) must point at the configured Graph host: the token is attached to them.
      if (url.origin !== new URL(root()).origin)
        throw new Error(`Refusing to send a token to ${url.origin}.`);
    } else {
      // Defence in depth: a GraphPath never carries a query or fragment (graphPath encodes ? and #).
      if (!path.startsWith('/') || /[?#\\]/.test(path))
        throw new Error('Refusing a Graph path that is not from graphPath().');
      url = new URL(`${root()}${path}`);
    }
    for (const [k, v] of Object.entries(params ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  function cacheKeyOf(url: URL): string {
    const u = new URL(url);
    u.searchParams.delete('access_token');
    u.searchParams.sort();
    return u.toString();
  }

  function recordUsage(accountId: string | undefined, headers: Headers) {
    if (!accountId) return;
    const usage = parseUsageHeaders((n) => headers.get(n));
    if (usage.appPct === undefined && usage.businessPct === undefined && usage.regainMs === undefined) return;
    if (book.update(accountId, usage, now())) opts.onUsage?.(accountId, book.get(accountId));
  }

  async function gate(accountId: string | undefined) {
    if (!accountId) return;
    const d = book.decide(accountId, now());
    if (d.action === 'hold') {
      const ms = d.until - now();
      throw new GraphCallError(
        {
          kind: 'throttled',
          status: 0,
          message:
            'Facebook’s rate limit for this account was reached. Duet is waiting before calling again.',
          retryAfterMs: ms,
        },
        'before-send',
      );
    }
    if (d.action === 'delay') await sleep(d.ms);
  }

  /** One attempt, no retries. */
  async function attempt(
    method: string,
    url: URL,
    body: URLSearchParams | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
  ) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new Error('timeout')), timeoutMs);
    const t0 = now();
    let res: Response;
    try {
      res = await doFetch(url, { method, body, headers, signal: ctl.signal, redirect: 'error' });
    } catch (err) {
      clearTimeout(timer);
      const code = errorCodeOf(err);
      const timedOut = ctl.signal.aborted;
      const before = !timedOut && code !== undefined && BEFORE_SEND_CODES.has(code);
      const detail = timedOut
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : (code ?? (err instanceof Error ? err.message : 'network error'));
      log(`graph ${method} ${url.pathname} failed: ${detail}`);
      throw new GraphCallError(
        classifyNetworkError(before ? 'before-send' : 'after-send', detail),
        before ? 'before-send' : 'after-send',
      );
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      clearTimeout(timer);
      const detail = ctl.signal.aborted
        ? 'timed out while reading the answer'
        : (errorCodeOf(err) ?? 'connection closed');
      log(`graph ${method} ${url.pathname} body failed: ${detail}`);
      throw new GraphCallError(classifyNetworkError('after-send', detail), 'after-send');
    }
    clearTimeout(timer);
    const t1 = now();
    // Meta's Date header is its clock (second resolution); the outbox compares deliveries in Meta's time.
    clock = betterClock(clock, readMetaClock(res.headers.get('date'), t0, t1));
    log(`graph ${method} ${url.pathname} → ${res.status} in ${t1 - t0} ms`);
    return { res, text };
  }

  function parseBody(text: string): { ok: true; value: unknown } | { ok: false } {
    if (text === '') return { ok: true, value: null };
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false };
    }
  }

  async function request<T>(req: GraphRequest): Promise<GraphResponse<T>> {
    const method = req.method ?? 'GET';
    const url = buildUrl(req.path, req.params);
    let body: URLSearchParams | undefined;
    if (method === 'GET' || method === 'DELETE') url.searchParams.set('access_token', req.token);
    else {
      // POST parameters go in the form body (token included) so they never appear in proxies' URL logs.
      body = new URLSearchParams();
      for (const [k, v] of url.searchParams) body.set(k, v);
      url.search = '';
      body.set('access_token', req.token);
    }
    const key = method === 'GET' && req.etag ? cacheKeyOf(url) : undefined;
    const retries = method === 'GET' ? maxRetries : 0;
    let lastErr: GraphCallError | undefined;
    for (let i = 0; i <= retries; i++) {
      if (i > 0) await sleep(Math.floor(random() * Math.min(cap, base * 2 ** i)));
      await gate(req.accountId);
      const headers: Record<string, string> = { accept: 'application/json' };
      const cached = key ? etags.get(key) : undefined;
      if (cached) headers['if-none-match'] = cached.etag;
      try {
        const { res, text } = await attempt(method, url, body, headers, req.timeoutMs ?? opts.timeoutMs);
        recordUsage(req.accountId, res.headers);
        if (res.status === 304 && cached) return { status: 304, data: cached.body as T, notModified: true };
        const parsed = parseBody(text);
        if (!parsed.ok) {
          // Meta answered but the body is not JSON: for a POST it may have been processed.
          throw new GraphCallError(
            {
              kind: 'transient',
              status: res.status,
              message: 'Facebook sent an answer Duet could not read.',
            },
            // A 2xx or a 5xx from something in between (proxy, load balancer) says nothing about whether Graph
            // processed the request; only a 4xx is a definite refusal.
            res.ok || res.status >= 500 ? 'after-send' : 'response',
          );
        }
        const value = parsed.value;
        const hasError = !!value && typeof value === 'object' && 'error' in value;
        if (!res.ok || hasError) {
          const held = req.accountId ? book.get(req.accountId).throttledUntil : undefined;
          const info = classifyGraphError(res.status, value, {
            retryAfterMs: held !== undefined && held > now() ? held - now() : undefined,
          });
          if (info.kind === 'throttled' && req.accountId) {
            book.hold(req.accountId, info.retryAfterMs ?? 60_000, now());
            opts.onUsage?.(req.accountId, book.get(req.accountId));
          }
          // A 5xx without Meta's error envelope came from something in between: the request may have been processed.
          const envelope = parseGraphErrorBody(value) !== null;
          throw new GraphCallError(info, !envelope && res.status >= 500 ? 'after-send' : 'response');
        }
        if (key) {
          const etag = res.headers.get('etag');
          if (etag) etags.set(key, { etag, body: value });
        }
        return { status: res.status, data: value as T, notModified: false };
      } catch (err) {
        if (!(err instanceof GraphCallError)) throw err;
        lastErr = err;
        if (err.info.kind !== 'transient' || i === retries) throw err;
        log(`graph ${method} ${url.pathname} retry ${i + 1}/${retries}`);
      }
    }
    throw lastErr ?? new Error('unreachable');
  }

  async function batch(items: BatchItem[], token: string, accountId?: string): Promise<BatchResult[]> {
    if (items.length === 0) return [];
    if (items.length > MAX_BATCH_REQUESTS)
      throw new Error(`A Graph batch holds at most ${MAX_BATCH_REQUESTS} requests.`);
    const urls = items.map((it) => buildUrl(it.path, it.params));
    const keys = items.map((it, i) => (it.method === 'GET' && it.etag ? cacheKeyOf(urls[i]!) : undefined));
    const payload = items.map((it, i) => {
      const cached = keys[i] ? etags.get(keys[i]) : undefined;
      // relative_url without the version prefix (Meta accepts both), from the same encoded URL.
      const u = urls[i]!;
      const sub: Record<string, unknown> = {
        method: it.method,
        relative_url: `${u.pathname.slice(new URL(root()).pathname.replace(/\/+$/, '').length + 1)}${u.search}`,
      };
      if (cached) sub.headers = [`If-None-Match: ${cached.etag}`];
      return sub;
    });
    const res = await request<unknown>({
      method: 'POST',
      path: graphPath(),
      params: { batch: JSON.stringify(payload), include_headers: true },
      token,
      accountId,
    });
    const list = Array.isArray(res.data) ? (res.data as unknown[]) : [];
    return items.map((_, i): BatchResult => {
      const sub = list[i] as { code?: unknown; headers?: unknown; body?: unknown } | null | undefined;
      if (!sub || typeof sub !== 'object' || typeof sub.code !== 'number') {
        // Meta returns null for sub-requests that did not complete in time.
        return {
          ok: false,
          error: {
            kind: 'transient',
            status: 0,
            message: 'Facebook did not complete this part of the request.',
          },
        };
      }
      const hdrs = new Headers();
      if (Array.isArray(sub.headers))
        for (const h of sub.headers as Array<{ name?: unknown; value?: unknown }>)
          if (typeof h?.name === 'string' && typeof h.value === 'string') hdrs.set(h.name, h.value);
      recordUsage(accountId, hdrs);
      const key = keys[i];
      const cached = key ? etags.get(key) : undefined;
      if (sub.code === 304 && cached) return { ok: true, status: 304, data: cached.body, notModified: true };
      const parsed =
        typeof sub.body === 'string' ? parseBody(sub.body) : { ok: true as const, value: sub.body ?? null };
      if (!parsed.ok)
        return {
          ok: false,
          error: {
            kind: 'transient',
            status: sub.code,
            message: 'Facebook sent an answer Duet could not read.',
          },
        };
      const value = parsed.value;
      if (sub.code >= 400 || (value && typeof value === 'object' && 'error' in value)) {
        const info = classifyGraphError(sub.code, value);
        if (info.kind === 'throttled' && accountId) book.hold(accountId, info.retryAfterMs ?? 60_000, now());
        return { ok: false, error: info };
      }
      const etag = hdrs.get('etag');
      if (key && etag) etags.set(key, { etag, body: value });
      return { ok: true, status: sub.code, data: value, notModified: false };
    });
  }

  return {
    request,
    batch,
    budgets: () => book,
    metaClock: () => clock,
    reset() {
      etags = new Map();
      book.clear();
    },
  };
}
