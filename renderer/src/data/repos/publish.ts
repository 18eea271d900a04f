// The publish queue's repository: posts as the user wrote them, one target row per network, and the bytes of the
// attached files. Every write is a strict transaction (on disk before it resolves): a post the user queued must
// survive a crash, and `publishing` must be on disk before the publish call leaves. Which state may follow which is
// the queue's rule (`publish/states.ts`); this file only stores what it decides.
import {
  type DuetDb,
  type PublishBlobRow,
  type PublishNetwork,
  type PublishPostRow,
  type PublishTargetRow,
  type PublishTargetState,
  strictTransaction,
} from '../db';

/** The id of a post's target on one network. */
export const targetId = (postId: string, network: PublishNetwork) => `${postId}|${network}`;

/** A target as the queue first writes it (the repository assigns `seq`). */
export type NewTarget = Omit<PublishTargetRow, 'seq' | 'id' | 'postId' | 'accountId'>;

/**
 * Writes a post, its targets and its files in one strict transaction: a new post, or a draft / not yet started post
 * being edited (`replaceable`: the states its existing targets may be in). Targets no longer wanted are deleted,
 * files no longer attached too. Returns false (nothing written) when a target had already started.
 */
export async function savePost(
  db: DuetDb,
  post: PublishPostRow,
  targets: Array<{ network: PublishNetwork } & NewTarget>,
  blobs: PublishBlobRow[],
  replaceable: readonly PublishTargetState[],
): Promise<boolean> {
  return strictTransaction(db, [db.publishPosts, db.publishTargets, db.publishBlobs, db.meta], async () => {
    const existing = await db.publishTargets.where('postId').equals(post.id).toArray();
    if (existing.some((t) => !replaceable.includes(t.state))) return false;
    let seq = ((await db.meta.get('publishSeq'))?.value as number | undefined) ?? 0;
    await db.publishTargets.bulkDelete(existing.map((t) => t.id));
    for (const t of targets) {
      const id = targetId(post.id, t.network);
      const before = existing.find((e) => e.id === id);
      await db.publishTargets.put({
        ...t,
        id,
        postId: post.id,
        accountId: post.accountId,
        seq: before?.seq ?? ++seq,
      });
    }
    await db.meta.put({ key: 'publishSeq', value: seq });
    await db.publishPosts.put(post);
    const keep = new Set(post.media.map((m) => m.id));
    const stale = (await db.publishBlobs.where('postId').equals(post.id).primaryKeys()).filter(
      (k) => !keep.has(k),
    );
    await db.publishBlobs.bulkDelete(stale);
    await db.publishBlobs.bulkPut(blobs);
    return true;
  });
}

/** One post by id. */
export function getPost(db: DuetDb, id: string): Promise<PublishPostRow | undefined> {
  return db.publishPosts.get(id);
}

/** One target by id. */
export function getTarget(db: DuetDb, id: string): Promise<PublishTargetRow | undefined> {
  return db.publishTargets.get(id);
}

/** The targets of a post. */
export function targetsOf(db: DuetDb, postId: string): Promise<PublishTargetRow[]> {
  return db.publishTargets.where('postId').equals(postId).toArray();
}

/** Every target in one of `states`. */
export function targetsIn(db: DuetDb, states: readonly PublishTargetState[]): Promise<PublishTargetRow[]> {
  return db.publishTargets
    .where('state')
    .anyOf([...states])
    .toArray();
}

/** Published targets whose permalink and feed/gallery row are still to be fetched. */
export function linkPendingTargets(db: DuetDb): Promise<PublishTargetRow[]> {
  return db.publishTargets.where('linkPending').equals(1).toArray();
}

/** The target that owns a live post/media id, if any (reconciliation must not adopt another post's media). */
export async function ownerOfMedia(db: DuetDb, mediaId: string): Promise<string | undefined> {
  return (await db.publishTargets.where('mediaId').equals(mediaId).first())?.id;
}

/** The file bytes of a post, by media id. */
export async function blobsOf(db: DuetDb, postId: string): Promise<Map<string, Blob>> {
  const rows = await db.publishBlobs.where('postId').equals(postId).toArray();
  return new Map(rows.map((r) => [r.id, r.blob]));
}

/**
 * Patches a target in one strict transaction only if it is still in one of `from`; returns it as written, or null
 * when it had moved on. Fields set to undefined in `patch` are removed.
 */
export function updateTargetIf(
  db: DuetDb,
  id: string,
  from: readonly PublishTargetState[],
  patch: Partial<PublishTargetRow>,
): Promise<PublishTargetRow | null> {
  return strictTransaction(db, [db.publishTargets], async () => {
    const cur = await db.publishTargets.get(id);
    if (!cur || !from.includes(cur.state)) return null;
    const next = { ...cur, ...patch } as PublishTargetRow & Record<string, unknown>;
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    await db.publishTargets.put(next);
    return next;
  });
}

