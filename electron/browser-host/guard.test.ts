import { describe, expect, it } from 'vitest';
import { checkRequest, readCookie, SECRET_COOKIE } from './guard';

const cfg = { port: 4321, secret: 's3cret-s3cret-s3cret' };
const req = (headers: Record<string, string>, url = '/bridge/app/info', method = 'POST') => ({ method, url, headers });
const ok = { host: '127.0.0.1:4321', cookie: `${SECRET_COOKIE}=${cfg.secret}` };

describe('browser host guard', () => {
  it('accepts our own origin with the launch secret', () => {
    expect(checkRequest(req({ ...ok, origin: 'http://127.0.0.1:4321', 'sec-fetch-site': 'same-origin' }), cfg)).toEqual({ ok: true, grantCookie: false });
    expect(checkRequest(req({ host: 'localhost:4321', 'x-duet-key': cfg.secret }), cfg).ok).toBe(true);
  });

  it('rejects a DNS-rebinding Host header even with the secret', () => {
    const r = checkRequest(req({ ...ok, host: 'evil.example:4321' }), cfg);
    expect(r).toMatchObject({ ok: false, status: 421 });
  });

  it('rejects another origin, including another localhost port', () => {
    expect(checkRequest(req({ ...ok, origin: 'http://127.0.0.1:9999' }), cfg)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req({ ...ok, origin: 'https://evil.example' }), cfg)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req({ ...ok, origin: 'null' }), cfg)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req({ ...ok, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' }), cfg)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(req({ ...ok, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }), cfg)).toMatchObject({ ok: false, status: 403 });
  });

  it('requires the per-launch secret', () => {
    expect(checkRequest(req({ host: ok.host }), cfg)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(req({ host: ok.host, cookie: `${SECRET_COOKIE}=wrong-wrong-wrong-wrong` }), cfg)).toMatchObject({ ok: false, status: 401 });
  });

  it('grants the cookie only for a GET that carries the secret in the URL', () => {
    expect(checkRequest(req({ host: ok.host }, `/?k=${cfg.secret}`, 'GET'), cfg)).toEqual({ ok: true, grantCookie: true });
    expect(checkRequest(req({ host: ok.host }, `/?k=${cfg.secret}`, 'POST'), cfg)).toMatchObject({ ok: false });
    expect(checkRequest(req({ host: ok.host }, '/?k=nope', 'GET'), cfg)).toMatchObject({ ok: false, status: 401 });
  });

  it('lets the login redirect (a cross-site top-level navigation) through with the cookie', () => {
    const nav = req({ ...ok, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, '/auth/callback', 'GET');
    expect(checkRequest(nav, cfg).ok).toBe(true);
  });

  it('reads cookies', () => {
    expect(readCookie('a=1; duet_k=xyz; b=2', 'duet_k')).toBe('xyz');
    expect(readCookie(undefined, 'duet_k')).toBeUndefined();
  });
});
