/**
 * Where Duet may send tokens: the Graph API base, the login dialog and the token broker. One pure policy, used by the
 * settings schema (so stored, environment and renderer-sent values all pass through it), the session (before it
 * posts a token to the broker) and the login window (which origin it may show).
 */

/** The answer of `checkEndpointUrl`: the normalized URL, or why it was refused (in words for the Settings dialog). */
export type EndpointCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * True for loopback hosts as the WHATWG URL parser writes them: `localhost`, 127.0.0.0/8 and `[::1]`. Plain http is
 * accepted only there (a local test server or the sandbox): nothing on the network can read that traffic.
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  return m !== null && m[1] === '127' && m.slice(2).every((p) => Number(p) <= 255);
}

/**
 * Checks an endpoint URL: https (http only for a loopback host), no user name or password, no query string or
 * fragment, no backslashes, whitespace or control characters. Returns it normalized (lower-case scheme and host,
 * default port and trailing slashes dropped) so that equal endpoints compare equal.
 */
export function checkEndpointUrl(raw: string): EndpointCheck {
  const text = raw.trim();
  const notUrl: EndpointCheck = {
    ok: false,
    reason: 'This is not a web address (it should start with https://).',
  };
  // The URL parser silently drops tabs and newlines and turns \ into /; a value that needs that is not a clean URL.
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text))
    return { ok: false, reason: 'A web address cannot contain spaces.' };
  if (text.includes('\\')) return { ok: false, reason: 'A web address cannot contain a backslash (\\).' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return notUrl;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname)))
    return {
      ok: false,
      reason:
        'Duet sends your sign-in only over https (plain http only to this computer: localhost, 127.0.0.1).',
    };
  if (!u.hostname) return notUrl;
  if (u.username || u.password || text.includes('@'))
    return { ok: false, reason: 'The address cannot contain a user name or password.' };
  if (text.includes('?')) return { ok: false, reason: 'The address cannot contain a query (?…).' };
  if (text.includes('#')) return { ok: false, reason: 'The address cannot contain a fragment (#…).' };
  return { ok: true, url: `${u.origin}${u.pathname.replace(/\/+$/, '')}` };
}

/** The normalized URL when `raw` passes `checkEndpointUrl`, else null. */
export function safeEndpointUrl(raw: string): string | null {
  const r = checkEndpointUrl(raw);
  return r.ok ? r.url : null;
}
