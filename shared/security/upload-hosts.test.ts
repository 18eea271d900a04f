import { describe, expect, it } from 'vitest';
import { isAllowedUploadUrl } from './upload-hosts';

describe('where a video’s bytes (and the Page token) may go', () => {
  it.each([
    ['https://rupload.facebook.com/ig-api-upload/v27.0/1789', 'https://graph.facebook.com', true],
    ['https://rupload.facebook.com:443/video-upload/v27.0/1', 'https://graph.facebook.com', true],
    ['http://127.0.0.1:5555/rupload/ig-api-upload/v27.0/1', 'http://127.0.0.1:5555', true],
    ['http://rupload.facebook.com/x', 'https://graph.facebook.com', false],
    ['https://rupload.facebook.com.evil.example/x', 'https://graph.facebook.com', false],
    ['https://evil.example/rupload/x', 'https://graph.facebook.com', false],
    ['https://user:pw@rupload.facebook.com/x', 'https://graph.facebook.com', false],
    ['https://rupload.facebook.com:8443/x', 'https://graph.facebook.com', false],
    ['http://127.0.0.1:5556/rupload/x', 'http://127.0.0.1:5555', false],
    ['http://127.0.0.1:5555/v27.0/me', 'http://127.0.0.1:5555', false],
    ['not a url', 'https://graph.facebook.com', false],
  ])('%s (Graph at %s) → %s', (url, base, allowed) => {
    expect(isAllowedUploadUrl(url, base)).toBe(allowed);
  });
});
