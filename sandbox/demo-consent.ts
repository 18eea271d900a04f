// The demo's way through the sandbox's Facebook Login dialog: fetch the consent form over HTTP and submit it as a user
// clicking "Continue" would (no browser window in demo mode), until the dialog redirects to Duet's redirect URI.
// It lives beside the sandbox because it knows the sandbox's form (oauth.ts); the host's session uses it.

/** Steps (redirects and form posts) after which the dialog is given up. */
const MAX_STEPS = 6;

/** Drives the consent form at `url` and resolves with the callback URL (starting with `redirectUri`). */
export async function driveDemoConsent(
  fetchImpl: typeof fetch,
  url: string,
  redirectUri: string,
): Promise<string> {
  let res = await fetchImpl(url, { redirect: 'manual' });
  for (let hop = 0; hop < MAX_STEPS; hop++) {
    const location = res.headers.get('location');
    if (location && res.status >= 300 && res.status < 400) {
      const abs = new URL(location, res.url || url).toString();
      if (abs.startsWith(redirectUri)) return abs;
      res = await fetchImpl(abs, { redirect: 'manual' });
      continue;
    }
    const html = await res.text();
    const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`demo dialog: no form (HTTP ${res.status})`);
    const action = /action="([^"]*)"/i.exec(form[1]!)?.[1] ?? '';
    const method = (/method="([^"]*)"/i.exec(form[1]!)?.[1] ?? 'POST').toUpperCase();
    const body = formFields(form[2]!);
    const target = new URL(decodeEntities(action) || url, res.url || url).toString();
    res =
      method === 'GET'
        ? await fetchImpl(`${target}${target.includes('?') ? '&' : '?'}${body}`, { redirect: 'manual' })
        : await fetchImpl(target, {
            method: 'POST',
            body,
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          });
  }
  throw new Error('demo dialog: too many steps');
}

/** What submitting the form says: every named field, the first of each radio group, no cancel/deny button. */
function formFields(formHtml: string): URLSearchParams {
  const body = new URLSearchParams();
  const seenRadio = new Set<string>();
  for (const m of formHtml.matchAll(/<(input|button)\b([^>]*)>/gi)) {
    const attrs = m[2]!;
    const name = /name="([^"]*)"/i.exec(attrs)?.[1];
    if (!name) continue;
    const value = decodeEntities(/value="([^"]*)"/i.exec(attrs)?.[1] ?? 'on');
    const type = (
      /type="([^"]*)"/i.exec(attrs)?.[1] ?? (m[1]!.toLowerCase() === 'button' ? 'submit' : 'text')
    ).toLowerCase();
    if (type === 'radio') {
      if (seenRadio.has(name)) continue;
      seenRadio.add(name);
    }
    if (type === 'submit' && /cancel|deny/i.test(`${name} ${value}`)) continue;
    if (type === 'submit' && body.has(name)) continue;
    body.append(name, value);
  }
  return body;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
