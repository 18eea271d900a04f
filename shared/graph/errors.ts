// Maps Meta's error envelope (and network failures) to the few kinds Duet reacts to differently.
// Sources: https://developers.facebook.com/docs/graph-api/guides/error-handling/ (codes, subcodes, is_transient),
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ (throttling codes),
// https://developers.facebook.com/docs/messenger-platform/error-codes (Send API codes and subcodes).

/** What Duet does about an error: the kind decides the reaction, never the message text. */
export type GraphErrorKind =
  | 'auth'
  | 'permission'
  | 'throttled'
  | 'transient'
  | 'invalid'
  | 'blocked'
  | 'outside-window'
  | 'recipient'
  | 'unknown';

/** Meta's error object (`{"error":{…}}`), as far as Duet reads it. */
export interface GraphErrorBody {
  message: string;
  type?: string;
  code?: number;
  subcode?: number;
  isTransient?: boolean;
  userTitle?: string;
  userMessage?: string;
  fbtraceId?: string;
}

/** A classified Graph failure: the kind, the upstream details and a message a user understands. */
export interface ClassifiedGraphError {
  kind: GraphErrorKind;
  /** HTTP status (0 for network failures). */
  status: number;
  code?: number;
  subcode?: number;
  /** User-readable explanation. */
  message: string;
  /** Meta's own message (may mention ids; never a token). */
  upstreamMessage?: string;
  /** For `permission`: the permission Meta says is missing, when it names one. */
  permission?: string;
  /** For `throttled` (and transient with a hint): how long to wait before trying again. */
  retryAfterMs?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads Meta's error envelope from a parsed JSON body; null when the body is not one. */
export function parseGraphErrorBody(body: unknown): GraphErrorBody | null {
  if (!body || typeof body !== 'object') return null;
  const e = (body as { error?: unknown }).error;
  if (!e || typeof e !== 'object') return null;
  const o = e as Record<string, unknown>;
  return {
    message: str(o.message) ?? 'Unknown Graph API error',
    type: str(o.type),
    code: num(o.code),
    subcode: num(o.error_subcode),
    isTransient: typeof o.is_transient === 'boolean' ? o.is_transient : undefined,
    userTitle: str(o.error_user_title),
    userMessage: str(o.error_user_msg),
    fbtraceId: str(o.fbtrace_id),
  };
}

/** Permission names Meta uses, to recognise them inside an error message. */
const PERMISSION_RE =
  /\b(pages_[a-z_]+|instagram_[a-z_]+|read_insights|business_management|public_profile|email|user_[a-z_]+|publish_video|read_page_mailboxes)\b/;

/** Extracts the missing permission Meta names in a 10 / 200–299 message (e.g. "requires the 'pages_messaging' permission"). */
export function missingPermissionOf(message: string): string | undefined {
  return PERMISSION_RE.exec(message)?.[1];
}

/** Messaging subcodes meaning "the reply window is closed" (Send API: 10/2018278, 10/2018108, 10/2018065). */
const OUTSIDE_WINDOW_SUBCODES = new Set([2018278, 2018108, 2018065]);
/** Subcodes meaning "this recipient cannot be messaged" (100/2018001 no matching user, 551/200 + 1545041 unavailable). */
const RECIPIENT_SUBCODES = new Set([2018001, 1545041, 2018028, 2018027, 2534014]);
/** Throttling codes: 4 app, 17 user, 32 Page, 613 custom, 80001–80014 business use case. */
const THROTTLE_CODES = new Set([4, 17, 32, 613]);

function isThrottleCode(code: number): boolean {
  return THROTTLE_CODES.has(code) || (code >= 80001 && code <= 80014);
}

/** Optional hints that affect a throttled error's retry time. */
export interface ClassifyHints {
  /** Milliseconds to wait as derived from usage headers (see rate-limit.ts), if any. */
  retryAfterMs?: number;
}

/** Default wait for a throttling error when Meta gives no estimate. */
export const DEFAULT_THROTTLE_MS = 60_000;

/**
 * Classifies an HTTP response that failed (status ≥ 400 or an `error` body). Unknown shapes become `transient` for
 * 5xx and `unknown` otherwise; this never throws.
 */
export function classifyGraphError(
  status: number,
  body: unknown,
  hints: ClassifyHints = {},
): ClassifiedGraphError {
  const e = parseGraphErrorBody(body);
  if (!e || e.code === undefined) {
    if (status >= 500 || status === 0)
      return {
        kind: 'transient',
        status,
        message: 'Facebook is having trouble right now. Duet will try again.',
      };
    if (status === 429)
      return {
        kind: 'throttled',
        status,
        message: 'Facebook asked Duet to slow down.',
        retryAfterMs: hints.retryAfterMs ?? DEFAULT_THROTTLE_MS,
      };
    return {
      kind: 'unknown',
      status,
      message: `Facebook answered with an unexpected error (HTTP ${status}).`,
      upstreamMessage: e?.message,
    };
  }
  const { code, subcode } = e;
  const base = { status, code, subcode, upstreamMessage: e.message };

  // 190 = invalid/expired/revoked token, any subcode; 102 = session key invalid; 463/467 subcodes = expired/invalid.
  if (code === 190 || code === 102 || subcode === 463 || subcode === 467 || subcode === 460) {
    const why =
      subcode === 463
        ? 'Your Facebook session has expired.'
        : subcode === 460
          ? 'Your Facebook session was invalidated (for example after a password change).'
          : subcode === 467
            ? 'Your Facebook session is no longer valid (you may have logged out of Facebook).'
            : 'Facebook no longer accepts Duet’s access token.';
    return {
      ...base,
      kind: 'auth',
      message: `${why} Sign in again to continue; nothing stored locally was deleted.`,
    };
  }
  // Messaging window and recipient errors come with permission-like codes (10, 200, 551): check subcodes first.
  if (subcode !== undefined && OUTSIDE_WINDOW_SUBCODES.has(subcode)) {
    return {
      ...base,
      kind: 'outside-window',
      message:
        'This reply is outside the window Meta allows (24 hours after the person’s last message, 7 days with the human agent tag).',
    };
  }
  if (code === 551 || (subcode !== undefined && RECIPIENT_SUBCODES.has(subcode))) {
    return {
      ...base,
      kind: 'recipient',
      message: 'This person can’t receive messages from the Page right now.',
    };
  }
  // 4/2207051 is Instagram's "action is blocked", not a rate limit: no wait makes it pass (publishing treats it as
  // "may have gone live": https://github.com/gitroomhq/postiz-app/pull/1681).
  if (subcode === 2207051) {
    return {
      ...base,
      kind: 'blocked',
      message: 'Instagram blocked this action for now, to protect its community.',
    };
  }
  if (isThrottleCode(code)) {
    return {
      ...base,
      kind: 'throttled',
      message: 'Facebook’s rate limit for this account was reached. Duet will slow down and try again later.',
      retryAfterMs: hints.retryAfterMs ?? DEFAULT_THROTTLE_MS,
    };
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    const permission = missingPermissionOf(e.message);
    return {
      ...base,
      kind: 'permission',
      permission,
      message: permission
        ? `Duet is missing the “${permission}” permission for this. Sign in again and grant it.`
        : 'Duet doesn’t have the permission this needs. Sign in again and grant all requested permissions.',
    };
  }
  if (code === 368) {
    return {
      ...base,
      kind: 'blocked',
      message: 'Facebook temporarily blocked this action as it looked abusive or against its policies.',
    };
  }
  if (code === 1 || code === 2 || e.isTransient === true || status >= 500) {
    return {
      ...base,
      kind: 'transient',
      message: 'Facebook is having trouble right now. Duet will try again.',
    };
  }
  if (code === 100) {
    return { ...base, kind: 'invalid', message: `Facebook rejected the request as invalid: ${e.message}` };
  }
  return { ...base, kind: 'unknown', message: `Facebook answered with an error: ${e.message}` };
}

/** Where a network failure happened; decides whether a send may have been delivered. */
export type NetworkPhase = 'before-send' | 'after-send';

/** A failure with no HTTP answer (DNS, refused, reset, timeout): always `transient`. */
export function classifyNetworkError(phase: NetworkPhase, detail: string): ClassifiedGraphError {
  return {
    kind: 'transient',
    status: 0,
    message:
      phase === 'before-send'
        ? `Duet couldn’t reach Facebook (${detail}). Check the connection.`
        : `The connection to Facebook broke before it answered (${detail}).`,
  };
}
