// Comment action repository: the queue's rows (data/comment-actions/queue.ts). Every write is strict (on disk before
// the commit resolves): a row's `sending` must be durable before its request leaves, its `done` before it is shown.
import { type CommentActionRow, type CommentActionState, type DuetDb, strictTransaction } from '../db';

/** States whose rows still have work to do. */
export const WORKING_STATES: readonly CommentActionState[] = ['queued', 'sending', 'unconfirmed'];

/** States in which an action may already have been applied on Meta (its request left; the outcome is not known). */
export const MAYBE_APPLIED_STATES: readonly CommentActionState[] = ['sending', 'unconfirmed'];

/** Adds a row (strict). */
export function addCommentAction(db: DuetDb, row: CommentActionRow): Promise<void> {
  return strictTransaction(db, [db.commentActions], async () => {
    await db.commentActions.add(row);
  });
}

/** A row by id. */
export function getCommentAction(db: DuetDb, clientId: string): Promise<CommentActionRow | undefined> {
  return db.commentActions.get(clientId);
}

/** Every row with work to do. */
export function workingCommentActions(db: DuetDb): Promise<CommentActionRow[]> {
  return db.commentActions.where('state').anyOf(WORKING_STATES).toArray();
}

/** Every row of a lane, in order. */
export async function laneRows(db: DuetDb, lane: string): Promise<CommentActionRow[]> {
  const rows = await db.commentActions.where('lane').equals(lane).toArray();
  return rows.sort((a, b) => a.seq - b.seq);
}

/** The rows of these lanes (the UI's pending marks), in order. */
export async function actionsOfLanes(db: DuetDb, lanes: string[]): Promise<CommentActionRow[]> {
  if (!lanes.length) return [];
  const rows = await db.commentActions.where('lane').anyOf(lanes).toArray();
  return rows.sort((a, b) => a.seq - b.seq);
}

/**
 * Moves a row from one of `from` with `patch` in one strict transaction; null when it is no longer in one of them
 * (another worker or the user moved it).
 */
export function updateCommentActionIf(
  db: DuetDb,
  clientId: string,
  from: readonly CommentActionState[],
  patch: Partial<CommentActionRow>,
): Promise<CommentActionRow | null> {
  return strictTransaction(db, [db.commentActions], async () => {
    const row = await db.commentActions.get(clientId);
    if (!row || !from.includes(row.state)) return null;
    const next = { ...row, ...patch };
    await db.commentActions.put(next);
    return next;
  });
}

/** Deletes a row still `queued` and never sent (Undo); false when it has begun. */
export function removeUnsentCommentAction(db: DuetDb, clientId: string): Promise<boolean> {
  return strictTransaction(db, [db.commentActions], async () => {
    const row = await db.commentActions.get(clientId);
    if (!row || row.state !== 'queued' || row.attemptAt !== undefined) return false;
    await db.commentActions.delete(clientId);
    return true;
  });
}
