// The `app://duet/` protocol: serves the built renderer (dist/renderer) with the strict CSP header, instead of
// `file://` (Electron security checklist item 18: file:// pages can read any other file:// URL). Nothing outside
// the renderer folder can be reached, however the path is spelled.
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { realPathInside, type RealPath } from '../services/fs/real-path';
import { RENDERER_CSP } from '../../shared/security/csp';
import { isAppUrl } from './security';

/** Content types of the files a Vite build emits. */
export const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Maps an `app://duet/…` URL to a file inside `root`, or null when the URL is not ours or could escape `root`:
 * `..`/`.` segments (also percent-encoded, e.g. `%2e%2e`), encoded slashes, backslashes, NUL bytes, drive letters
 * and anything that resolves outside `root`. `/` maps to index.html.
 */
export function resolveAppPath(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  // Parse the raw text ourselves as well: URL() already folds `..`, which would hide an attack instead of refusing it.
  const rawPath = url.replace(/^app:\/\/duet/i, '').split(/[?#]/)[0] ?? '';
  if (rawPath.includes('\\') || /%5c/i.test(rawPath)) return null;
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..' || /[/\\\0:]/.test(segment) || segment.includes('\u0000'))
      return null;
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : null;
}

/** Headers every response of the app protocol carries. */
function appResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  };
}

/** Dependencies of the app protocol handler (the file reader is replaceable in tests). */
export interface AppProtocolOptions {
  /** Absolute path of the built renderer (dist/renderer). */
  root: string;
  readFile?: (path: string) => Promise<Buffer>;
  /** Resolves symlinks (fs.realpath); replaceable in tests together with readFile. */
  realpath?: RealPath;
}

/** Creates the `protocol.handle('app', …)` handler: GET/HEAD of files under `root`, with the CSP header. */
export function createAppProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const read = opts.readFile ?? ((p: string) => fsReadFile(p));
  // resolveAppPath() checks the spelling of the path; the file's real path must also stay inside the real root.
  const inside = realPathInside(opts.root, opts.realpath);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { 'content-type': 'text/plain' } });
    }
    const file = resolveAppPath(opts.root, request.url);
    if (!file) return new Response('Bad path', { status: 400, headers: { 'content-type': 'text/plain' } });
    let body: Buffer;
    try {
      // Missing and escaping files answer the same 404: the response never says what exists outside.
      if (!(await inside(file))) throw new Error('outside the renderer folder');
      body = await read(file);
    } catch {
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: appResponseHeaders(file),
    });
  };
}
