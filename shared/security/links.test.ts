import { describe, expect, it } from 'vitest';
import { checkExternalLink, isExternalLinkAllowed, linkShimTarget, stripBidiControls } from './links';

describe('checkExternalLink (the one external-link policy)', () => {
  it.each([
    // Meta's own sites (profile pages, help, permalinks).
    ['https://www.facebook.com/duetpage', 'www.facebook.com'],
    ['https://facebook.com/help', 'facebook.com'],
    ['https://m.facebook.com/story.php?id=1', 'm.facebook.com'],
    ['https://business.facebook.com/latest/inbox', 'business.facebook.com'],
    ['https://developers.facebook.com/docs/graph-api', 'developers.facebook.com'],
    ['https://www.instagram.com/duet.shop/', 'www.instagram.com'],
    ['https://instagram.com/p/abc', 'instagram.com'],
    ['https://help.instagram.com/1234', 'help.instagram.com'],
    // Customer links from post text and messages: any public https site.
    ['https://example.com/a?b=c#d', 'example.com'],
    ['https://shop.example.co.uk:443/item', 'shop.example.co.uk'],
    ['https://EXAMPLE.com/Upper', 'example.com'],
    ['https://evil.example/?facebook.com', 'evil.example'],
    ['https://facebook.com.evil.example/', 'facebook.com.evil.example'],
    ['https://my-shop.example/2024-12-01', 'my-shop.example'],
    // IDN: shown as punycode, so a Cyrillic "а" in "аpple.com" cannot pass for apple.com.
    ['https://\u0430pple.com/', 'xn--pple-43d.com'],
    ['https://münchen.de/', 'xn--mnchen-3ya.de'],
    // Meta's link shim: allowed, and the host shown is the target's.
    ['https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example%2Fsale&h=AT0', 'shop.example'],
    ['https://l.instagram.com/?u=https%3A%2F%2Fshop.example%2F&e=AT1', 'shop.example'],
    ['https://l.facebook.com/l.php', 'l.facebook.com'],
  ])('allows %s and shows host %s', (url, host) => {
    const r = checkExternalLink(url);
    expect(r).toMatchObject({ ok: true, host });
    expect(isExternalLinkAllowed(url)).toBe(true);
  });

  it.each([
    // Trailing-dot forms of local names (the hole in the old check).
    ['localhost.', 'https://localhost./', 'local-host'],
    ['localhost..', 'https://localhost../', 'local-host'],
    ['mDNS name with a dot', 'https://foo.local./', 'local-host'],
    ['mDNS name with a dot and :443', 'https://printer.local.:443/', 'local-host'],
    ['IPv4 with a dot', 'https://127.0.0.1./', 'local-host'],
    ['single label with a dot', 'https://router./', 'local-host'],
    ['public name with a dot', 'https://example.com./', 'local-host'],
    // Local and IP hosts.
    ['localhost', 'https://localhost/', 'local-host'],
    ['LOCALHOST', 'https://LOCALHOST/', 'local-host'],
    ['sub.localhost', 'https://app.localhost/', 'local-host'],
    ['single-label host', 'https://router/', 'local-host'],
    ['mDNS name', 'https://printer.local/', 'local-host'],
    ['.internal', 'https://metadata.google.internal/', 'local-host'],
    ['.lan', 'https://nas.lan/', 'local-host'],
    ['.home.arpa', 'https://nas.home.arpa/', 'local-host'],
    ['loopback IP', 'https://127.0.0.1/', 'local-host'],
    ['short loopback IP', 'https://127.1/', 'local-host'],
    ['hex IP', 'https://0x7f.0.0.1/', 'local-host'],
    ['decimal IP', 'https://2130706433/', 'local-host'],
    ['zero IP', 'https://0/', 'local-host'],
    ['LAN IP', 'https://192.168.1.1/admin', 'local-host'],
    ['public IP', 'https://8.8.8.8/', 'local-host'],
    ['IPv6 literal', 'https://[::1]/', 'local-host'],
    ['IPv4-mapped IPv6', 'https://[::ffff:127.0.0.1]/', 'local-host'],
    ['wildcard DNS to loopback', 'https://127.0.0.1.nip.io/', 'local-host'],
    ['wildcard DNS with dashes', 'https://10-0-0-1.sslip.io/', 'local-host'],
    // Schemes.
    ['plain http', 'http://www.facebook.com/', 'scheme'],
    ['http customer link', 'http://shop.example/', 'scheme'],
    ['file', 'file:///etc/passwd', 'scheme'],
    ['javascript', 'javascript:alert(1)', 'scheme'],
    ['data', 'data:text/html,<script>alert(1)</script>', 'scheme'],
    ['custom protocol handler', 'ms-msdt:/id PCWDiagnostic', 'scheme'],
    ['smb share', 'smb://attacker.example/share', 'scheme'],
    ['our own scheme', 'app://duet/index.html', 'scheme'],
    ['media scheme', 'duet-media://media/?k=1', 'scheme'],
    ['ftp', 'ftp://example.com/', 'scheme'],
    ['blob', 'blob:https://example.com/uuid', 'scheme'],
    // Credentials and ports.
    ['credentials disguise', 'https://www.facebook.com@evil.example/', 'credentials'],
    ['user and password', 'https://user:pw@example.com/', 'credentials'],
    ['odd port', 'https://example.com:8443/', 'port'],
    ['port 80 on https', 'https://example.com:80/', 'port'],
    // Shims whose target fails.
    ['shim to http', 'https://l.facebook.com/l.php?u=http%3A%2F%2Fshop.example%2F', 'shim-target'],
    ['shim to LAN', 'https://l.facebook.com/l.php?u=https%3A%2F%2F192.168.1.1%2F', 'shim-target'],
    ['shim to javascript', 'https://l.facebook.com/l.php?u=javascript%3Aalert(1)', 'shim-target'],
    ['shim to localhost.', 'https://lm.facebook.com/l.php?u=https%3A%2F%2Flocalhost.%2F', 'shim-target'],
    // Not links.
    ['empty', '', 'not-a-link'],
    ['garbage', 'facebook.com', 'not-a-link'],
    ['relative', '/inbox', 'not-a-link'],
    ['not a string', { href: 'https://example.com' }, 'not-a-link'],
    ['undefined', undefined, 'not-a-link'],
    ['absurdly long', `https://example.com/${'a'.repeat(5000)}`, 'not-a-link'],
  ])('refuses %s', (_label, url, refusal) => {
    expect(checkExternalLink(url)).toEqual({ ok: false, refusal });
    expect(isExternalLinkAllowed(url)).toBe(false);
  });
});

