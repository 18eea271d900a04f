/**
 * The Graph pipeline one request goes through (batch sub-requests too): connection faults, the token check, injected
 * error faults, throttling at 100 % usage, the handler, body-corrupting faults, usage headers and ETags.
 */
import { createHash } from 'node:crypto';
import { GraphError, errors } from '../errors.js';
import { type Fault, type FaultKind, http500Error, totalLatency, truncate, corrupt } from '../faults.js';
import { type GraphRequest, handleGraph, tokenFrom } from '../graph/index.js';
import { type Ctx } from '../render/core.js';
import { type SandboxCore } from '../server.js';
import { type UsageKey, throttleCode, usageHeaders, usageKey } from './usage-headers.js';

/** The version unversioned calls get: v27.0, current since 4 Nov 2026 (the blog post cited in errors.legacyFeature). */
export const API_VERSION = 'v27.0';

/** Result of one Graph call before it is written to the socket. */
export interface GraphResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `reset`: destroy the socket without processing; `drop`: processed, then destroy without responding. */
  action?: 'reset' | 'drop';
}

/** Waits `ms` (0 = not at all). */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve();
}

/** What the stages after the token check share. */
interface Stage {
  core: SandboxCore;
  req: GraphRequest;
  method: string;
  ctx: Ctx;
  key: UsageKey | undefined;
  has: (k: FaultKind) => Fault | undefined;
  errorResult: (e: GraphError, key?: UsageKey, full?: number) => GraphResult;
}

/** Runs one Graph request through faults, auth, usage and the handler. */
export async function executeGraph(core: SandboxCore, req: GraphRequest): Promise<GraphResult> {
  const method = req.method.toUpperCase();
  const fired = core.faults.fire(method, `/${req.path}`);
  const has = (k: FaultKind): Fault | undefined => fired.find((f) => f.kind === k);
  await sleep(totalLatency(fired));
  if (has('reset')) return { status: 0, headers: {}, body: '', action: 'reset' };
  const now = core.now();
  const fbtrace = core.trace();
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
    world: core.world,
    tokens: core.tokens,
    signer: core.signer,
    now,
    origin: core.origin,
    version: req.version,
    audit: { permissions: new Set() },
  };
  if (rawToken) ctx.rawToken = rawToken;
  const queryToken = req.params.str('access_token');
  if (queryToken) ctx.queryToken = queryToken;
  const errorResult = (e: GraphError, key?: UsageKey, full?: number): GraphResult => ({
    status: e.status,
    headers: {
      ...baseHeaders,
      ...usageHeaders(core.usage, now, key, full),
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
    if (rawToken && !tokenOptional) ctx.token = core.tokens.check(rawToken, now);
  } catch (e) {
    if (e instanceof GraphError) return errorResult(e);
    throw e;
  }
  const stage: Stage = {
    core,
    req,
    method,
    ctx,
    key: usageKey(core.world, req.path, ctx.token, method),
    has,
    errorResult,
  };
  const refused = refuse(stage, segs[0]);
  if (refused) return refused;
  if (!tokenOptional && ctx.token) core.usage.record(now, stage.key?.id);
  return answer(stage, baseHeaders);
}

/** Injected error faults, then real throttling at 100 % usage: the answer when the call is refused. */
function refuse(s: Stage, head: string | undefined): GraphResult | undefined {
  const { core, req, method, ctx, key, has, errorResult } = s;
  const now = ctx.now;
  const f500 = has('http-500');
  if (f500) {
    const r = errorResult(http500Error(f500), key);
    if (f500.status) r.status = f500.status;
    return r;
  }
  const fThrottle = has('throttle');
  if (fThrottle) {
    const r = errorResult(
      errors.throttle(throttleCode(req.path, method, key, ctx.token?.kind)),
      key ?? { id: ctx.token?.pageId ?? head ?? 'app', type: 'pages' },
      fThrottle.regainMinutes ?? 5,
    );
    if (fThrottle.status) r.status = fThrottle.status;
    return r;
  }
  if (has('token-expired')) return errorResult(errors.expired(now - 1000), key);
  if (has('policy-block')) return errorResult(errors.policyBlock(), key);
  if (has('checkpoint')) return errorResult(errors.checkpoint(), key);
  // A healthy object read answered "does not exist" (100/33): Postiz #1562 on container and permalink reads.
  // https://github.com/gitroomhq/postiz-app/issues/1562
  if (has('false-not-found')) return errorResult(errors.noObject(head ?? '', method), key);
  // Real throttling at 100 % usage.
  // https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
  if (key ? core.usage.objectThrottled(now, key.id) : core.usage.appThrottled(now)) {
    const regain = key
      ? core.usage.objectUsage(now, key.id).estimated_time_to_regain_access
      : core.usage.appRegainMinutes(now);
    // App-level (user-token) limits answer code 4; Page BUC limits 32 / 80002 (IG) / 613 (Send API).
    return errorResult(
      errors.throttle(key ? throttleCode(req.path, method, key, ctx.token?.kind) : 4),
      key,
      regain,
    );
  }
  return undefined;
}

/** Runs the handler and shapes its answer: body faults, usage headers, ETag / If-None-Match. */
function answer(s: Stage, baseHeaders: Record<string, string>): GraphResult {
  const { core, req, method, ctx, key, has, errorResult } = s;
  let body: unknown;
  const used = (ok: boolean) => {
    if (ctx.audit?.route)
      core.requestLog.use({ route: ctx.audit.route, permissions: [...ctx.audit.permissions], ok });
  };
  try {
    body = handleGraph({ world: core.world, ledger: core.ledger, uploads: core.uploads }, ctx, req);
    used(true);
  } catch (e) {
    used(false);
    if (e instanceof GraphError) {
      const r = errorResult(e, key);
      if (has('commit-then-drop')) r.action = 'drop';
      return r;
    }
    throw e;
  }
  if (has('commit-then-drop')) return { status: 0, headers: {}, body: '', action: 'drop' };
  // The write took effect, yet the answer is an error: 4/2207051 on media_publish (Postiz PR #1681), a transient 500
  // elsewhere. Clients must reconcile, never retry blindly.
  if (has('error-after-success'))
    return errorResult(
      req.path.endsWith('/media_publish') ? errors.actionBlocked() : errors.transient(),
      key,
    );
  for (const kind of ['wrong-types', 'missing-fields', 'bad-time', 'script-injection'] as const)
    if (has(kind)) body = corrupt(body, kind);
  let text = JSON.stringify(body);
  const headers = { ...baseHeaders, ...usageHeaders(core.usage, ctx.now, key) };
  if (has('malformed-json')) text = truncate(text);
  // ETag / If-None-Match. https://developers.facebook.com/docs/marketing-api/etags (Graph ETags)
  if (method === 'GET') {
    const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
    headers.etag = etag;
    const inm = req.headers['if-none-match'];
    if (
      inm &&
      inm
        .split(',')
        .map((x) => x.trim())
        .includes(etag)
    )
      return { status: 304, headers, body: '' };
  }
  return { status: 200, headers, body: text };
}
