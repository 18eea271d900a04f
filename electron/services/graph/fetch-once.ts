// One HTTP exchange with Graph, no retries: a timeout that covers reading the body, redirects refused, and each
// network failure classified by phase (a request that provably never left is "before-send", anything else may have
// reached Meta and is "after-send").
import { classifyNetworkError } from '../../../shared/graph/errors';
import { GraphCallError } from './call-error';

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

/** What one exchange needs. */
export interface FetchOnceDeps {
  fetch: typeof fetch;
  now: () => number;
  log: (line: string) => void;
}

/** One request and its answer: the response, its body text, and when it was sent (t0) and answered (t1). */
export interface Exchange {
  res: Response;
  text: string;
  t0: number;
  t1: number;
}

/** One attempt, no retries; throws GraphCallError for network failures and timeouts. */
export async function fetchOnce(
  deps: FetchOnceDeps,
  method: string,
  url: URL,
  body: URLSearchParams | FormData | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Exchange> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error('timeout')), timeoutMs);
  const t0 = deps.now();
  let res: Response;
  try {
    res = await deps.fetch(url, { method, body, headers, signal: ctl.signal, redirect: 'error' });
  } catch (err) {
    clearTimeout(timer);
    const code = errorCodeOf(err);
    const timedOut = ctl.signal.aborted;
    const before = !timedOut && code !== undefined && BEFORE_SEND_CODES.has(code);
    const detail = timedOut
      ? `no answer within ${Math.round(timeoutMs / 1000)} s`
      : (code ?? (err instanceof Error ? err.message : 'network error'));
    deps.log(`graph ${method} ${url.pathname} failed: ${detail}`);
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
    deps.log(`graph ${method} ${url.pathname} body failed: ${detail}`);
    throw new GraphCallError(classifyNetworkError('after-send', detail), 'after-send');
  }
  clearTimeout(timer);
  const t1 = deps.now();
  deps.log(`graph ${method} ${url.pathname} → ${res.status} in ${t1 - t0} ms`);
  return { res, text, t0, t1 };
}
