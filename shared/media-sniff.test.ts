import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { sniffBytes, sniffMedia } from './media-sniff';
import { makeMp4 } from './test/mp4';

const jpg = (w: number, h: number) =>
  Buffer.from(jpeg.encode({ data: Buffer.alloc(w * h * 4, 90), width: w, height: h }, 80).data);

/** A PNG signature + IHDR of the given size (the rest of the file does not matter to the sniffer). */
function pngHead(w: number, h: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'ascii');
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return b;
}

describe('sniffing media from its bytes', () => {
  it('reads a JPEG’s and a PNG’s pixel size', () => {
    expect(sniffBytes(jpg(40, 24))).toEqual({ kind: 'image', mime: 'image/jpeg', width: 40, height: 24 });
    expect(sniffBytes(pngHead(1080, 1350))).toEqual({
      kind: 'image',
      mime: 'image/png',
      width: 1080,
      height: 1350,
    });
  });

  it('refuses an executable, a script and a truncated JPEG whatever they are called', () => {
    expect(sniffBytes(Buffer.from('MZ\x90\x00\x03\x00\x00\x00 program'))).toBeNull();
    expect(sniffBytes(Buffer.from('\x7fELF\x02\x01\x01'))).toBeNull();
    expect(sniffBytes(Buffer.from('<script>alert(1)</script>'))).toBeNull();
    expect(sniffBytes(jpg(8, 8).subarray(0, 10))).toBeNull();
    expect(sniffBytes(Buffer.alloc(0))).toBeNull();
  });

  it('reads an MP4’s duration and size with moov after the media data, through bounded reads', async () => {
    const file = makeMp4({ durationMs: 12_345, width: 1080, height: 1920, mdatBytes: 200_000 });
    const reads: number[] = [];
    const read = async (o: number, n: number) => {
      reads.push(n);
      return file.subarray(o, o + n);
    };
    expect(await sniffMedia(read, file.length)).toEqual({
      kind: 'video',
      mime: 'video/mp4',
      width: 1080,
      height: 1920,
      durationMs: 12_345,
    });
    // Never the whole file at once: the head, box headers, then the moov box.
    expect(Math.max(...reads)).toBeLessThanOrEqual(64 * 1024);
    expect(sniffBytes(makeMp4({ durationMs: 1000, width: 2, height: 2, brand: 'qt  ' }))?.mime).toBe(
      'video/quicktime',
    );
  });

  it('refuses an MP4 with a box whose size is absurd or with no moov', async () => {
    const file = makeMp4({ durationMs: 1000, width: 2, height: 2 });
    const broken = Buffer.from(file);
    broken.writeUInt32BE(3, 24 + 0); // the mdat box claims 3 bytes: smaller than its own header
    const read = (b: Buffer) => async (o: number, n: number) => b.subarray(o, o + n);
    expect(await sniffMedia(read(broken), broken.length)).toBeNull();
    const noMoov = file.subarray(0, file.length - 200);
    expect(await sniffMedia(read(noMoov), noMoov.length)).toBeNull();
  });
});
