/**
 * Batch requests: `POST /` with `batch=[{method, relative_url, body?, headers?}]`, ≤ 50, answered in order; each
 * sub-request goes through the same pipeline as a single call. https://developers.facebook.com/docs/graph-api/batch-requests
 * A sub-request that times out (our reset / commit-then-drop faults) answers `null`, as Meta documents.
 */
import { GraphError, errors } from '../errors.js';
import { http500Error, totalLatency, truncate } from '../faults.js';
import { type GraphRequest, Params } from '../graph/index.js';
import { bearerToken } from '../graph/request.js';
import { type SandboxCore } from '../server.js';
import { API_VERSION, type GraphResult, executeGraph, sleep } from './pipeline.js';
import { usageHeaders } from './usage-headers.js';

/** The version prefix of a path (`/v27.0/me` → `v27.0`). */
export const VERSION_RE = /^\/(v\d+\.\d+)(?=\/|$)/;

/** Headers a batch entry reports (`include_headers`, default true), in Meta's capitalisation. */
const ENTRY_HEADERS = [
  'content-type',
  'etag',
  'facebook-api-version',
  'x-app-usage',
  'x-business-use-case-usage',
  'www-authenticate',
];

/**
 * The batch call itself: it only takes connection-level faults (`latency`, `reset`, `http-500`, `commit-then-drop`,
 * `malformed-json` on `POST /`); the rest apply to its sub-requests. Undefined = destroy the socket now.
 */
export async function serveBatch(
  core: SandboxCore,
  params: Params,
  version: string,
  headers: Record<string, string | undefined>,
  onSubRequest: (method: string, path: string) => void,
): Promise<GraphResult | undefined> {
  const fired = core.faults.fire('POST', '/', {
    kinds: ['latency', 'reset', 'commit-then-drop', 'http-500', 'malformed-json'],
  });
  await sleep(totalLatency(fired));
  if (fired.some((f) => f.kind === 'reset')) return undefined;
  const f500 = fired.find((f) => f.kind === 'http-500');
  if (f500) {
    const e = http500Error(f500);
    return {
      status: f500.status ?? e.status,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: JSON.stringify(e.toBody(core.trace())),
    };
  }
  const result = await executeBatch(core, params, version, headers, onSubRequest);
  if (fired.some((f) => f.kind === 'commit-then-drop')) result.action = 'drop';
  if (fired.some((f) => f.kind === 'malformed-json')) result.body = truncate(result.body);
  return result;
}

/** Runs every sub-request in order and answers the array of `{code, headers, body}` (or null). */
export async function executeBatch(
  core: SandboxCore,
  params: Params,
  version: string,
  headers: Record<string, string | undefined>,
  onSubRequest: (method: string, path: string) => void = () => {},
): Promise<GraphResult> {
  const fbtrace = core.trace();
  const fail = (e: GraphError): GraphResult => ({
    status: e.status,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-fb-trace-id': fbtrace,
      ...usageHeaders(core.usage, core.now(), undefined),
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
  const topToken = params.str('access_token') ?? bearerToken(headers.authorization);
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
    const sub = subRequest(item, version, topToken);
    onSubRequest(sub.method, `/${sub.path}`);
    const r = await executeGraph(core, sub);
    out.push(r.action ? null : batchEntry(r, includeHeaders));
  }
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-fb-trace-id': fbtrace,
      'facebook-api-version': version || API_VERSION,
      ...usageHeaders(core.usage, core.now(), undefined),
    },
    body: JSON.stringify(out),
  };
}

/** One batch item as a Graph request: its own version prefix, query, body and headers; the batch's token. */
function subRequest(item: object, version: string, topToken: string | undefined): GraphRequest {
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
  return {
    method: typeof it.method === 'string' ? it.method.toUpperCase() : 'GET',
    path: p.replace(/^\//, ''),
    version: ver,
    params: new Params(map),
    files: new Map(),
    headers: subHeaders(it.headers),
  };
}

/** A batch item's headers: `["Name: value"]`, `[{name, value}]` or `{name: value}`. */
function subHeaders(raw: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (Array.isArray(raw)) {
    for (const h of raw as unknown[]) {
      if (typeof h === 'string') {
        const i = h.indexOf(':');
        if (i > 0) out[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
      } else if (h && typeof h === 'object') {
        const { name, value } = h as { name?: unknown; value?: unknown };
        if (typeof name === 'string' && typeof value === 'string') out[name.toLowerCase()] = value;
      }
    }
  } else if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k.toLowerCase()] = v;
  }
  return out;
}

/** A sub-request's answer as a batch entry. */
function batchEntry(r: GraphResult, includeHeaders: boolean): Record<string, unknown> {
  const entry: Record<string, unknown> = { code: r.status };
  if (includeHeaders) {
    entry.headers = Object.entries(r.headers)
      .filter(([k, v]) => v && ENTRY_HEADERS.includes(k))
      .map(([k, v]) => ({
        name:
          k === 'etag'
            ? 'ETag'
            : k.replace(/(^|-)([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
        value: v,
      }));
  }
  entry.body = r.body;
  return entry;
}
