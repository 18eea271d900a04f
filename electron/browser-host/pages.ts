// The few pages the browser host writes itself (the app is the built renderer): "link used", "new link needed", and
// the sign-in return page with its script.

/**
 * A small page for a browser tab that is not (or no longer) signed in to this run of the host. No styles: the CSP
 * (style-src 'self') refuses inline ones; `color-scheme` lets the browser follow a dark system theme.
 */
function signInPage(title: string, why: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} — Duet</title>
<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark"></head><body>
<h1>${title}</h1>
<p>${why}</p>
<p>To open Duet here, press Enter in the terminal where Duet is running: it prints a new link. Restarting Duet prints
one too. Your data and any replies waiting to be sent are kept.</p></body></html>`;
}

/** Shown when a spent (or unknown) launch link is opened in a browser without the session cookie. */
export const LINK_USED_HTML = signInPage(
  'This Duet link was already used',
  "Each link Duet prints opens it once, so a copy left in your browser history or terminal can't be used by anyone else.",
);

/** Shown to a browser tab without a valid session cookie, e.g. one left open while Duet restarted. */
export const NEW_LINK_HTML = signInPage(
  'Duet needs a new link',
  'This browser is not signed in to this run of Duet: each start of Duet needs its link opened once.',
);

/** The page Facebook Login returns to: it hands the callback URL to the host, then opens the app. */
export const AUTH_CALLBACK_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Signing in… — Duet</title>
<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark"></head><body>
<p id="status">Finishing sign-in…</p><script src="/auth/callback.js"></script></body></html>`;

/** The script of the sign-in return page (served as a file: the CSP refuses inline scripts). */
export const AUTH_CALLBACK_JS = `(() => {
  const callbackUrl = location.href;
  history.replaceState(null, '', '/auth/callback');
  fetch('/bridge/session/login-complete', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-duet-bridge': '1' },
    body: JSON.stringify({ callbackUrl }),
    credentials: 'same-origin',
  })
    .catch(() => null)
    .finally(() => location.replace('/'));
})();`;
