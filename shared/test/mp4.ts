// A minimal, well-formed MP4 for tests: ftyp, an mdat of filler bytes, then moov (mvhd + one trak with tkhd) at the
// end, as a camera writes it. Box layout per ISO/IEC 14496-12 (§4.2 box, §8.2.2 mvhd v0, §8.3.2 tkhd v0).

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, body]);
}

/** An MP4 of `durationMs` at `width`×`height` with `mdatBytes` of media data before the moov box. */
export function makeMp4(opts: {
  durationMs: number;
  width: number;
  height: number;
  mdatBytes?: number;
  brand?: string;
}) {
  const ftyp = box('ftyp', Buffer.from(`${opts.brand ?? 'isom'}\0\0\0\0isomavc1`, 'latin1'));
  const mdat = box('mdat', Buffer.alloc(opts.mdatBytes ?? 1024, 7));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12); // timescale: ms
  mvhd.writeUInt32BE(opts.durationMs, 16);
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt16BE(opts.width, 76);
  tkhd.writeUInt16BE(opts.height, 80);
  const moov = box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd)));
  return Buffer.concat([ftyp, mdat, moov]);
}
