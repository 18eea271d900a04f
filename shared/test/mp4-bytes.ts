// A minimal, well-formed MP4 for tests: ftyp, an mdat of filler bytes, then moov (mvhd + one trak with tkhd) at the
// end, as a camera writes it. Box layout per ISO/IEC 14496-12 (§4.2 box, §8.2.2 mvhd v0, §8.3.2 tkhd v0). Plain
// bytes (no Node Buffer), so the test build's page hook can make the same file the Node tests do.

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const body = concat(payload);
  const head = new Uint8Array(8);
  new DataView(head.buffer).setUint32(0, 8 + body.length);
  for (let i = 0; i < 4; i++) head[4 + i] = type.charCodeAt(i);
  return concat([head, body]);
}

/** An MP4 of `durationMs` at `width`×`height` with `mdatBytes` of media data before the moov box. */
export function makeMp4Bytes(opts: {
  durationMs: number;
  width: number;
  height: number;
  mdatBytes?: number;
  brand?: string;
}): Uint8Array {
  const brand = `${opts.brand ?? 'isom'}\0\0\0\0isomavc1`;
  const ftyp = box(
    'ftyp',
    Uint8Array.from(brand, (c) => c.charCodeAt(0)),
  );
  const mdat = box('mdat', new Uint8Array(opts.mdatBytes ?? 1024).fill(7));
  const mvhd = new Uint8Array(100);
  const mv = new DataView(mvhd.buffer);
  mv.setUint32(12, 1000); // timescale: ms
  mv.setUint32(16, opts.durationMs);
  const tkhd = new Uint8Array(84);
  const tk = new DataView(tkhd.buffer);
  tk.setUint16(76, opts.width);
  tk.setUint16(80, opts.height);
  const moov = box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd)));
  return concat([ftyp, mdat, moov]);
}
