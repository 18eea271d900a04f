// The update feed rule, table-driven: which addresses a release may point electron-updater at.
import { describe, expect, it } from 'vitest';
import { UPDATE_FEED_PLACEHOLDER, updateFeedProblem, type UpdateFeedProblem } from './update-feed';

const cases: Array<[string | undefined | null, UpdateFeedProblem | null]> = [
  ['https://updates.example.com/duet/', null],
  ['https://downloads.example.org/releases/duet', null],
  ['HTTPS://Updates.Example.COM/duet/', null],
  ['https://updates.example.com:8443/duet/', null],
  [undefined, 'missing'],
  [null, 'missing'],
  ['', 'missing'],
  ['   ', 'missing'],
  [UPDATE_FEED_PLACEHOLDER, 'placeholder'],
  ['https://updates.duet.invalid/other/', 'placeholder'],
  ['https://feed.invalid./', 'placeholder'],
  ['not a url', 'invalid'],
  ['/relative/feed/', 'invalid'],
  ['http://updates.example.com/duet/', 'not-https'],
  ['ftp://updates.example.com/duet/', 'not-https'],
  ['file:///srv/duet/', 'not-https'],
  ['https://user:secret@updates.example.com/duet/', 'credentials'],
  ['https://token@updates.example.com/duet/', 'credentials'],
  ['https://www.facebook.com/duet/', 'meta-host'],
  ['https://facebook.com./duet/', 'meta-host'],
  ['https://scontent.xx.fbcdn.net/v/latest.yml', 'meta-host'],
  ['https://cdn.fbsbx.com/v/t59/latest.yml', 'meta-host'],
  ['https://www.instagram.com/duet/', 'meta-host'],
  ['https://scontent.cdninstagram.com/duet/', 'meta-host'],
  ['https://graph.facebook.com/v23.0/', 'meta-host'],
  ['https://www.messenger.com/', 'meta-host'],
  ['https://about.meta.com/', 'meta-host'],
  ['https://fb.com/', 'meta-host'],
  // Look-alikes are not Meta's and are judged like any other host.
  ['https://notfacebook.com/duet/', null],
  ['https://facebook.com.example.net/duet/', null],
];

describe('updateFeedProblem', () => {
  it.each(cases)('%s → %s', (url, expected) => {
    expect(updateFeedProblem(url)).toBe(expected);
  });

  it('refuses the placeholder the build falls back to, so a build without a feed never checks', () => {
    expect(updateFeedProblem(UPDATE_FEED_PLACEHOLDER)).toBe('placeholder');
    expect(new URL(UPDATE_FEED_PLACEHOLDER).protocol).toBe('https:');
  });
});
