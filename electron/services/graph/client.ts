// The one HTTP client that talks to the Graph API (Meta or the sandbox): timeouts, bounded retries for GETs,
// ETags, batch requests, per-account usage budgets and network-phase classification for non-idempotent calls.
import { betterClock, readMetaClock, type MetaClock } from '../../../shared/delivery/meta-clock';
import {
  classifyGraphError,
  parseGraphErrorBody,
  type ClassifiedGraphError,
} from '../../../shared/graph/errors';
import type { AccountBudget, BudgetBook } from '../../../shared/graph/rate-limit';
import { redact } from '../../../shared/security/redact';
import { createBudgetGate } from './budgets';
import { GraphCallError } from './call-error';
import { fetchOnce } from './fetch-once';
import { graphPath, type GraphPath } from './path';
import { batchRelativeUrl, buildGraphUrl, cacheKeyOf, parseBody, type GraphParams } from './urls';

export { graphPagingUrl, graphPath, type GraphPath } from './path';
export { GraphCallError, type FailurePhase } from './call-error';
export type { GraphParams } from './urls';
export { redact };

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
  /** Files for a multipart POST (e.g. a photo's `source`): the body becomes multipart/form-data with the params. */
  files?: Record<string, { blob: Blob; name: string }>;
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

/** A batch part that failed without an answer Duet can use. */
function unanswered(status: number, message: string): BatchResult {
  return { ok: false, error: { kind: 'transient', status, message } };
}

/** The sub-response headers of a batch part (`include_headers`), as Headers. */
function batchHeaders(raw: unknown): Headers {
  const hdrs = new Headers();
  if (Array.isArray(raw))
    for (const h of raw as Array<{ name?: unknown; value?: unknown }>)
      if (typeof h?.name === 'string' && typeof h.value === 'string') hdrs.set(h.name, h.value);
  return hdrs;
}

/** Moves a POST's parameters (token included) into a form body, so they never appear in proxies' URL logs. */
function formBody(url: URL, token: string): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of url.searchParams) body.set(k, v);
  url.search = '';
  body.set('access_token', token);
  return body;
}

/** The same as a multipart body with files (file-backed Blobs are streamed by fetch, not read into memory). */
function multipartBody(url: URL, token: string, files: NonNullable<GraphRequest['files']>): FormData {
  const body = new FormData();
  for (const [k, v] of formBody(url, token)) body.set(k, v);
  for (const [k, f] of Object.entries(files)) body.set(k, f.blob, f.name);
  return body;
}

