// The media route's input handling (the media protocol's path handling): parseMediaQuery is the first
// thing both hosts run on a media request.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MEDIA_KEY_LENGTH, MAX_MEDIA_URL_LENGTH, mediaQuery, parseMediaQuery } from './media-url';
import { mediaKey } from './models';

const URL_OK = 'https://scontent.cdninstagram.com/v/t51/1.jpg?oh=00_ab&oe=6700AAAA';
const parse = (query: string) => parseMediaQuery(new URLSearchParams(query));
const withKey = (rawKey: string) => parse(`k=${rawKey}&u=${encodeURIComponent(URL_OK)}&v=full`);

// Keys assembled from allowed characters and the pieces traversal attacks are made of, so both outcomes occur.
const hostileKey = fc
  .array(
    fc.constantFrom(
      'ig',
      '1',
      ':',
      '_',
      '-',
      '.',
      '..',
      '/',
      '\\',
      '%2e',
      '%2f',
      '\u0000',
      '~',
      'C:',
      '\n',
      'é',
    ),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''));

describe('parseMediaQuery', () => {
  it('round-trips what mediaQuery makes', () => {
    const key = mediaKey('ig:17841400000', '17900000000_1', 'media_url');
    expect(parseMediaQuery(new URLSearchParams(mediaQuery({ key, url: URL_OK }, 'thumb')))).toEqual({
      ok: true,
      request: { key, url: URL_OK, variant: 'thumb' },
    });
  });

  it.each([
    ['missing k', `u=${encodeURIComponent(URL_OK)}&v=full`],
    ['missing u', 'k=ig:1:2:media_url&v=full'],
    ['missing v', `k=ig:1:2:media_url&u=${encodeURIComponent(URL_OK)}`],
    ['empty k', `k=&u=${encodeURIComponent(URL_OK)}&v=full`],
    ['repeated k', `k=a:1:x&k=b:2:y&u=${encodeURIComponent(URL_OK)}&v=full`],
    ['unknown variant', `k=ig:1:2:media_url&u=${encodeURIComponent(URL_OK)}&v=original`],
    ['oversized k', `k=${'a'.repeat(MAX_MEDIA_KEY_LENGTH + 1)}&u=${encodeURIComponent(URL_OK)}&v=full`],
    [
      'oversized u',
      `k=ig:1:2:x&u=${encodeURIComponent(`${URL_OK}&p=${'a'.repeat(MAX_MEDIA_URL_LENGTH)}`)}&v=full`,
    ],
  ])('rejects %s', (_name, query) => {
    expect(parse(query).ok).toBe(false);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'ftp://scontent.cdninstagram.com/1.jpg',
    'duet-media://media/?k=a',
    '/etc/passwd',
    '//scontent.cdninstagram.com/1.jpg',
    'https://user:secret@scontent.cdninstagram.com/1.jpg',
  ])('rejects the non-http(s) or credentialed URL %s', (url) => {
    expect(parse(`k=ig:1:2:media_url&u=${encodeURIComponent(url)}&v=full`).ok).toBe(false);
  });

  it.each([
    ['parent segments', '..%2F..%2Fetc%2Fpasswd'],
    ['bare ..', '..'],
    ['dots inside a key', 'ig:1:..:media_url'],
    ['a slash', 'ig%2F1'],
    ['a backslash', 'ig%5C1'],
    ['NUL', 'ig:1%00.jpg'],
    ['an absolute POSIX path', '%2Fetc%2Fpasswd'],
    ['a Windows drive path', 'C%3A%5CWindows%5Cwin.ini'],
    ['a bare drive', 'C%3A'],
    ['a UNC path', '%5C%5Cserver%5Cshare'],
    ['a home path', '~%2F.ssh%2Fid_rsa'],
    ['percent-encoded traversal', '%2e%2e%2f%2e%2e%2fetc'],
    ['upper-case encoded traversal', '%2E%2E%5C'],
    ['double-encoded traversal', '%252e%252e%252f'],
    ['overlong UTF-8 dot-dot-slash', '%c0%ae%c0%ae%c0%af'],
    ['full-width dots and slash', '%EF%BC%8E%EF%BC%8E%EF%BC%8F'],
    ['a newline', 'ig:1%0A2'],
  ])('rejects a key with %s', (_name, rawKey) => {
    expect(withKey(rawKey)).toMatchObject({ ok: false });
  });

  it('accepts the keys the normalizers make', () => {
    for (const key of [
      mediaKey('fb:101', '101_202', 'full_picture'),
      mediaKey('ig:17841', '17900', 'thumbnail_url'),
      mediaKey('fb:101', 'm_AbC-12_x', 'attachment:0'),
    ]) {
      expect(withKey(encodeURIComponent(key))).toMatchObject({ ok: true, request: { key } });
    }
  });

  it('never throws, and whatever it accepts has no path separator, traversal, escape or control character', () => {
    fc.assert(
      fc.property(hostileKey, fc.oneof(fc.string({ maxLength: 60 }), fc.constant(URL_OK)), (key, url) => {
        const res = parseMediaQuery(new URLSearchParams({ k: key, u: url, v: 'full' }));
        if (!res.ok) return;
        expect(res.request.key).not.toMatch(/[/\\%~]|\.\./);
        expect([...res.request.key].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
        expect(new URL(res.request.url).protocol).toMatch(/^https?:$/);
      }),
      { numRuns: 2000 },
    );
  });
});
