import { describe, expect, it } from 'vitest';
import { isMetaOwnedHost } from './meta-hosts';

describe('isMetaOwnedHost', () => {
  it.each([
    ['graph.facebook.com', true],
    ['FACEBOOK.COM', true],
    ['www.facebook.com.', true],
    ['scontent-ams2-1.xx.fbcdn.net', true],
    ['cdn.fbsbx.com', true],
    ['scontent.cdninstagram.com', true],
    ['l.messenger.com', true],
    ['notfacebook.com', false],
    ['facebook.com.evil.example', false],
    ['updates.example.com', false],
    ['127.0.0.1', false],
  ])('%s → %s', (host, meta) => {
    expect(isMetaOwnedHost(host)).toBe(meta);
  });
});