/** Creates the Graph client. Dependencies are injected so tests can replace fetch, time and randomness. */
export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? sleepReal;
  const maxRetries = opts.maxRetries ?? 2;
  const base = opts.backoffBaseMs ?? 250;
  const cap = opts.backoffCapMs ?? 4000;
  const log = (line: string) => opts.log?.(redact(line));
  const fetchDeps = { fetch: opts.fetch ?? fetch, now, log };
  const budgets = createBudgetGate({ now, sleep, onUsage: opts.onUsage });
  let clock: MetaClock | undefined;
  /** ETag cache: URL without token → etag + the body it stood for. */
  let etags = new Map<string, { etag: string; body: unknown }>();

  const root = () => `${opts.baseUrl().replace(/\/+$/, '')}/${opts.version()}`;

  /** One attempt, no retries; Meta's Date header is its clock (the outbox compares deliveries in Meta's time). */
  async function attempt(
    ...args: [string, URL, URLSearchParams | FormData | undefined, Record<string, string>, number]
  ) {
    const { res, text, t0, t1 } = await fetchOnce(fetchDeps, ...args);
    clock = betterClock(clock, readMetaClock(res.headers.get('date'), t0, t1));
    return { res, text };
  }

  /** The value of an answer Meta sent, or the GraphCallError it stands for. */
  function readAnswer(res: Response, text: string, accountId: string | undefined): unknown {
    const parsed = parseBody(text);
    if (!parsed.ok) {
      // Meta answered but the body is not JSON: for a POST it may have been processed.
      throw new GraphCallError(
        { kind: 'transient', status: res.status, message: 'Facebook sent an answer Duet could not read.' },
        // A 2xx or a 5xx from something in between (proxy, load balancer) says nothing about whether Graph
        // processed the request; only a 4xx is a definite refusal.
        res.ok || res.status >= 500 ? 'after-send' : 'response',
      );
    }
    const value = parsed.value;
    const hasError = !!value && typeof value === 'object' && 'error' in value;
    if (res.ok && !hasError) return value;
    const info = classifyGraphError(res.status, value, { retryAfterMs: budgets.heldFor(accountId) });
    if (info.kind === 'throttled' && accountId) budgets.hold(accountId, info.retryAfterMs ?? 60_000, true);
    // A 5xx without Meta's error envelope came from something in between: the request may have been processed.
    const envelope = parseGraphErrorBody(value) !== null;
    throw new GraphCallError(info, !envelope && res.status >= 500 ? 'after-send' : 'response');
  }

  async function request<T>(req: GraphRequest): Promise<GraphResponse<T>> {
    const method = req.method ?? 'GET';
    const url = buildGraphUrl(root(), req.path, req.params);
    let body: URLSearchParams | FormData | undefined;
    if (method === 'GET' || method === 'DELETE') url.searchParams.set('access_token', req.token);
    else body = req.files ? multipartBody(url, req.token, req.files) : formBody(url, req.token);
    const key = method === 'GET' && req.etag ? cacheKeyOf(url) : undefined;
    const retries = method === 'GET' ? maxRetries : 0;
    let lastErr: GraphCallError | undefined;
    for (let i = 0; i <= retries; i++) {
      if (i > 0) await sleep(Math.floor(random() * Math.min(cap, base * 2 ** i)));
      await budgets.gate(req.accountId);
      const headers: Record<string, string> = { accept: 'application/json' };
      const cached = key ? etags.get(key) : undefined;
      if (cached) headers['if-none-match'] = cached.etag;
      try {
        const { res, text } = await attempt(method, url, body, headers, req.timeoutMs ?? opts.timeoutMs);
        budgets.record(req.accountId, res.headers);
        if (res.status === 304 && cached) return { status: 304, data: cached.body as T, notModified: true };
        const value = readAnswer(res, text, req.accountId);
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

  /** One part of a batch answer, read like a single answer (usage, 304, errors, ETag). */
  function readBatchPart(sub: unknown, key: string | undefined, accountId: string | undefined): BatchResult {
    const part = sub as { code?: unknown; headers?: unknown; body?: unknown } | null | undefined;
    // Meta returns null for sub-requests that did not complete in time.
    if (!part || typeof part !== 'object' || typeof part.code !== 'number')
      return unanswered(0, 'Facebook did not complete this part of the request.');
    const hdrs = batchHeaders(part.headers);
    budgets.record(accountId, hdrs);
    const cached = key ? etags.get(key) : undefined;
    if (part.code === 304 && cached) return { ok: true, status: 304, data: cached.body, notModified: true };
    const parsed =
      typeof part.body === 'string' ? parseBody(part.body) : { ok: true as const, value: part.body ?? null };
    if (!parsed.ok) return unanswered(part.code, 'Facebook sent an answer Duet could not read.');
    const value = parsed.value;
    if (part.code >= 400 || (value && typeof value === 'object' && 'error' in value)) {
      const info = classifyGraphError(part.code, value);
      if (info.kind === 'throttled' && accountId) budgets.hold(accountId, info.retryAfterMs ?? 60_000, false);
      return { ok: false, error: info };
    }
    const etag = hdrs.get('etag');
    if (key && etag) etags.set(key, { etag, body: value });
    return { ok: true, status: part.code, data: value, notModified: false };
  }

  async function batch(items: BatchItem[], token: string, accountId?: string): Promise<BatchResult[]> {
    if (items.length === 0) return [];
    if (items.length > MAX_BATCH_REQUESTS)
      throw new Error(`A Graph batch holds at most ${MAX_BATCH_REQUESTS} requests.`);
    const urls = items.map((it) => buildGraphUrl(root(), it.path, it.params));
    const keys = items.map((it, i) => (it.method === 'GET' && it.etag ? cacheKeyOf(urls[i]!) : undefined));
    const payload = items.map((it, i) => {
      const cached = keys[i] ? etags.get(keys[i]) : undefined;
      const sub: Record<string, unknown> = {
        method: it.method,
        relative_url: batchRelativeUrl(root(), urls[i]!),
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
    return items.map((_, i) => readBatchPart(list[i], keys[i], accountId));
  }

  return {
    request,
    batch,
    budgets: () => budgets.book,
    metaClock: () => clock,
    reset() {
      etags = new Map();
      budgets.book.clear();
    },
  };
}
