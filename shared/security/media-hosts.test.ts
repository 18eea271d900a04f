import { describe, expect, it } from 'vitest';
import { isAllowedMediaUpstream, META_MEDIA_DOMAINS } from './media-hosts';
import { isMetaOwnedHost } from './meta-hosts';

const SANDBOX = 'http://127.0.0.1:4567';

describe('isAllowedMediaUpstream', () => {
  it.each([
    // Meta's CDNs and sites, over https (what Graph puts in media_url, full_picture, image_data…).
    ['https://scontent-ams2-1.cdninstagram.com/v/t51/1.jpg?oh=1&oe=2', true],
    ['https://scontent.xx.fbcdn.net/v/t39/2.jpg', true],
    ['https://video.xx.fbcdn.net/v/t42/3.mp4', true],
    ['https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=3', true],
    ['https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=4', true],
    ['https://lookaside.facebook.com/seen/5', true],
    ['https://www.instagram.com/p/6/media', true],
    ['https://fbcdn.net/a.jpg', true],
    ['https://SCONTENT.XX.FBCDN.NET/v/7.jpg', true],
    // The sandbox of demo mode (or the Graph origin in use): exactly that origin, whatever its scheme.
    [`${SANDBOX}/cdn/ig/1.jpg`, true],
    // Everything else.
    ['http://scontent.xx.fbcdn.net/v/2.jpg', false],
    ['https://fbcdn.net.evil.com/a.jpg', false],
    ['https://evilfbcdn.net/a.jpg', false],
    ['https://user:pw@scontent.xx.fbcdn.net/a.jpg', false],
    ['https://user@scontent.xx.fbcdn.net/a.jpg', false],
    [`http://user:pw@127.0.0.1:4567/cdn/ig/1.jpg`, false],
    ['http://127.0.0.1:4568/cdn/ig/1.jpg', false],
    ['https://127.0.0.1:4567/cdn/ig/1.jpg', false],
    ['http://localhost:4567/cdn/ig/1.jpg', false],
    ['https://messenger.com/a.jpg', false],
    ['https://example.com/a.jpg', false],
    ['file:///etc/passwd', false],
    ['data:image/png;base64,AAAA', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedMediaUpstream(url, [SANDBOX])).toBe(allowed);
  });

  it('trusts no loopback origin unless it is given', () => {
    expect(isAllowedMediaUpstream(`${SANDBOX}/cdn/ig/1.jpg`)).toBe(false);
    expect(isAllowedMediaUpstream('https://scontent.xx.fbcdn.net/v/2.jpg')).toBe(true);
  });

  it('ignores extra origins that are not http(s) URLs', () => {
    expect(isAllowedMediaUpstream('file:///etc/passwd', ['file:///etc/passwd', 'garbage'])).toBe(false);
  });

  it('lists only domains Meta owns', () => {
    for (const d of META_MEDIA_DOMAINS) expect(isMetaOwnedHost(d)).toBe(true);
  });
});
