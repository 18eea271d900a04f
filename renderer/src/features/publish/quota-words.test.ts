// The words the Posts view shows for an upload under way and for a target waiting on a daily limit.
import { describe, expect, it } from 'vitest';
import { type PublishTargetRow } from '../../data/db';
import { fullTime } from '../../ui/time';
import { statusWords } from './PostsView';
import { uploadWords } from './UploadProgressLine';

const MB = 1024 * 1024;

describe('upload and limit words', () => {
  it('says how much of the file went where, in MB and per cent', () => {
    expect(uploadWords({ phase: 'to-meta', sentBytes: 12.4 * MB, totalBytes: 40 * MB }, 'instagram')).toBe(
      'Uploading 12.4 of 40 MB to Instagram — 31 %',
    );
    expect(uploadWords({ phase: 'to-host', sentBytes: 0, totalBytes: 3 * MB }, 'facebook')).toBe(
      'Preparing the file: 0 of 3 MB — 0 %',
    );
  });

  it('says which limit a held target waits for and when Duet tries again', () => {
    const at = Date.UTC(2026, 11, 3, 9, 30);
    const t = {
      id: 'p|instagram',
      network: 'instagram',
      state: 'queued',
      heldFor: 'ig-containers',
      nextAttemptAt: at,
    } as PublishTargetRow;
    expect(statusWords(t, undefined, at - 1000)).toBe(
      `Waiting — Instagram’s limit of 400 media containers in 24 hours is used up; Duet tries again at ${fullTime(at)}`,
    );
    // Once it moved on, the hold no longer speaks for it.
    expect(statusWords({ ...t, state: 'uploading' }, undefined, at)).toBe('Uploading the files…');
  });
});
