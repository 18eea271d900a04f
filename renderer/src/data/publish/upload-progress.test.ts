import { describe, expect, it } from 'vitest';
import { createUploadProgress } from './upload-progress';

/** A manual clock and timer queue. */
function clock() {
  let t = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => void timers.push({ at: t + ms, fn }),
    advance(ms: number) {
      t += ms;
      for (const x of timers.splice(0).sort((a, b) => a.at - b.at))
        if (x.at <= t) x.fn();
        else timers.push(x);
    },
  };
}

const MB = 1024 * 1024;

describe('upload progress', () => {
  it('maps the renderer’s chunks and the host’s events of an upload to its target, and ignores other uploads', () => {
    const c = clock();
    const p = createUploadProgress({ ...c, intervalMs: 0 });
    p.begin('up_a', 'post1|instagram', 40 * MB);
    expect(p.get('post1|instagram')).toEqual({ phase: 'to-host', sentBytes: 0, totalBytes: 40 * MB });
    p.toHost('up_a', 12 * MB);
    expect(p.get('post1|instagram')).toMatchObject({ phase: 'to-host', sentBytes: 12 * MB });
    p.toMeta({ uploadId: 'up_a', sentBytes: 5 * MB, totalBytes: 40 * MB });
    expect(p.get('post1|instagram')).toEqual({ phase: 'to-meta', sentBytes: 5 * MB, totalBytes: 40 * MB });
    // An upload nobody began here (another window's, or a stale id) changes nothing.
    p.toMeta({ uploadId: 'up_zz', sentBytes: 1, totalBytes: 2 });
    expect(p.get('post1|instagram')?.sentBytes).toBe(5 * MB);
    p.clear('post1|instagram');
    expect(p.get('post1|instagram')).toBeUndefined();
    // A reel's bytes leave for Meta in its publish step, after prepare cleared it: the upload id still maps.
    p.toMeta({ uploadId: 'up_a', sentBytes: 40 * MB, totalBytes: 40 * MB });
    expect(p.get('post1|instagram')).toMatchObject({ phase: 'to-meta', sentBytes: 40 * MB });
  });

  it('tells listeners at most once per interval, always ending on the newest value', () => {
    const c = clock();
    const p = createUploadProgress({ ...c, intervalMs: 250 });
    let calls = 0;
    const off = p.subscribe('t', () => calls++);
    p.begin('up_1', 't', 1024 * MB);
    // A 1 GB file in 512 KiB chunks: 2,048 updates within 100 ms.
    for (let i = 1; i <= 2048; i++) {
      p.toHost('up_1', i * 512 * 1024);
      if (i % 20 === 0) c.advance(1);
    }
    expect(calls).toBe(1);
    expect(p.get('t')?.sentBytes).toBe(0);
    c.advance(250);
    expect(calls).toBe(2);
    expect(p.get('t')).toEqual({ phase: 'to-host', sentBytes: 1024 * MB, totalBytes: 1024 * MB });
    // The same value again is no change.
    p.toHost('up_1', 1024 * MB);
    c.advance(1000);
    expect(calls).toBe(2);
    off();
    p.clear('t');
    c.advance(1000);
    expect(calls).toBe(2);
  });
});
