/**
 * CDN-like media: deterministic JPEGs and an embedded WebM, behind signed, expiring URLs
 * (`oh` = signature, `oe` = hex expiry in seconds, like Instagram's scontent URLs; expired → 403).
 * Instagram notes media_url may expire: https://developers.facebook.com/docs/instagram-platform/reference/instagram-media
 */
import { createHmac } from 'node:crypto';
import { VIDEO_WEBM_BASE64 } from './assets/video-webm.js';
import { encodeBlockJpeg } from './jpeg-blocks.js';
import { hash32 } from './rng.js';

/** Default URL lifetime: one hour of sandbox time. */
export const DEFAULT_URL_TTL_MS = 3_600_000;
const BUCKET_MS = 5 * 60_000;

/** Signs and verifies media URLs. */
export class UrlSigner {
  /** Creates a signer with a secret and URL lifetime. */
  constructor(
    private readonly secret: string,
    public ttlMs: number = DEFAULT_URL_TTL_MS,
  ) {}

  private sig(path: string, oe: string): string {
    return createHmac('sha256', this.secret).update(`${path}|${oe}`).digest('hex').slice(0, 32);
  }

  /** A signed absolute URL for `path` (e.g. `/cdn/ig/123.jpg`); expiry rounded to 5 min so bodies stay stable. */
  sign(origin: string, path: string, now: number): string {
    const expires = Math.floor(now / BUCKET_MS) * BUCKET_MS + this.ttlMs;
    const oe = Math.floor(expires / 1000)
      .toString(16)
      .toUpperCase();
    return `${origin}${path}?_nc_ht=sandbox&oh=00_${this.sig(path, oe)}&oe=${oe}`;
  }

  /** Checks a request; returns an error text or undefined when valid. */
  verify(path: string, query: URLSearchParams, now: number): string | undefined {
    const oe = query.get('oe');
    const oh = query.get('oh');
    if (!oe || !oh || oh !== `00_${this.sig(path, oe)}`) return 'Bad URL hash';
    if (parseInt(oe, 16) * 1000 <= now) return 'URL signature expired';
    return undefined;
  }
}

/** Bounded LRU of encoded images. */
export class ImageCache {
  private readonly map = new Map<string, Buffer>();

  /** Creates a cache holding at most `max` images. */
  constructor(private readonly max = 96) {}

  /** The JPEG for `key` at `size` px square, generated deterministically on a miss. */
  get(key: string, size: number): Buffer {
    const k = `${key}@${size}`;
    const hit = this.map.get(k);
    if (hit) {
      this.map.delete(k);
      this.map.set(k, hit);
      return hit;
    }
    const img = renderJpeg(key, size);
    this.map.set(k, img);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return img;
  }

  /** Number of cached images. */
  get size(): number {
    return this.map.size;
  }
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Renders a gradient with a circle and diagonal stripes (in 8-px blocks), all derived from `key`. */
export function renderJpeg(key: string, size: number): Buffer {
  const h = hash32(key);
  const c1 = hsl(h % 360, 0.65, 0.55);
  const c2 = hsl((h >>> 9) % 360, 0.7, 0.35);
  const c3 = hsl((h >>> 18) % 360, 0.8, 0.7);
  const blocks = Math.ceil(size / 8);
  const cx = blocks * (0.25 + ((h >>> 3) % 50) / 100);
  const cy = blocks * (0.25 + ((h >>> 11) % 50) / 100);
  const r2 = (blocks * (0.12 + ((h >>> 5) % 15) / 100)) ** 2;
  const stripe = 2 + ((h >>> 7) % 4);
  return encodeBlockJpeg(size, size, (bx, by) => {
    const x = bx + 0.5;
    const y = by + 0.5;
    if ((x - cx) ** 2 + (y - cy) ** 2 < r2) return c3;
    const t = (bx + by) / (2 * blocks);
    const shade = Math.floor((bx - by + blocks) / stripe) % 5 === 0 ? 0.85 : 1;
    return [
      (c1[0] * (1 - t) + c2[0] * t) * shade,
      (c1[1] * (1 - t) + c2[1] * t) * shade,
      (c1[2] * (1 - t) + c2[2] * t) * shade,
    ];
  });
}

let videoBytes: Buffer | undefined;

/** The embedded WebM clip (decoded once). */
export function videoClip(): Buffer {
  videoBytes ??= Buffer.from(VIDEO_WEBM_BASE64, 'base64');
  return videoBytes;
}