describe('linkShimTarget', () => {
  it('decodes the target of Meta link-shim URLs only', () => {
    expect(
      linkShimTarget('https://l.facebook.com/l.php?u=https%3A%2F%2Fa.example%2Fx%3Fy%3D1&h=AT')?.href,
    ).toBe('https://a.example/x?y=1');
    expect(linkShimTarget('https://evil.example/l.php?u=https%3A%2F%2Fa.example')).toBeNull();
    expect(linkShimTarget('http://l.facebook.com/l.php?u=https%3A%2F%2Fa.example')).toBeNull();
    expect(linkShimTarget('https://l.facebook.com/other?u=https%3A%2F%2Fa.example')).toBeNull();
    expect(linkShimTarget('https://l.facebook.com/l.php?u=not-a-url')).toBeNull();
  });
});

describe('stripBidiControls', () => {
  it.each([
    ['https://evil.example/\u202Emoc.knab//:sptth', 'https://evil.example/moc.knab//:sptth'],
    ['\u202Ahttps://a.example\u202C', 'https://a.example'],
    ['\u2066x\u2067y\u2068z\u2069', 'xyz'],
    ['a\u200Eb\u200Fc\u061Cd\u202Be\u202Df', 'abcdef'],
    ['שלום https://a.example', 'שלום https://a.example'],
  ])('%j → %j', (input, out) => {
    expect(stripBidiControls(input)).toBe(out);
  });
});
