import jpeg from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBlob, makeJpeg } from '../../test/media-upstream';
import { makeThumbnail } from './thumbnail';
import { createWorkerThumbnailer, inProcessThumbnailer, type Thumbnailer } from './thumbnail-worker';

const made: Thumbnailer[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((t) => t.close()));
});

function worker(): Thumbnailer {
  const t = createWorkerThumbnailer();
  made.push(t);
  return t;
}

/** Which settles first: the thumbnail, or a callback queued on the event loop right after asking for it. */
async function order(t: Thumbnailer, src: Buffer): Promise<string[]> {
  const seen: string[] = [];
  const result = t.make(src, 120).then(() => seen.push('thumbnail'));
  setImmediate(() => seen.push('event loop turned'));
  await result;
  await new Promise((r) => setImmediate(r));
  return seen;
}

describe('worker thumbnailer', { timeout: 30_000 }, () => {
  it('produces exactly the in-process thumbnail', async () => {
    const src = makeJpeg(400, 300);
    const out = await worker().make(src, 120);
    expect(out).not.toBeNull();
    expect(out!.equals(makeThumbnail(src, 120)!)).toBe(true);
    expect(jpeg.decode(out!).width).toBe(120);
  });

  it('keeps the host event loop turning while it decodes (unlike the in-process one)', async () => {
    const src = makeJpeg(400, 300);
    expect(await order(worker(), src)).toEqual(['event loop turned', 'thumbnail']);
    expect(await order(inProcessThumbnailer(), src)).toEqual(['thumbnail', 'event loop turned']);
  });

  it('answers null for non-JPEG, small and corrupt input, and keeps working afterwards', async () => {
    const t = worker();
    expect(await t.make(makeBlob(100, 'png'), 120)).toBeNull();
    expect(await t.make(makeJpeg(100, 50), 120)).toBeNull();
    expect(
      await t.make(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 9)]), 120),
    ).toBeNull();
    const ok = await t.make(makeJpeg(300, 300), 120);
    expect(jpeg.decode(ok!).width).toBe(120);
  });

  it('serves many concurrent jobs, each with its own answer', async () => {
    const t = worker();
    const sizes = [200, 240, 280, 320];
    const outs = await Promise.all(sizes.map((s) => t.make(makeJpeg(s, s / 2), 100)));
    expect(outs.map((o) => jpeg.decode(o!).height)).toEqual([50, 50, 50, 50]);
  });
});
