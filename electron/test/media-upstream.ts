// A tiny real CDN stand-in on 127.0.0.1 for the media cache tests: JPEGs, fixed-size blobs, an expired URL, a slow
// response, redirects and a wrong content type. Counts requests per path so tests can assert what reached it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jpeg from 'jpeg-js';

/** A running upstream. */
export interface TestUpstream {
  origin: string;
  /** How many requests each path received. */
  count(pathname: string): number;
  /** Total requests received. */
  total(): number;
  /** Lets the held full-body answers of `/gated/…` go. */
  release(): void;
  close(): Promise<void>;
}

/** A deterministic JPEG of `width`×`height` (a gradient, so it compresses like a photo rather than a flat fill). */
export function makeJpeg(width: number, height: number, quality = 90): Buffer {
  const memo = `${width}x${height}@${quality}`;
  const known = jpegs.get(memo);
  if (known) return known;
  const data = Buffer.alloc(width * height * 4);
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[o++] = (x * 255) / width;
      data[o++] = (y * 255) / height;
      data[o++] = ((x ^ y) & 0xff) / 2;
      data[o++] = 255;
    }
  }
  const encoded = Buffer.from(jpeg.encode({ data, width, height }, quality).data);
  jpegs.set(memo, encoded);
  return encoded;
}
// jpeg-js is slow; tests ask for the same few sizes again and again.
const jpegs = new Map<string, Buffer>();

/** `size` bytes starting with the PNG signature, the rest derived from `seed` (so different blobs differ). */
export function makeBlob(size: number, seed: string): Buffer {
  const b = Buffer.alloc(size);
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  for (let i = 0; i < size; i++) {
    h = Math.imul(h ^ i, 16777619);
    b[i] = h >>> 24;
  }
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0, 0, Math.min(8, size));
  return b;
}

/**
 * Routes: `/jpeg/<name>?w=&h=` a JPEG; `/blob/<name>?size=` PNG-signed bytes; `/expired/<name>` 403 like an expired
 * CDN signature; `/slow/<name>?ms=&size=` a blob after a delay; `/redirect?to=<url>` a 302; `/html` a text/html page; `/error500/<name>` a 500;
 * `/corrupt.jpg` a JPEG signature followed by garbage; `/gated/<name>?size=` answers Range requests at once but holds
 * full-body answers until `release()`; anything else 404. `/blob/` and `/gated/` honour `Range: bytes=a-b|a-`.
 */
export async function startUpstream(): Promise<TestUpstream> {
  const counts = new Map<string, number>();
  let total = 0;
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
    total++;
    const num = (name: string, fallback: number): number => Number(url.searchParams.get(name) ?? fallback);
    const send = (type: string, body: Buffer): void => {
      res.writeHead(200, { 'content-type': type, 'content-length': body.length });
      res.end(body);
    };
    if (url.pathname.startsWith('/jpeg/')) return send('image/jpeg', makeJpeg(num('w', 800), num('h', 600)));
    const ranged = (type: string, body: Buffer): void => {
      // Just `bytes=a-b` and `bytes=a-`, enough for the pass-through tests.
      const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (!m) return send(type, body);
      const start = Number(m[1]);
      const end = Math.min(m[2] ? Number(m[2]) : body.length - 1, body.length - 1);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        res.end();
        return;
      }
      res.writeHead(206, {
        'content-type': type,
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${body.length}`,
      });
      res.end(body.subarray(start, end + 1));
    };
    if (url.pathname.startsWith('/blob/'))
      return ranged('image/png', makeBlob(num('size', 1000), url.pathname));
    if (url.pathname.startsWith('/gated/')) {
      const body = makeBlob(num('size', 1000), url.pathname);
      if (req.headers.range) return ranged('video/mp4', body);
      void released.then(() => send('video/mp4', body));
      return;
    }
    if (url.pathname.startsWith('/expired/')) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      return res.end('URL signature expired');
    }
    if (url.pathname.startsWith('/slow/')) {
      setTimeout(() => send('image/png', makeBlob(num('size', 1000), url.pathname)), num('ms', 150));
      return;
    }
    if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      return res.end();
    }
    if (url.pathname.startsWith('/error500/')) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('internal error');
    }
    if (url.pathname === '/html') return send('text/html', Buffer.from('<script>window.pwned = 1</script>'));
    if (url.pathname === '/corrupt.jpg') {
      return send(
        'image/jpeg',
        Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), makeBlob(5000, 'x').subarray(8)]),
      );
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    count: (p) => counts.get(p) ?? 0,
    total: () => total,
    release: () => release(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
