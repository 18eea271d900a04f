// A minimal, well-formed MP4 for Node tests (a Buffer, as Playwright's setInputFiles and the host take it); the bytes
// are made by ./mp4-bytes.ts, which the test build's page hook uses too.
import { makeMp4Bytes } from './mp4-bytes';

export { makeMp4Bytes };

/** An MP4 of `durationMs` at `width`×`height` with `mdatBytes` of media data before the moov box. */
export function makeMp4(opts: Parameters<typeof makeMp4Bytes>[0]): Buffer {
  const bytes = makeMp4Bytes(opts);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
