// What a media file really is, read from its bytes (never its name or declared type): JPEG and PNG with their pixel
// size, MP4/QuickTime with duration and video size read from the `moov` box. Pure functions over byte ranges, so the
// host can sniff a temp file without reading a whole video into memory and the sandbox can check an upload.
// Formats: JPEG (ITU T.81 §B.1.1.3 markers, SOFn frame header), PNG (RFC 2083 §3.2 signature, IHDR),
// ISO BMFF / QuickTime (ISO/IEC 14496-12 §4.2 boxes, §8.2.2 mvhd, §8.3.2 tkhd).

/** What the bytes are. */
export type Sniffed =
  | { kind: 'image'; mime: 'image/jpeg' | 'image/png'; width: number; height: number }
  | {
      kind: 'video';
      mime: 'video/mp4' | 'video/quicktime';
      width: number;
      height: number;
      durationMs: number;
    };

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

const u16 = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const u32 = (b: Uint8Array, i: number) =>
  (((b[i] ?? 0) << 24) >>> 0) + (u16(b, i + 1) << 8) + (b[i + 3] ?? 0);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** A JPEG's size from its first SOFn marker (baseline, progressive…); null when it is no well-formed JPEG. */
function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    const len = u16(b, i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = u16(b, i + 5);
      const width = u16(b, i + 7);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (marker === 0xd9 || marker === 0xda) return null;
    i += 2 + len;
  }
  return null;
}

/** Sniffs an image from its first bytes (64 KiB are plenty for the JPEG frame header). */
export function sniffImage(head: Uint8Array): Sniffed | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    const size = jpegSize(head);
    return size ? { kind: 'image', mime: 'image/jpeg', ...size } : null;
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.every((v, i) => head[i] === v) && ascii(head, 12, 4) === 'IHDR') {
    const width = u32(head, 16);
    const height = u32(head, 20);
    return width > 0 && height > 0 ? { kind: 'image', mime: 'image/png', width, height } : null;
  }
  return null;
}

/** Most bytes of a `moov` box Duet reads (its sample tables can be large; the headers come first). */
const MOOV_READ_MAX = 4 * 1024 * 1024;

/** Boxes inside `b` from `start` to `end`: type, payload start and end. */
function* boxes(b: Uint8Array, start: number, end: number) {
  let i = start;
  while (i + 8 <= end) {
    let size = u32(b, i);
    const type = ascii(b, i + 4, 4);
    let header = 8;
    if (size === 1) {
      size = u32(b, i + 8) * 2 ** 32 + u32(b, i + 12);
      header = 16;
    } else if (size === 0) size = end - i;
    if (size < header) return;
    yield { type, start: i + header, end: Math.min(end, i + size) };
    i += size;
  }
}

/** Duration and the largest track size from a `moov` box's payload. */
function moovInfo(b: Uint8Array): { durationMs: number; width: number; height: number } | null {
  let durationMs = -1;
  let width = 0;
  let height = 0;
  for (const box of boxes(b, 0, b.length)) {
    if (box.type === 'mvhd') {
      const v1 = b[box.start] === 1;
      const timescale = u32(b, box.start + (v1 ? 20 : 12));
      const duration = v1
        ? u32(b, box.start + 24) * 2 ** 32 + u32(b, box.start + 28)
        : u32(b, box.start + 16);
      if (timescale > 0) durationMs = Math.round((duration / timescale) * 1000);
    }
    if (box.type === 'trak') {
      for (const t of boxes(b, box.start, box.end)) {
        if (t.type !== 'tkhd') continue;
        const v1 = b[t.start] === 1;
        // width/height are 16.16 fixed point at the end of tkhd.
        const at = t.start + (v1 ? 88 : 76);
        const w = u16(b, at);
        const h = u16(b, at + 4);
        if (w * h > width * height) {
          width = w;
          height = h;
        }
      }
    }
  }
  return durationMs >= 0 ? { durationMs, width, height } : null;
}

/**
 * Sniffs a whole file of `size` bytes through `read`: an image from its head, a video by walking its top-level
 * boxes (`ftyp` first, then `moov` wherever it is). Null when it is neither a supported image nor a video.
 */
export async function sniffMedia(read: ReadAt, size: number): Promise<Sniffed | null> {
  const head = await read(0, Math.min(size, 64 * 1024));
  const image = sniffImage(head);
  if (image) return image;
  if (size < 16 || ascii(head, 4, 4) !== 'ftyp') return null;
  const brand = ascii(head, 8, 4);
  const mime = brand === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  let at = 0;
  for (let n = 0; n < 1000 && at + 8 <= size; n++) {
    const h = await read(at, 16);
    let boxSize = u32(h, 0);
    const type = ascii(h, 4, 4);
    let header = 8;
    if (boxSize === 1) {
      boxSize = u32(h, 8) * 2 ** 32 + u32(h, 12);
      header = 16;
    } else if (boxSize === 0) boxSize = size - at;
    if (boxSize < header) return null;
    if (type === 'moov') {
      const body = await read(at + header, Math.min(boxSize - header, MOOV_READ_MAX));
      const info = moovInfo(body);
      return info ? { kind: 'video', mime, ...info } : null;
    }
    at += boxSize;
  }
  return null;
}

/** Sniffs bytes held in memory (the sandbox's uploads, tests), synchronously. */
export function sniffBytes(bytes: Uint8Array): Sniffed | null {
  const image = sniffImage(bytes.subarray(0, 64 * 1024));
  if (image) return image;
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') return null;
  const mime = ascii(bytes, 8, 4) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  for (const box of boxes(bytes, 0, bytes.length)) {
    if (box.type !== 'moov') continue;
    const info = moovInfo(bytes.subarray(box.start, box.end));
    return info ? { kind: 'video', mime, ...info } : null;
  }
  return null;
}
