// Facebook Login's manual flow, as pure steps: the dialog address Duet opens, where the dialog redirects back to, and
// reading the redirect it answers with (state check, timeout, cancel, error, token). The session service keeps the
// started login and turns what these return into its state.
import type { Settings } from '../../../shared/bridge/calls/settings';
import { DUET_PERMISSIONS } from '../../../shared/graph/permissions';
import { Refused } from './token-check';

/** The permissions Duet asks for in Facebook Login: the one list in shared/graph/permissions.ts. */
export const LOGIN_SCOPES = DUET_PERMISSIONS;

/** Meta's redirect target for desktop apps (manual login flow). */
const FACEBOOK_LOGIN_SUCCESS = 'https://www.facebook.com/connect/login_success.html';

/** How long a started Facebook Login stays valid. */
const LOGIN_TIMEOUT_MS = 15 * 60 * 1000;

/** Message shown when the user cancels or denies Facebook Login. */
export const CANCELLED_MESSAGE =
  'You cancelled Facebook Login, so Duet is not signed in. Sign in again whenever you are ready.';

/** A Facebook Login Duet started and waits to hear back from. */
export interface PendingLogin {
  state: string;
  redirectUri: string;
  createdAt: number;
}

/** What a successful redirect carries: the (short-lived) token and its lifetime in seconds when given. */
export interface LoginAnswer {
  token: string;
  expiresIn: number | null;
}

/** A fresh unguessable `state` for one login. */
export function randomState(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}

/** Reads `key=value` pairs from both the fragment and the query of a redirect URL (fragment wins). */
export function parseCallback(callbackUrl: string): URLSearchParams | null {
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return null;
  }
  const out = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(url.hash.replace(/^#/, ''))) out.set(k, v);
  return out;
}

/** Asking again for some permissions only: Meta's dialog then asks just for those (`auth_type=rerequest`). */
export interface ReRequest {
  permissions: readonly string[];
}

/**
 * The login dialog address for one login (`state` ties the answer to it). With `again`, only those permissions and
 * `auth_type=rerequest`, which Meta requires to ask for a declined permission a second time:
 * https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow#reaskperms
 */
export function loginDialogUrl(s: Settings, redirectUri: string, state: string, again?: ReRequest): string {
  const url = new URL(`${s.loginDialogUrl.replace(/\/+$/, '')}/${s.apiVersion}/dialog/oauth`);
  url.searchParams.set('client_id', s.appId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('scope', (again?.permissions ?? LOGIN_SCOPES).join(','));
  if (again) url.searchParams.set('auth_type', 'rerequest');
  url.searchParams.set('response_type', 'token');
  return url.toString();
}

/** Meta's login_success.html, or the dialog host's own one when the dialog isn't facebook.com (the sandbox). */
export function windowRedirectUri(dialogUrl: string): string {
  const dialog = new URL(dialogUrl);
  return /(^|\.)facebook\.com$/.test(dialog.hostname)
    ? FACEBOOK_LOGIN_SUCCESS
    : `${dialog.origin}/connect/login_success.html`;
}

/**
 * Reads the redirect Facebook Login answered with, against the login Duet started (`expected`, null when none is
 * pending): the token, or why the answer is refused.
 */
export function readLoginAnswer(
  callbackUrl: string,
  expected: PendingLogin | null,
  now: number,
): LoginAnswer | Refused {
  const params = parseCallback(callbackUrl);
  if (!params)
    return new Refused('Facebook Login returned an address Duet could not read. Please try again.');
  if (!expected || params.get('state') !== expected.state) {
    return new Refused(
      'The sign-in answer did not match the sign-in Duet started (state mismatch), so it was rejected. Please try again.',
    );
  }
  if (now - expected.createdAt > LOGIN_TIMEOUT_MS) {
    return new Refused('That sign-in took too long and was not accepted. Please sign in again.');
  }
  if (params.get('error') || params.get('error_reason')) {
    const err = params.get('error');
    if (err === 'access_denied' || params.get('error_reason') === 'user_denied')
      return new Refused(CANCELLED_MESSAGE);
    return new Refused(`Facebook Login failed: ${params.get('error_description') ?? err ?? 'unknown error'}`);
  }
  const token = params.get('access_token');
  if (!token) return new Refused('Facebook Login finished without an access token. Please try again.');
  const ei = Number(params.get('expires_in'));
  return { token, expiresIn: Number.isFinite(ei) && ei > 0 ? ei : null };
}
