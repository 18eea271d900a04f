// The words the Posts view uses about changing a scheduled post: the cancel confirm names what happens on each
// network, and no outcome that may not have happened is said as done.
import { describe, expect, it } from 'vitest';
import { type PublishPostRow, type PublishTargetRow } from '../../data/db';
import { scheduleSide } from '../../data/publish/schedule-edit';
import { statusWords } from './PostsView';
import { hasOpenSchedule } from './ScheduledPostActions';
import { cancelPlan, outcomeWords } from './schedule-words';

const NOW = 1_700_000_000_000;
const post = { id: 'p', scheduleAt: NOW + 60 * 60_000, draft: 0 } as PublishPostRow;
const target = (network: 'facebook' | 'instagram', state: PublishTargetRow['state'], mediaId?: string) =>
  ({ id: `p|${network}`, network, state, ...(mediaId ? { mediaId } : {}) }) as PublishTargetRow;

describe('changing a scheduled post, in words', () => {
  it('the cancel confirm says what happens on each network', () => {
    expect(
      cancelPlan(post, [target('facebook', 'scheduled', '1_2'), target('instagram', 'queued')], NOW),
    ).toEqual([
      'Facebook: the scheduled post is deleted on Facebook, so Facebook will not publish it.',
      'Instagram: Duet will not publish it (it was waiting on Duet’s own schedule).',
    ]);
    expect(cancelPlan(post, [target('instagram', 'published')], NOW)).toEqual([
      'Instagram: not affected — it has already been published.',
    ]);
    // Closer to its time than Facebook's floor: Facebook's publishing is treated as under way.
    expect(cancelPlan(post, [target('facebook', 'scheduled', '1_2')], post.scheduleAt! - 5 * 60_000)).toEqual(
      ['Facebook: not affected — it has already started publishing.'],
    );
  });

  it('a natively scheduled Facebook video (held by its video id) is not offered for change: Facebook holds it', () => {
    const video = target('facebook', 'scheduled', '987654321');
    const videoPost = { ...post, kind: 'video' } as PublishPostRow;
    expect(scheduleSide(video, videoPost, NOW)).toBeNull();
    expect(hasOpenSchedule(videoPost, [video], NOW)).toBe(false);
    // Its Instagram side on Duet's schedule can still change; the confirm says Facebook is not affected.
    expect(cancelPlan(videoPost, [video, target('instagram', 'queued')], NOW)).toEqual([
      'Facebook: not affected — Facebook holds this scheduled video; cancel it on Facebook.',
      'Instagram: Duet will not publish it (it was waiting on Duet’s own schedule).',
    ]);
    expect(statusWords(video, post.scheduleAt, NOW, 'video')).toMatch(/to change or cancel it, use Facebook/);
    expect(statusWords(target('facebook', 'scheduled', '1_2'), post.scheduleAt, NOW, 'photo')).not.toMatch(
      /use Facebook/,
    );
  });

  it('a lost answer is never said as done, and what was cancelled before it is', () => {
    const unknown = outcomeWords('cancel', {
      kind: 'unknown',
      network: 'facebook',
      cancelled: ['instagram'],
    });
    expect(unknown.text).toBe(
      'Cancelled on Instagram. Facebook did not answer and Duet could not check, so it may or may not have cancelled it. Nothing was changed here; try again in a moment.',
    );
    expect(
      outcomeWords('cancel', { kind: 'refused', network: 'facebook', reason: 'No.', cancelled: [] }).text,
    ).toBe('Facebook did not cancel it: No. It is still scheduled there.');
  });

  it('a refusal of the new time belongs next to the time field; a partial edit names the network it kept', () => {
    expect(
      outcomeWords('edit', {
        kind: 'invalid',
        problems: [{ network: 'facebook', field: 'schedule', message: 'Too soon.' }],
      }),
    ).toEqual({ text: 'Facebook: Too soon.', field: 'schedule' });
    expect(outcomeWords('edit', { kind: 'done', kept: ['instagram'] }).text).toBe(
      'Changes saved. Instagram had already started publishing, so it keeps the earlier version.',
    );
    expect(
      outcomeWords('edit', { kind: 'too-late', network: 'facebook', live: true, cancelled: [] }).text,
    ).toBe('Too late: Facebook has already published it.');
  });
});