/** Moves every target still in `from` to `to` (a restart found them mid-step), in one strict transaction. */
export async function moveAllTargets(
  db: DuetDb,
  from: PublishTargetState,
  to: PublishTargetState,
  nextAttemptAt: number,
): Promise<void> {
  if (!(await db.publishTargets.where('state').equals(from).count())) return;
  await strictTransaction(db, [db.publishTargets], async () => {
    const rows = await db.publishTargets.where('state').equals(from).toArray();
    for (const r of rows) await db.publishTargets.update(r.id, { state: to, nextAttemptAt });
  });
}

/**
 * Deletes a post with its targets and files if every target is in `allowed`; false (nothing deleted) otherwise.
 */
export function deletePostIf(
  db: DuetDb,
  postId: string,
  allowed: readonly PublishTargetState[],
): Promise<boolean> {
  return strictTransaction(db, [db.publishPosts, db.publishTargets, db.publishBlobs], async () => {
    const targets = await db.publishTargets.where('postId').equals(postId).toArray();
    if (targets.some((t) => !allowed.includes(t.state))) return false;
    await db.publishTargets.bulkDelete(targets.map((t) => t.id));
    await db.publishBlobs.where('postId').equals(postId).delete();
    await db.publishPosts.delete(postId);
    return true;
  });
}

/**
 * Writes a change to a scheduled post in one strict transaction: each target in `targets` is patched only if it is
 * still in its `from` states (the check and the write in the same transaction, so a target the runner has just
 * taken keeps what it started with), then the post row `postFor` builds from the ids that were written. Returns
 * those ids; nothing is written when none was.
 */
export function saveScheduledEdit(
  db: DuetDb,
  postId: string,
  targets: Array<{ id: string; from: readonly PublishTargetState[]; patch: Partial<PublishTargetRow> }>,
  postFor: (post: PublishPostRow, written: ReadonlySet<string>) => PublishPostRow,
): Promise<Set<string>> {
  return strictTransaction(db, [db.publishPosts, db.publishTargets], async () => {
    const post = await db.publishPosts.get(postId);
    const written = new Set<string>();
    if (!post) return written;
    for (const { id, from, patch } of targets) {
      const cur = await db.publishTargets.get(id);
      if (!cur || cur.postId !== postId || !from.includes(cur.state)) continue;
      const next = { ...cur, ...patch } as PublishTargetRow & Record<string, unknown>;
      for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
      await db.publishTargets.put(next);
      written.add(id);
    }
    if (written.size) await db.publishPosts.put(postFor(post, written));
    return written;
  });
}

/**
 * Deletes the targets in `ids` that are still in one of `from` (checked in the same strict transaction), and the
 * post with its files once it has no target left. Returns the ids deleted.
 */
export function removeTargetsIf(
  db: DuetDb,
  postId: string,
  ids: readonly string[],
  from: readonly PublishTargetState[],
): Promise<Set<string>> {
  return strictTransaction(db, [db.publishPosts, db.publishTargets, db.publishBlobs], async () => {
    const all = await db.publishTargets.where('postId').equals(postId).toArray();
    const gone = all.filter((t) => ids.includes(t.id) && from.includes(t.state));
    await db.publishTargets.bulkDelete(gone.map((t) => t.id));
    if (gone.length === all.length) {
      await db.publishBlobs.where('postId').equals(postId).delete();
      await db.publishPosts.delete(postId);
    }
    return new Set(gone.map((t) => t.id));
  });
}

/** Drops the files of a post once no target can need them again. */
export function dropBlobsOf(db: DuetDb, postId: string): Promise<void> {
  return strictTransaction(db, [db.publishBlobs], async () => {
    await db.publishBlobs.where('postId').equals(postId).delete();
  });
}

/** A post with its targets, for the Posts view. */
export interface PostWithTargets {
  post: PublishPostRow;
  targets: PublishTargetRow[];
}

/** The newest posts (drafts included) with their targets, newest edit first. */
export async function recentPosts(db: DuetDb, limit: number): Promise<PostWithTargets[]> {
  const posts = await db.publishPosts.orderBy('updatedAt').reverse().limit(limit).toArray();
  const targets = await db.publishTargets
    .where('postId')
    .anyOf(posts.map((p) => p.id))
    .toArray();
  return posts.map((post) => ({ post, targets: targets.filter((t) => t.postId === post.id) }));
}

const creatorKey = (igAccountId: string) => `igCreator:${igAccountId}`;

/**
 * Remembers that Meta refused a story because the Instagram account is a Creator account (Meta documents no field
 * that tells Business from Creator under Facebook Login, so the refusal is the evidence).
 */
export async function rememberCreatorAccount(db: DuetDb, igAccountId: string): Promise<void> {
  await db.meta.put({ key: creatorKey(igAccountId), value: true });
}

/** True once Meta said this Instagram account is a Creator account. */
export async function isCreatorAccount(db: DuetDb, igAccountId: string): Promise<boolean> {
  return (await db.meta.get(creatorKey(igAccountId)))?.value === true;
}
