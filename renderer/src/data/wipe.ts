// Selective delete: the rules of what each wipe removes from the local store, what it keeps, and which sync streams
// start over. The rows of each kind are the inventory's (repos/inventory.ts: one definition of "this account's rows of
// this table"), so the preview counts exactly what the inventory shows and what the wipe deletes: both come from
// `plan` below, the wipe re-running it inside its own transaction.
//
// The rules, per kind (docs/architecture.md, "Selective delete", says the same in words):
// - Everything is per account: another account's rows are never read for deletion.
// - Unsent work is kept unless the request says `includeUnsent`: every outbox entry (a reply not yet confirmed as
//   sent) with its message in the thread and its conversation, and every publish-queue post that is a draft or has a
//   network not yet published (with its progress rows and attached files), and every comment action not yet
//   confirmed applied.
// - Synced kinds that Meta still serves start over: their sync state is deleted and the engine's `resync` backfills
//   them again when online (posts → feed, Instagram posts → gallery, stories → stories, comments and their counts →
//   comments, insights → insights; a whole account → every stream). Stories that expired upstream and messages
//   older than Meta's newest 20 of a conversation do not come back: Duet's copy was the only one.
// - Messages older than a date: only messages strictly older than it go (by the thread index, one range per
//   conversation); conversations stay, and so does their sync state (a conversation that moves later fetches only its
//   newest messages, as always).
import {
  type DuetDb,
  type CommentActionRow,
  type OutboxRow,
  type PublishPostRow,
  type PublishTargetRow,
  strictTransaction,
} from './db';
import { MAYBE_SENT_STATES } from './outbox/states';
import { MAYBE_PUBLISHED_STATES } from './publish/states';
import { MAYBE_APPLIED_STATES } from './repos/comment-actions';
import { INVENTORY, rowBytes, type InventoryEntry } from './repos/inventory';
import { dropSnippetsBefore, messagesOlderThan, refetchMessagesOf } from './repos/inbox';
import { dataTables, deleteByKeys } from './repos/store';
import { resetStreams } from './repos/sync-state';
import { type StreamName } from '../../../shared/streams';

/** What can be deleted on its own. */
export const WIPE_KINDS = [
  'account',
  'posts',
  'media',
  'stories',
  'messages',
  'comments',
  'insights',
] as const;
export type WipeKind = (typeof WIPE_KINDS)[number];

/** One wipe. `before` (epoch ms) is required for `messages`: only messages strictly older go. */
export interface WipeRequest {
  accountId: string;
  kind: WipeKind;
  before?: number;
  /** Also delete the unsent replies and queued posts the wipe would otherwise keep. */
  includeUnsent?: boolean;
}

/** What goes from one kind of stored data. */
export interface WipeLine {
  /** The inventory kind (posts, messages, outbox …). */
  kind: string;
  label: string;
  count: number;
  bytes: number;
}

/** What a wipe deletes (the preview) or deleted (its result). */
export interface WipeSummary {
  lines: WipeLine[];
  count: number;
  bytes: number;
  /** Unsent replies the wipe covers: kept unless `includeUnsent` (then they are part of `lines`). */
  unsentReplies: number;
  /** Drafts and posts not yet published on every network, likewise. */
  unsentPosts: number;
  /** Comment actions (replies, hides, deletes …) not yet applied on Meta, likewise. */
  unsentCommentActions: number;
  /**
   * Of the unsent work, what is already on its way (a reply or action being sent or sent with its outcome unknown,
   * a post being published): deleting it here cannot call it back, so it may still appear on Meta.
   */
  onTheirWay: number;
  /** Posts Facebook itself publishes at their time (native schedule): deleting them here does not cancel that. */
  scheduledOnFacebook: number;
  /** Streams that backfill again after the wipe. */
  resets: readonly StreamName[] | 'all';
}

interface Rule {
  /** Inventory kinds removed. */
  kinds: readonly string[];
  resets: readonly StreamName[] | 'all';
}

const ACCOUNT_KINDS = INVENTORY.map((e) => e.kind);

