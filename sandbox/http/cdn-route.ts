/**
 * The CDN: signed, expiring media URLs (`/cdn/{ig,fb,pic,att}/{key}.{jpg,webm}?oh=…&oe=…`), generated JPEGs at the
 * asked width, the WebM clip with byte ranges (RFC 9110 §14), and uploaded photos served back. CDN faults only match
 * patterns starting with `/cdn`.
 */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { videoClip } from '../cdn.js';
import { type SandboxCore } from '../server.js';

/** Answers one CDN request. */
export function serveCdn(
  core: SandboxCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  q: URLSearchParams,
): void {
  const now = core.now();
  const fired = core.faults.fire(req.method ?? 'GET', path, { cdn: true });
  if (fired.some((f) => f.kind === 'reset')) return void req.socket.destroy();
  if (fired.some((f) => f.kind === 'http-500')) return void res.writeHead(500).end();
  const problem = core.signer.verify(path, q, now);
  if (problem) {
    res.writeHead(403, { 'content-type': 'text/plain' });
    return void res.end(problem);
  }
  const m = /^\/cdn\/(ig|fb|pic|att)\/([A-Za-z0-9_-]+)\.(jpg|webm)$/.exec(path);
  if (!m) return void res.writeHead(404).end();
  const key = m[2] as string;
  const common = {
    'cache-control': 'max-age=1209600, no-transform',
    'access-control-allow-origin': '*',
    'timing-allow-origin': '*',
  };
  if (m[3] === 'webm') {
    const clip = videoClip();
    const range = req.headers.range ? /^bytes=(\d*)-(\d*)$/.exec(req.headers.range) : null;
    if (range) {
      let start = range[1] ? Number(range[1]) : clip.length - Number(range[2]);
      let end = range[1] && range[2] ? Number(range[2]) : clip.length - 1;
      if (!range[1] && range[2]) end = clip.length - 1;
      start = Math.max(0, start);
      end = Math.min(end, clip.length - 1);
      if (start > end || start >= clip.length) {
        res.writeHead(416, { 'content-range': `bytes */${clip.length}` });
        return void res.end();
      }
      res.writeHead(206, {
        ...common,
        'content-type': 'video/webm',
        'accept-ranges': 'bytes',
        'content-range': `bytes ${start}-${end}/${clip.length}`,
        'content-length': String(end - start + 1),
      });
      return void res.end(clip.subarray(start, end + 1));
    }
    res.writeHead(200, {
      ...common,
      'content-type': 'video/webm',
      'accept-ranges': 'bytes',
      'content-length': String(clip.length),
    });
    return void res.end(clip);
  }
  const upload = m[1] === 'fb' ? core.uploads.get(key) : undefined;
  if (upload) {
    res.writeHead(200, {
      ...common,
      'content-type': upload.type,
      'content-length': String(upload.data.length),
    });
    return void res.end(upload.data);
  }
  const w = Number(q.get('w'));
  const size =
    Number.isFinite(w) && w > 0 ? Math.max(16, Math.min(1080, Math.round(w))) : m[1] === 'pic' ? 200 : 640;
  const img = core.images.get(`${core.opts.seed}:${key}`, size);
  res.writeHead(200, { ...common, 'content-type': 'image/jpeg', 'content-length': String(img.length) });
  res.end(img);
}
