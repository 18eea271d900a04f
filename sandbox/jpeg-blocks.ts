/**
 * A tiny, fast baseline JPEG encoder for block-flat images: every 8×8 block has one colour, so only DC coefficients
 * are coded (AC = end-of-block). Output is a standard baseline JFIF (SOF0, 4:4:4, Huffman DC tables from ITU T.81
 * Annex K.3) that every decoder reads; encoding a 640×640 image takes about a millisecond instead of hundreds with a
 * general-purpose encoder.
 */

/** Canonical Huffman codes from a BITS/HUFFVAL spec: symbol → [code, length]. */
function huffman(bits: number[], vals: number[]): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < (bits[len - 1] ?? 0); i++) out.set(vals[k++] as number, [code++, len]);
    code <<= 1;
  }
  return out;
}

const DC_LUMA_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_BITS = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** AC table with the single symbol 0x00 (EOB), code `0`. */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALS = [0];
const DC_LUMA = huffman(DC_LUMA_BITS, DC_VALS);
const DC_CHROMA = huffman(DC_CHROMA_BITS, DC_VALS);
/** Quantizer 8 everywhere: a flat block of level-shifted value v has DC coefficient 8v, so the coded DC is v. */
const Q = 8;

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;

  put(code: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((code >>> i) & 1);
      if (++this.n === 8) {
        this.bytes.push(this.acc);
        if (this.acc === 0xff) this.bytes.push(0); // byte stuffing
        this.acc = 0;
        this.n = 0;
      }
    }
  }

  finish(): number[] {
    if (this.n > 0) this.put((1 << (8 - this.n)) - 1, 8 - this.n); // pad with 1s
    return this.bytes;
  }
}

function segment(marker: number, payload: number[]): number[] {
  const len = payload.length + 2;
  return [0xff, marker, len >> 8, len & 255, ...payload];
}

/**
 * Encodes a `width`×`height` JPEG whose 8×8 block (bx, by) has colour `colorAt(bx, by)` ([r, g, b], 0–255).
 */
export function encodeBlockJpeg(
  width: number,
  height: number,
  colorAt: (bx: number, by: number) => [number, number, number],
): Buffer {
  const bw = Math.ceil(width / 8);
  const bh = Math.ceil(height / 8);
  const head: number[] = [0xff, 0xd8];
  head.push(...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const qt = new Array<number>(64).fill(Q);
  head.push(...segment(0xdb, [0x00, ...qt, 0x01, ...qt]));
  head.push(
    ...segment(0xc0, [
      8,
      height >> 8,
      height & 255,
      width >> 8,
      width & 255,
      3,
      1,
      0x11,
      0,
      2,
      0x11,
      1,
      3,
      0x11,
      1,
    ]),
  );
  head.push(
    ...segment(0xc4, [
      0x00,
      ...DC_LUMA_BITS,
      ...DC_VALS,
      0x10,
      ...AC_BITS,
      ...AC_VALS,
      0x01,
      ...DC_CHROMA_BITS,
      ...DC_VALS,
      0x11,
      ...AC_BITS,
      ...AC_VALS,
    ]),
  );
  head.push(...segment(0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]));
  const w = new BitWriter();
  const prev = [0, 0, 0];
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const [r, g, b] = colorAt(bx, by);
      const ycc = [
        0.299 * r + 0.587 * g + 0.114 * b,
        -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
        0.5 * r - 0.418688 * g - 0.081312 * b + 128,
      ];
      for (let c = 0; c < 3; c++) {
        const v = Math.max(-128, Math.min(127, Math.round((ycc[c] as number) - 128)));
        const dc = Math.round((8 * v) / Q);
        const diff = dc - (prev[c] as number);
        prev[c] = dc;
        const mag = Math.abs(diff);
        const cat = mag === 0 ? 0 : 32 - Math.clz32(mag);
        const [code, len] = (c === 0 ? DC_LUMA : DC_CHROMA).get(cat) as [number, number];
        w.put(code, len);
        if (cat > 0) w.put(diff >= 0 ? diff : diff + (1 << cat) - 1, cat);
        w.put(0, 1); // EOB
      }
    }
  }
  return Buffer.from([...head, ...w.finish(), 0xff, 0xd9]);
}