/** Per kind of wipe: the inventory kinds it removes and the streams that start over. */
export const WIPE_RULES: Record<WipeKind, Rule> = {
  account: { kinds: ACCOUNT_KINDS, resets: 'all' },
  posts: { kinds: ['posts'], resets: ['feed'] },
  media: { kinds: ['media'], resets: ['gallery'] },
  stories: { kinds: ['stories'], resets: ['stories'] },
  messages: { kinds: ['messages'], resets: [] },
  comments: { kinds: ['comments', 'commentMarks'], resets: ['comments'] },
  insights: { kinds: ['insights', 'insightsLatest', 'insightsStatus'], resets: ['insights'] },
};

/** A publish-queue post still holds work: a draft, no targets yet, or a network not yet (fully) published. */
function isUnsentPost(post: PublishPostRow, targets: readonly PublishTargetRow[]): boolean {
  if (post.draft === 1 || targets.length === 0) return true;
  return targets.some((t) => t.state !== 'published' || t.linkPending === 1);
}

interface Selection {
  line: WipeLine;
  table: string;
  keys: unknown[];
}

interface Plan {
  selections: Selection[];
  unsentReplies: number;
  unsentPosts: number;
  unsentCommentActions: number;
  onTheirWay: number;
  scheduledOnFacebook: number;
  /** Conversations kept only because an unsent reply needs them: they fetch their messages again. */
  keptConversations: string[];
}

const entryOf = (kind: string): InventoryEntry => INVENTORY.find((e) => e.kind === kind)!;

/** Reads what `req` covers (every read an indexed range or the inventory's own selection of the account's rows). */
async function plan(db: DuetDb, req: WipeRequest): Promise<Plan> {
  if (req.kind === 'messages' && !(typeof req.before === 'number' && Number.isFinite(req.before)))
    throw new RangeError('Deleting messages needs the date before which they go.');
  const rule = WIPE_RULES[req.kind];
  const { accountId } = req;
  const keep = !req.includeUnsent;

  // Unsent replies: the whole account's for an account wipe; for old messages, those whose message is in range.
  const outbox = (await (await entryOf('outbox').rows(db, accountId)).toArray()) as OutboxRow[];
  const byClient = new Map(outbox.map((o) => [o.clientId, o]));
  const messages = new Map<unknown, { row: object; clientId?: string }>();
  if (rule.kinds.includes('messages')) {
    const source =
      req.kind === 'messages'
        ? await Promise.all(
            (await (await entryOf('conversations').rows(db, accountId)).primaryKeys()).map((id) =>
              messagesOlderThan(db, String(id), req.before!),
            ),
          )
        : [await entryOf('messages').rows(db, accountId)];
    for (const c of source)
      await c.each((row, cursor) =>
        messages.set(cursor.primaryKey, { row, clientId: (row as { clientId?: string }).clientId }),
      );
  }
  const coveredReplies =
    req.kind === 'account'
      ? outbox
      : [...messages.values()].flatMap((m) => (m.clientId && byClient.get(m.clientId)) || []);
  const keptReplies = new Set(keep ? coveredReplies.map((o) => o.clientId) : []);
  let onTheirWay = coveredReplies.filter((o) =>
    (MAYBE_SENT_STATES as readonly string[]).includes(o.state),
  ).length;
  let scheduledOnFacebook = 0;

  // Queued posts (account wipe only): a post and its progress rows and files stay together.
  let unsentPosts = 0;
  const keptPosts = new Set<string>();
  if (rule.kinds.includes('publishPosts')) {
    const posts = (await (await entryOf('publishPosts').rows(db, accountId)).toArray()) as PublishPostRow[];
    const targets = (await (
      await entryOf('publishTargets').rows(db, accountId)
    ).toArray()) as PublishTargetRow[];
    for (const p of posts) {
      const mine = targets.filter((t) => t.postId === p.id);
      if (!isUnsentPost(p, mine)) continue;
      unsentPosts++;
      if (mine.some((t) => (MAYBE_PUBLISHED_STATES as readonly string[]).includes(t.state))) onTheirWay++;
      if (mine.some((t) => t.state === 'scheduled' && t.scheduleMode === 'native')) scheduledOnFacebook++;
      if (keep) keptPosts.add(p.id);
    }
  }
  // Queued comment actions (account wipe only): anything not yet confirmed applied is unsent work.
  const keptActions = new Set<string>();
  let unsentCommentActions = 0;
  if (rule.kinds.includes('commentActions')) {
    const actions = (await (
      await entryOf('commentActions').rows(db, accountId)
    ).toArray()) as CommentActionRow[];
    for (const a of actions) {
      if (a.state === 'done') continue;
      unsentCommentActions++;
      if (MAYBE_APPLIED_STATES.includes(a.state)) onTheirWay++;
      if (keep) keptActions.add(a.clientId);
    }
  }
  const keptConversations = [
    ...new Set(outbox.filter((o) => keptReplies.has(o.clientId)).map((o) => o.conversationId)),
  ];

  const covered = new Set(coveredReplies.map((o) => o.clientId));
  const kept = (kind: string, key: unknown, row: object): boolean => {
    switch (kind) {
      case 'outbox':
        return !covered.has(String(key)) || keptReplies.has(String(key));
      case 'messages': {
        const clientId = (row as { clientId?: string }).clientId;
        return clientId !== undefined && keptReplies.has(clientId);
      }
      case 'conversations':
        return keptConversations.includes(String(key));
      case 'publishPosts':
        return keptPosts.has(String(key));
      case 'commentActions':
        return keptActions.has(String(key));
      case 'publishTargets':
      case 'publishBlobs':
        return keptPosts.has((row as { postId: string }).postId);
      default:
        return false;
    }
  };

  // The outbox is part of a messages wipe only through the replies it covers (and only when they are included).
  const kinds = req.kind === 'messages' && !keep ? [...rule.kinds, 'outbox'] : rule.kinds;
  const selections: Selection[] = [];
  for (const kind of kinds) {
    const entry = entryOf(kind);
    const line: WipeLine = { kind, label: entry.label, count: 0, bytes: 0 };
    const keys: unknown[] = [];
    const take = (row: object, key: unknown) => {
      if (kept(kind, key, row)) return;
      keys.push(key);
      line.count++;
      line.bytes += rowBytes(entry, row);
    };
    if (kind === 'messages') for (const [key, m] of messages) take(m.row, key);
    else await (await entry.rows(db, accountId)).each((row, cursor) => take(row, cursor.primaryKey));
    // Inventory kinds are named after their store tables.
    selections.push({ line, table: kind, keys });
  }
  return {
    selections,
    unsentReplies: coveredReplies.length,
    unsentPosts,
    unsentCommentActions,
    onTheirWay,
    scheduledOnFacebook,
    keptConversations,
  };
}

