// Grid thumbnails: JPEGs decoded with jpeg-js, box-filtered down and re-encoded. Everything else passes through.
import jpeg from 'jpeg-js';

/** Default longest side of a thumbnail, in pixels (a grid cell at 2× density). */
export const DEFAULT_THUMB_SIZE = 360;
/** JPEG quality of re-encoded thumbnails. */
const THUMB_QUALITY = 75;
// Limits handed to jpeg-js so a hostile or huge JPEG cannot exhaust the host's memory (its defaults are 100 MP /
// 512 MB). Instagram serves at most 1440 px wide, so 40 MP leaves room for Facebook originals.
const MAX_RESOLUTION_MP = 40;
const MAX_MEMORY_MB = 256;

/** The MIME type of `bytes` from its magic number, or null when it is not a format the cache recognises. */
export function sniffMime(bytes: Uint8Array): string | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'image/gif';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm';
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp')
    return ascii(b, 8, 11) === 'qt ' ? 'video/quicktime' : 'video/mp4';
  return null;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

/** The part of jpeg-js the thumbnailer uses (passed in, so the same code runs in a worker thread). */
export interface JpegCodec {
  decode(
    bytes: Uint8Array,
    opts: { useTArray: true; formatAsRGBA: true; maxResolutionInMP: number; maxMemoryUsageInMB: number },
  ): { width: number; height: number; data: Uint8Array };
  encode(img: { data: Uint8Array; width: number; height: number }, quality: number): { data: Uint8Array };
}

/** Decoder limits and encoder quality for thumbnails. */
export interface ThumbLimits {
  maxResolutionInMP: number;
  maxMemoryUsageInMB: number;
  quality: number;
}

/** The limits used by default. */
export const THUMB_LIMITS: ThumbLimits = {
  maxResolutionInMP: MAX_RESOLUTION_MP,
  maxMemoryUsageInMB: MAX_MEMORY_MB,
  quality: THUMB_QUALITY,
};

/**
 * Makes the thumbnail of a picture: a JPEG no larger than `maxSide` on its longest side. Returns null when the
 * input should be served as is (not a JPEG, already small, corrupt, or beyond the decoder's safety limits).
 */
export function makeThumbnail(bytes: Uint8Array, maxSide: number = DEFAULT_THUMB_SIZE): Buffer | null {
  if (sniffMime(bytes) !== 'image/jpeg') return null;
  const out = thumbnailWith(jpeg, bytes, maxSide, THUMB_LIMITS);
  return out ? Buffer.from(out.buffer, out.byteOffset, out.byteLength) : null;
}

/**
 * The thumbnail pipeline (decode → box filter → encode) with the codec passed in. Self-contained apart from
 * boxDownscale/blockBounds: thumbnail-worker.ts ships these three functions' source to a worker thread.
 */
export function thumbnailWith(
  codec: JpegCodec,
  bytes: Uint8Array,
  maxSide: number,
  limits: ThumbLimits,
): Uint8Array | null {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = codec.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: limits.maxResolutionInMP,
      maxMemoryUsageInMB: limits.maxMemoryUsageInMB,
    });
  } catch {
    return null;
  }
  const width = decoded.width;
  const height = decoded.height;
  const data = decoded.data;
  if (width <= 0 || height <= 0 || data.length < width * height * 4) return null;
  const scale = Math.max(width, height) / maxSide;
  if (scale <= 1) return null;
  const outW = Math.max(1, Math.round(width / scale));
  const outH = Math.max(1, Math.round(height / scale));
  const pixels = boxDownscale(data, width, height, outW, outH);
  return codec.encode({ data: pixels, width: outW, height: outH }, limits.quality).data;
}

/** Area-average (box filter) downscale of RGBA pixels; each output pixel is the mean of its source block. */
export function boxDownscale(src: Uint8Array, w: number, h: number, outW: number, outH: number): Uint8Array {
  const xs = blockBounds(w, outW);
  const ys = blockBounds(h, outH);
  const out = new Uint8Array(outW * outH * 4);
  // One row of per-column channel sums, reused for each output row.
  const acc = new Float64Array(outW * 4);
  let o = 0;
  for (let oy = 0; oy < outH; oy++) {
    acc.fill(0);
    const y0 = ys[oy]!;
    const y1 = ys[oy + 1]!;
    for (let y = y0; y < y1; y++) {
      let p = y * w * 4;
      for (let ox = 0; ox < outW; ox++) {
        const x1 = xs[ox + 1]!;
        let r = 0;
        let g = 0;
        let b = 0;
        let a = 0;
        for (let x = xs[ox]!; x < x1; x++) {
          r += src[p]!;
          g += src[p + 1]!;
          b += src[p + 2]!;
          a += src[p + 3]!;
          p += 4;
        }
        const i = ox * 4;
        acc[i] = acc[i]! + r;
        acc[i + 1] = acc[i + 1]! + g;
        acc[i + 2] = acc[i + 2]! + b;
        acc[i + 3] = acc[i + 3]! + a;
      }
    }
    for (let ox = 0; ox < outW; ox++) {
      const n = (xs[ox + 1]! - xs[ox]!) * (y1 - y0);
      const i = ox * 4;
      out[o++] = Math.round(acc[i]! / n);
      out[o++] = Math.round(acc[i + 1]! / n);
      out[o++] = Math.round(acc[i + 2]! / n);
      out[o++] = Math.round(acc[i + 3]! / n);
    }
  }
  return out;
}

/** Splits `size` source pixels into `parts` contiguous, non-empty blocks; returns parts+1 boundaries. */
export function blockBounds(size: number, parts: number): Uint32Array {
  const bounds = new Uint32Array(parts + 1);
  for (let i = 0; i <= parts; i++) bounds[i] = Math.round((i * size) / parts);
  return bounds;
}
