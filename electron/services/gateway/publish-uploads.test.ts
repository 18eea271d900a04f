// The upload store on a real temp folder with an injected clock: expiry, bounds and start-up cleaning.
import { existsSync, mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { UPLOAD_IDLE_EXPIRY_MS } from '../../../shared/publish-limits';
import { createPublishUploads } from './publish-uploads';

const jpg = Buffer.from(jpeg.encode({ data: Buffer.alloc(8 * 8 * 4, 50), width: 8, height: 8 }, 80).data);

describe('publish uploads', () => {
  it('starts with an empty folder: files left by an earlier host are deleted', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'duet-up-')), 'publish-uploads');
    mkdirSync(dir);
    writeFileSync(join(dir, 'up_leftover'), 'old');
    await createPublishUploads({ dir });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an upload untouched for an hour is deleted; one in use is kept', async () => {
    let t = 1_000_000;
    const dir = join(mkdtempSync(join(tmpdir(), 'duet-up-')), 'u');
    const up = await createPublishUploads({ dir, now: () => t });
    const idle = await up.begin('idle.jpg', jpg.length);
    const busy = await up.begin('busy.jpg', jpg.length);
    t += UPLOAD_IDLE_EXPIRY_MS - 1000;
    await up.chunk(busy.uploadId, 0, jpg.toString('base64'));
    t += 2000;
    await up.sweep();
    expect(existsSync(join(dir, idle.uploadId))).toBe(false);
    await expect(up.end(idle.uploadId)).rejects.toThrow(/no longer on the host/);
    expect((await up.end(busy.uploadId)).kind).toBe('image');
  });

  it('refuses more than 2 GB in total across open uploads', async () => {
    const up = await createPublishUploads({ dir: join(mkdtempSync(join(tmpdir(), 'duet-up-')), 'u') });
    await up.begin('a.mp4', 1024 ** 3);
    await up.begin('b.mp4', 1024 ** 3);
    await expect(up.begin('c.mp4', 1)).rejects.toThrow(/too large \(2 GB at most\)/);
  });
});