function summaryOf(req: WipeRequest, p: Plan): WipeSummary {
  const lines = p.selections.map((s) => s.line);
  return {
    lines,
    count: lines.reduce((a, l) => a + l.count, 0),
    bytes: lines.reduce((a, l) => a + l.bytes, 0),
    unsentReplies: p.unsentReplies,
    unsentPosts: p.unsentPosts,
    unsentCommentActions: p.unsentCommentActions,
    onTheirWay: p.onTheirWay,
    scheduledOnFacebook: p.scheduledOnFacebook,
    resets: WIPE_RULES[req.kind].resets,
  };
}

/** What `req` would delete (counts and estimated sizes per kind) and what unsent work it would keep. */
export async function previewWipe(db: DuetDb, req: WipeRequest): Promise<WipeSummary> {
  return summaryOf(req, await plan(db, req));
}

/**
 * Deletes what `req` covers, in one transaction committed to disk (a confirmed delete must not come back after a
 * crash), and resets the sync state of the streams that backfill again. Returns what was deleted. The caller then
 * calls the sync engine's `resync` so those streams start over at once.
 */
export async function runWipe(db: DuetDb, req: WipeRequest): Promise<WipeSummary> {
  return strictTransaction(db, dataTables(db), async () => {
    const p = await plan(db, req);
    for (const s of p.selections) await deleteByKeys(db, s.table, s.keys);
    await resetStreams(db, req.accountId, WIPE_RULES[req.kind].resets);
    // A conversation kept for its unsent reply lost its other messages: its next listing fetches them again.
    if (req.kind === 'account') await refetchMessagesOf(db, p.keptConversations);
    // Old messages gone: no conversation preview keeps quoting one of them.
    if (req.kind === 'messages') await dropSnippetsBefore(db, req.accountId, req.before!);
    return summaryOf(req, p);
  });
}
