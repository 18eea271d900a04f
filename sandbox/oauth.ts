/**
 * The Facebook Login dialog stand-in (`/dialog/oauth`), following the manual login flow:
 * https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 * Success: redirect with `#access_token=…&expires_in=…&state=…` (response_type=token) or `?code=…&state=…`.
 * Cancel: `?error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state=…`.
 */
import { type World } from './world.js';
import { DUET_PERMISSIONS, type TokenStore } from './tokens.js';

const LOGIN_SUCCESS = 'https://www.facebook.com/connect/login_success.html';

/** True when Meta would accept this redirect_uri for the sandbox app. */
export function redirectAllowed(uri: string, origin: string): boolean {
  if (uri === LOGIN_SUCCESS || uri === `${origin}/connect/login_success.html`) return true;
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
  } catch {
    return false;
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px system-ui,sans-serif;background:#f0f2f5;margin:0;padding:32px}main{max-width:420px;margin:auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 3px #0002}h1{font-size:20px;color:#1877f2}label{display:block;margin:6px 0}button{font-size:15px;padding:8px 18px;border-radius:6px;border:0;margin-right:8px;cursor:pointer}#continue{background:#1877f2;color:#fff}#cancel{background:#e4e6eb}</style>
</head><body><main>${body}</main></body></html>`;
}

/** The login + consent page. */
export function dialogHtml(
  world: World,
  q: URLSearchParams,
  action: string,
  origin: string,
): { status: number; html: string } {
  const redirect = q.get('redirect_uri') ?? '';
  if (!q.get('client_id'))
    return { status: 400, html: page('Error', '<h1>Error</h1><p>Invalid App ID: client_id is missing.</p>') };
  if (!redirectAllowed(redirect, origin)) {
    return {
      status: 400,
      html: page(
        'URL Blocked',
        `<h1>URL Blocked</h1><p>This redirect failed because the redirect URI is not whitelisted in the app's Client OAuth Settings.</p><p>${esc(redirect)}</p>`,
      ),
    };
  }
  const scope = (q.get('scope') ?? DUET_PERMISSIONS.join(',')).split(/[ ,]+/).filter(Boolean);
  const hidden = [...q.entries()]
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  const users = world.users
    .map(
      (u, i) =>
        `<label><input type="radio" name="user_id" value="${esc(u.id)}"${i === 0 ? ' checked' : ''}> ${esc(u.name)}</label>`,
    )
    .join('');
  const perms = scope
    .map((p) => `<label><input type="checkbox" name="grant" value="${esc(p)}" checked> ${esc(p)}</label>`)
    .join('');
  return {
    status: 200,
    html: page(
      'Log in with Facebook',
      `<h1>Log in to Duet (sandbox)</h1><form method="post" action="${esc(action)}">${hidden}
<fieldset><legend>Continue as</legend>${users}</fieldset>
<fieldset><legend>Duet is requesting access to</legend>${perms}</fieldset>
<p><button id="continue" type="submit" name="decision" value="allow">Continue</button><button id="cancel" type="submit" name="decision" value="cancel">Cancel</button></p>
</form>`,
    ),
  };
}

/** Handles the consent form: returns the redirect Location or an error page. */
export function dialogConfirm(
  world: World,
  tokens: TokenStore,
  form: URLSearchParams,
  now: number,
  origin: string,
): { location?: string; status: number; html?: string } {
  const redirect = form.get('redirect_uri') ?? '';
  if (!redirectAllowed(redirect, origin))
    return { status: 400, html: page('URL Blocked', '<h1>URL Blocked</h1>') };
  const state = form.get('state');
  const url = new URL(redirect);
  if (form.get('decision') !== 'allow') {
    // https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow#canceledlogin
    url.searchParams.set('error', 'access_denied');
    url.searchParams.set('error_code', '200');
    url.searchParams.set('error_description', 'Permissions error');
    url.searchParams.set('error_reason', 'user_denied');
    if (state !== null) url.searchParams.set('state', state);
    return { status: 302, location: `${url.href}#_=_` };
  }
  const user = world.users.find((u) => u.id === form.get('user_id')) ?? world.users[0];
  if (!user) return { status: 500, html: page('Error', '<h1>No users</h1>') };
  const granted = form.getAll('grant');
  if (form.get('auth_type') === 'rerequest' || form.get('auth_type') === 'reauthorize') {
    const asked = (form.get('scope') ?? '').split(/[ ,]+/).filter(Boolean);
    tokens.regrant(user.id, asked, granted);
  } else tokens.grant(user.id, granted);
  // Any completed consent starts a new data-access period (https://developers.facebook.com/docs/facebook-login/auth-vs-data).
  tokens.renewDataAccess(user.id, now);
  const responseType = form.get('response_type') ?? 'token';
  if (responseType.includes('code')) {
    url.searchParams.set(
      'code',
      tokens.issueCode(user.id, redirect, now, form.get('code_challenge') ?? undefined),
    );
    if (state !== null) url.searchParams.set('state', state);
    return { status: 302, location: `${url.href}#_=_` };
  }
  const expiresIn = 5184000;
  const rec = tokens.mintUser(user.id, now, expiresIn);
  const frag = new URLSearchParams();
  frag.set('access_token', rec.token);
  frag.set(
    'data_access_expiration_time',
    String(Math.floor((tokens.dataAccessUntil.get(user.id) ?? now) / 1000)),
  );
  frag.set('expires_in', String(expiresIn));
  if (state !== null) frag.set('state', state);
  url.hash = frag.toString();
  return { status: 302, location: url.href };
}

/** The blank success page Meta serves at login_success.html. */
export function loginSuccessHtml(): string {
  return page('Success', '<p>Success</p>');
}
