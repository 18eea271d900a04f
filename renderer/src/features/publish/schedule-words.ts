// What the Posts view says about changing a scheduled post: the confirm before a cancel (what happens on each
// network) and each outcome of data/publish/schedule-edit.ts, in words.
import { type PublishNetwork, type PublishPostRow, type PublishTargetRow } from '../../data/db';
import { heldByFacebook, scheduleSide, type ScheduleOutcome } from '../../data/publish/schedule-edit';
import { NETWORK_NAME } from './use-composer';

const list = (ns: PublishNetwork[]) => ns.map((n) => NETWORK_NAME[n]).join(' and ');

/** One line per network: what a cancel does there. */
export function cancelPlan(post: PublishPostRow, targets: PublishTargetRow[], now: number): string[] {
  return targets.map((t) => {
    const side = scheduleSide(t, post, now);
    const name = NETWORK_NAME[t.network];
    if (side === 'native')
      return `${name}: the scheduled post is deleted on Facebook, so Facebook will not publish it.`;
    if (side === 'local') return `${name}: Duet will not publish it (it was waiting on Duet’s own schedule).`;
    if (heldByFacebook(t, post))
      return `${name}: not affected — Facebook holds this scheduled video; cancel it on Facebook.`;
    return `${name}: not affected — it has already ${t.state === 'published' ? 'been published' : 'started publishing'}.`;
  });
}

/** What an edit or a cancel's outcome says; `field` is where a refusal belongs (next to the time or the text). */
export function outcomeWords(
  action: 'edit' | 'cancel',
  o: ScheduleOutcome,
): { text: string; field?: 'caption' | 'schedule' } {
  const before = 'cancelled' in o && o.cancelled.length ? `Cancelled on ${list(o.cancelled)}. ` : '';
  switch (o.kind) {
    case 'done': {
      const kept = o.kept.length
        ? ` ${list(o.kept)} had already started publishing, so it keeps the earlier version.`
        : '';
      return { text: (action === 'edit' ? 'Changes saved.' : 'Post cancelled.') + kept };
    }
    case 'invalid':
      return {
        text: o.problems.map((p) => `${NETWORK_NAME[p.network]}: ${p.message}`).join(' '),
        field: o.problems[0]?.field ?? 'schedule',
      };
    case 'refused':
      return action === 'edit'
        ? { text: `Facebook did not take the change: ${o.reason} Nothing was changed.` }
        : { text: `${before}Facebook did not cancel it: ${o.reason} It is still scheduled there.` };
    case 'too-late':
      return {
        text:
          before +
          (o.live
            ? `Too late: ${NETWORK_NAME[o.network]} has already published it.`
            : o.network === 'facebook'
              ? 'Facebook no longer has this scheduled post.'
              : `Too late: Duet has already started publishing it on ${NETWORK_NAME[o.network]}.`),
      };
    case 'unknown':
      return {
        text: `${before}Facebook did not answer and Duet could not check, so it may or may not have ${
          action === 'edit' ? 'taken the change' : 'cancelled it'
        }. Nothing was changed here; try again in a moment.`,
      };
  }
}
