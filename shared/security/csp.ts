/**
 * The renderer's Content-Security-Policy: no inline or eval'd script, media only from the app itself or the media
 * cache scheme. Sent as a header by both hosts and embedded as a meta tag by the build.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: duet-media:",
  "media-src 'self' blob: duet-media:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
