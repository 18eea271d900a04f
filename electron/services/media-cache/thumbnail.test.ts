import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { makeJpeg } from '../../test/media-upstream';
import { boxDownscale, makeThumbnail, sniffMime } from './thumbnail';

describe('boxDownscale', () => {
  it('averages each source block into one pixel', () => {
    // 4×2 RGBA → 2×1: left block is black+white pairs, right block all 100.
    const px = (v: number) => [v, v, v, 255];
    const src = Uint8Array.from([
      ...px(0),
      ...px(255),
      ...px(100),
      ...px(100),
      ...px(255),
      ...px(0),
      ...px(100),
      ...px(100),
    ]);
    expect([...boxDownscale(src, 4, 2, 2, 1)]).toEqual([128, 128, 128, 255, 100, 100, 100, 255]);
  });

  it('covers every source pixel exactly once for uneven ratios', () => {
    const w = 7;
    const h = 5;
    const src = new Uint8Array(w * h * 4).fill(200);
    const out = boxDownscale(src, w, h, 3, 2);
    expect(out.length).toBe(3 * 2 * 4);
    expect([...out].every((v) => v === 200)).toBe(true);
  });
});

// jpeg-js is plain JavaScript: seconds, not milliseconds, on a busy 2-core machine.
describe('makeThumbnail', { timeout: 30_000 }, () => {
  it('fits the longest side into the requested size and keeps the aspect ratio', () => {
    const thumb = makeThumbnail(makeJpeg(600, 300), 120);
    expect(thumb).not.toBeNull();
    const d = jpeg.decode(thumb!);
    expect([d.width, d.height]).toEqual([120, 60]);
  });

  it('returns null for images already small enough, non-JPEGs and corrupt JPEGs', () => {
    expect(makeThumbnail(makeJpeg(100, 80), 120)).toBeNull();
    expect(makeThumbnail(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 120)).toBeNull();
    expect(
      makeThumbnail(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 7)]), 120),
    ).toBeNull();
  });

  it('refuses JPEGs whose declared resolution exceeds the decoder limit instead of allocating for them', () => {
    // A valid 64×64 JPEG whose SOF0 header is patched to claim 8000×8000: 64 MP, above our 40 MP limit but below
    // jpeg-js's own 100 MP default, so this fails if the limit is not passed to the decoder.
    const img = Buffer.from(makeJpeg(64, 64));
    const sof = img.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    img.writeUInt16BE(8000, sof + 5);
    img.writeUInt16BE(8000, sof + 7);
    expect(makeThumbnail(img, 120)).toBeNull();
  });
});

describe('sniffMime', () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
    [[...Buffer.from('GIF89a')], 'image/gif'],
    [[...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP')], 'image/webp'],
    [[0x1a, 0x45, 0xdf, 0xa3], 'video/webm'],
    [[0, 0, 0, 0x20, ...Buffer.from('ftypisom')], 'video/mp4'],
    [[...Buffer.from('<html>')], null],
  ])('%j → %s', (bytes, mime) => {
    expect(sniffMime(Uint8Array.from(bytes))).toBe(mime);
  });
});
