import { describe, expect, it } from 'vitest';
import {
  checkRequest,
  createLaunchCodes,
  parseTarget,
  readCookie,
  readCookies,
  secretCookieName,
} from './guard';

const cfg = { port: 4321, secret: 's3cret-s3cret-s3cret' };
const req = (headers: Record<string, string>, url = '/bridge/app/info', method = 'POST') => ({
  method,
  url,
  headers,
});
const SECRET_COOKIE = secretCookieName(cfg.port);
const ok = { host: '127.0.0.1:4321', cookie: `${SECRET_COOKIE}=${cfg.secret}` };

describe('browser host guard', () => {
  it('accepts our own origin with the launch secret', () => {
    expect(
      checkRequest(req({ ...ok, origin: 'http://127.0.0.1:4321', 'sec-fetch-site': 'same-origin' }), cfg),
    ).toEqual({ ok: true, grantCookie: false });
    expect(checkRequest(req({ host: 'localhost:4321', 'x-duet-key': cfg.secret }), cfg).ok).toBe(true);
  });

  it('rejects a DNS-rebinding Host header even with the secret', () => {
    const r = checkRequest(req({ ...ok, host: 'evil.example:4321' }), cfg);
    expect(r).toMatchObject({ ok: false, status: 421 });
  });

  it('rejects another origin, including another localhost port', () => {
    expect(checkRequest(req({ ...ok, origin: 'http://127.0.0.1:9999' }), cfg)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest(req({ ...ok, origin: 'https://evil.example' }), cfg)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest(req({ ...ok, origin: 'null' }), cfg)).toMatchObject({ ok: false, status: 403 });
    expect(
      checkRequest(req({ ...ok, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' }), cfg),
    ).toMatchObject({ ok: false, status: 403 });
    expect(
      checkRequest(req({ ...ok, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' }), cfg),
    ).toMatchObject({ ok: false, status: 403 });
  });

  it('requires the per-launch secret', () => {
    expect(checkRequest(req({ host: ok.host }), cfg)).toMatchObject({ ok: false, status: 401 });
    expect(
      checkRequest(req({ host: ok.host, cookie: `${SECRET_COOKIE}=wrong-wrong-wrong-wrong` }), cfg),
    ).toMatchObject({ ok: false, status: 401 });
  });

  it('grants the cookie only for a GET that carries a live one-time launch code, then redirects to the clean URL', () => {
    const codes = createLaunchCodes();
    const code = codes.mint();
    const withCodes = { ...cfg, redeemLaunchCode: codes.redeem };
    expect(code).not.toContain(cfg.secret);
    // A POST never redeems (and so never spends) the code.
    expect(checkRequest(req({ host: ok.host }, `/?k=${code}`, 'POST'), withCodes)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(checkRequest(req({ host: ok.host }, `/?k=${code}&pollMs=2000`, 'GET'), withCodes)).toEqual({
      ok: true,
      grantCookie: true,
      redirect: 'http://127.0.0.1:4321/?pollMs=2000',
    });
    // Spent: the copy left in history or the terminal opens nothing…
    expect(checkRequest(req({ host: ok.host }, `/?k=${code}`, 'GET'), withCodes)).toMatchObject({
      ok: false,
      status: 401,
      linkUsed: true,
    });
    // …unless this browser already has the cookie: then it just goes to the clean address.
    expect(checkRequest(req(ok, `/?k=${code}`, 'GET'), withCodes)).toEqual({
      ok: true,
      grantCookie: false,
      redirect: 'http://127.0.0.1:4321/',
    });
    // The per-launch secret itself is not a launch code, and made-up codes are refused.
    expect(checkRequest(req({ host: ok.host }, `/?k=${cfg.secret}`, 'GET'), withCodes)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(checkRequest(req({ host: ok.host }, '/?k=nope', 'GET'), withCodes)).toMatchObject({
      ok: false,
      status: 401,
    });
    // A redirect never leaves our origin, whatever the path looks like.
    const second = codes.mint();
    expect(
      checkRequest(req({ host: ok.host }, `//evil.example/?k=${second}`, 'GET'), withCodes),
    ).toMatchObject({
      ok: true,
      redirect: 'http://127.0.0.1:4321//evil.example/',
    });
  });

  it('reads launch codes on page addresses only: `k` of a media request is the picture key', () => {
    const codes = createLaunchCodes();
    const withCodes = { ...cfg, redeemLaunchCode: codes.redeem };
    const media = `/media?k=${encodeURIComponent('acc:123:picture')}&u=${encodeURIComponent('https://scontent.fbcdn.net/x.jpg')}&v=thumb`;
    expect(checkRequest(req(ok, media, 'GET'), withCodes)).toEqual({ ok: true, grantCookie: false });
    expect(checkRequest(req({ host: ok.host }, media, 'GET'), withCodes)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(checkRequest(req({ host: ok.host }, media, 'GET'), withCodes)).not.toHaveProperty('linkUsed');
    const code = codes.mint();
    for (const path of ['/media', '/events', '/bridge/app/info']) {
      expect(checkRequest(req({ host: ok.host }, `${path}?k=${code}`, 'GET'), withCodes), path).toMatchObject(
        { ok: false, status: 401 },
      );
    }
    // The code was not spent by those.
    expect(checkRequest(req({ host: ok.host }, `/?k=${code}`, 'GET'), withCodes)).toMatchObject({
      ok: true,
      grantCookie: true,
    });
  });

  it('a launch code works once and codes are independent', () => {
    const codes = createLaunchCodes();
    const a = codes.mint();
    const b = codes.mint();
    expect(a).not.toBe(b);
    expect(codes.redeem(b)).toBe(true);
    expect(codes.redeem(b)).toBe(false);
    expect(codes.redeem(a)).toBe(true);
    expect(codes.redeem('')).toBe(false);
  });

  it('lets the login redirect (a cross-site top-level navigation) through with the cookie', () => {
    const nav = req(
      { ...ok, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      '/auth/callback',
      'GET',
    );
    expect(checkRequest(nav, cfg).ok).toBe(true);
  });

  it('reads cookies without ever throwing, keeping every value of a repeated name', () => {
    expect(readCookie('a=1; duet_k=xyz; b=2', 'duet_k')).toBe('xyz');
    expect(readCookie(undefined, 'duet_k')).toBeUndefined();
    const table: Array<[string | undefined, string[]]> = [
      ['duet_k=%', ['%']],
      ['duet_k=%E0', ['%E0']],
      ['duet_k=%E0%A4%A', ['%E0%A4%A']],
      ['duet_k=a; duet_k=b;duet_k=c', ['a', 'b', 'c']],
      ['duet_k', []],
      ['=x; ;;; duet_k==y', ['=y']],
      ['duet_kk=1; xduet_k=2', []],
      ['', []],
      [undefined, []],
    ];
    for (const [cookie, values] of table)
      expect(readCookies(cookie, 'duet_k'), String(cookie)).toEqual(values);
  });

  it('a cookie planted by another 127.0.0.1 page can neither lock the tab out nor authorize', () => {
    // Cookies are not isolated by port: any local page can set one of our name, with a longer Path so the browser
    // sends it first. Our real cookie still arrives beside it.
    const name = SECRET_COOKIE;
    const table: Array<[string, boolean]> = [
      [`${name}=planted; ${name}=${cfg.secret}`, true],
      [`${name}=%; ${name}=${cfg.secret}`, true],
      [`${name}=%E0; other=1; ${name}=${cfg.secret}`, true],
      [`${Array.from({ length: 50 }, (_, i) => `${name}=p${i}`).join('; ')}; ${name}=${cfg.secret}`, true],
      [`${name}=planted`, false],
      [`${name}=%E0`, false],
      [`${name}=${cfg.secret}x`, false],
      [`${name}= ${cfg.secret.slice(1)}`, false],
      // Another port's cookie (another Duet, or a planted one) is not ours.
      [`duet_k_9999=${cfg.secret}`, false],
      [`duet_k=${cfg.secret}`, false],
    ];
    for (const [cookie, allowed] of table) {
      expect(checkRequest(req({ host: ok.host, cookie }), cfg).ok, cookie.slice(0, 80)).toBe(allowed);
    }
  });

  it('never throws on a hostile request target, and parses it on our own origin only', () => {
    for (const url of [
      '//',
      '///x',
      '/%',
      '/%E0%A4%A',
      '//evil.example/x',
      `/${'a'.repeat(10_000)}`,
      '*',
      'http://evil.example/',
      '/?k=%',
      '/?k=%E0',
    ]) {
      expect(() => checkRequest(req(ok, url, 'GET'), cfg), url).not.toThrow();
      const target = parseTarget(url);
      if (target) expect(target.origin, url).toBe('http://127.0.0.1');
    }
    expect(parseTarget('//')?.pathname).toBe('//');
    expect(parseTarget('*')).toBeNull();
    expect(parseTarget('http://evil.example/')).toBeNull();
    expect(checkRequest(req(ok, '*', 'GET'), cfg)).toMatchObject({ ok: false, status: 400 });
  });
});
