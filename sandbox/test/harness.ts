/** Test harness for the conformance suite: a real sandbox on 127.0.0.1:0 spoken to over HTTP with fetch. */
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../index.js';

/** A decoded Graph response. */
export interface Res<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  json: T;
  text: string;
}

/** Graph error envelope (for assertions). */
export interface ErrBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    fbtrace_id: string;
    is_transient?: boolean;
  };
}

/** A running sandbox plus helpers. */
export interface Harness {
  sb: SandboxHandle;
  /** GET/POST/DELETE a Graph path (`/v27.0` prefix added unless the path starts with `/v` or `http`). */
  graph<T = Record<string, unknown>>(
    path: string,
    opts?: {
      method?: string;
      query?: Record<string, string>;
      form?: Record<string, string>;
      json?: unknown;
      headers?: Record<string, string>;
      token?: string | null;
    },
  ): Promise<Res<T>>;
  /** Calls the control API. */
  ctl<T = Record<string, unknown>>(path: string, body?: unknown, method?: string): Promise<T>;
  userToken: string;
  pageTokens: Map<string, string>;
  state: SandboxHandle['state'];
  close(): Promise<void>;
}

/** Starts a sandbox, mints a user token and reads Page tokens from /me/accounts. */
export async function boot(opts: SandboxOptions = {}): Promise<Harness> {
  const sb = await startSandbox({ seed: 42, scale: 'small', live: false, ...opts });
  const ctl = async <T>(path: string, body?: unknown, method?: string): Promise<T> => {
    const res = await fetch(`${sb.url}/__sandbox/${path.replace(/^\//, '')}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  const h: Harness = {
    sb,
    state: sb.state,
    userToken: '',
    pageTokens: new Map(),
    ctl,
    async graph<T>(path: string, o: Parameters<Harness['graph']>[1] = {}): Promise<Res<T>> {
      const url = new URL(
        path.startsWith('http') ? path : `${sb.url}${path.startsWith('/v') ? '' : '/v27.0'}${path}`,
      );
      for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
      const token = o.token === undefined ? h.userToken : o.token;
      if (token && !url.searchParams.has('access_token')) url.searchParams.set('access_token', token);
      const init: RequestInit = {
        method: o.method ?? (o.form || o.json ? 'POST' : 'GET'),
        headers: { ...(o.headers ?? {}) },
      };
      if (o.form) init.body = new URLSearchParams(o.form);
      if (o.json !== undefined) {
        init.body = JSON.stringify(o.json);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
      const res = await fetch(url, init);
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        // Left undefined: the malformed-json fault is asserted on `text`.
      }
      return { status: res.status, headers: res.headers, json: json as T, text };
    },
    close: () => sb.close(),
  };
  const tok = await ctl<{ access_token: string }>('tokens', {});
  h.userToken = tok.access_token;
  const acc = await h.graph<{ data: { id: string; access_token: string }[] }>('/me/accounts');
  for (const p of acc.json.data) h.pageTokens.set(p.id, p.access_token);
  return h;
}

/** Follows `paging.next` to exhaustion; returns every item and the page sizes. */
export async function exhaust<T>(
  h: Harness,
  first: Res<{ data: T[]; paging?: { next?: string } }>,
): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  let res = first;
  for (let guard = 0; guard < 1000; guard++) {
    items.push(...res.json.data);
    sizes.push(res.json.data.length);
    const next = res.json.paging?.next;
    if (!next) break;
    res = await h.graph(next, { token: null });
  }
  return { items, sizes };
}
