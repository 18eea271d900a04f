/** The block JPEG encoder produces standard baseline JPEGs whose decoded pixels match the requested colours. */
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { renderJpeg } from './cdn.js';
import { encodeBlockJpeg } from './jpeg-blocks.js';

describe('encodeBlockJpeg', () => {
  it('decodes to the block colours (within YCbCr rounding)', () => {
    const colors: [number, number, number][] = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 255],
      [0, 0, 0],
      [18, 200, 140],
    ];
    const img = encodeBlockJpeg(
      24,
      20,
      (bx, by) => colors[(bx + by * 3) % colors.length] as [number, number, number],
    );
    expect(img.subarray(0, 2).toString('hex')).toBe('ffd8');
    expect(img.subarray(-2).toString('hex')).toBe('ffd9');
    const d = jpeg.decode(img, { useTArray: true });
    expect([d.width, d.height]).toEqual([24, 20]);
    for (let by = 0; by < 3; by++) {
      for (let bx = 0; bx < 3; bx++) {
        const want = colors[(bx + by * 3) % colors.length] as number[];
        const y = Math.min(19, by * 8 + 4);
        const o = (y * 24 + bx * 8 + 4) * 4;
        for (let c = 0; c < 3; c++)
          expect(
            Math.abs((d.data[o + c] as number) - (want[c] as number)),
            `block ${bx},${by} channel ${c}`,
          ).toBeLessThanOrEqual(3);
      }
    }
  });

  it('renders deterministic, key-dependent images of the requested size', () => {
    const a = renderJpeg('42:123', 64);
    expect(renderJpeg('42:123', 64).equals(a)).toBe(true);
    expect(renderJpeg('42:124', 64).equals(a)).toBe(false);
    const d = jpeg.decode(renderJpeg('x', 37));
    expect([d.width, d.height]).toEqual([37, 37]);
  });
});
