// The export archive ("Take it out"): one zip per export, documented field by field in docs/export-format.md.
//
//   duet-export.json                       the manifest (ExportManifest): format, version, account, counts
//   <account folder>/account.json          the Page and its linked Instagram account (no token)
//   <account folder>/posts.json            JSON arrays, one row per element (PostExport, MediaExport, …)
//   <account folder>/media.json
//   <account folder>/stories.json
//   <account folder>/conversations.json
//   <account folder>/messages.jsonl        one message per line (each names its conversationId)
//   <account folder>/comments.json
//   <account folder>/insights.json
//   <account folder>/media/<safe name>     the cached pictures and videos
//
// Rows are what Duet stores, minus the search words it derives from the text (`words`, `lists`). Every picture or
// video reference in a row (an object with `key` and `url`, shared/models.ts MediaRef) gains `file`, the path of its
// bytes relative to the account folder, when the file was in the media cache. The same schemas validate the chunks
// the renderer sends (the host refuses a malformed row) and parse an archive back (the round-trip test).
import { z } from 'zod';
import { Account, Comment, Conversation, IgMedia, Message, Post, Story } from '../models';
import { EXPORT_FORMAT, EXPORT_KINDS, EXPORT_VERSION, type ExportKind } from './rows';

export * from './rows';

/** A media file's path relative to the account folder: `media/` + a safe name (see electron/services/export). */
export const ArchiveMediaPath = z
  .string()
  .max(140)
  .regex(/^media\/[A-Za-z0-9][A-Za-z0-9_-]{0,100}(\.[a-z0-9]{1,5})?$/, 'not a media path of the archive');

/** Local bookkeeping Duet keeps on synced rows (when sync wrote it, when it vanished upstream). */
const Synced = { syncedAt: z.number(), goneAt: z.number().optional() };

// Rows are checked, not rewritten: every documented field must have its documented type when present, and the fields
// that tie a row to its account and its parent must be there. Fields are optional otherwise (a row stored by an older
// Duet may lack one added since, or carry a time from before the plausible-time rule), and fields Duet adds later
// are kept (loose), so an older reader still parses a newer archive.
const Time = z.number();
export const PostExport = Post.extend({ ...Synced, createdTime: Time, updatedTime: Time })
  .partial()
  .required({ id: true, accountId: true })
  .loose();
export const MediaExport = IgMedia.extend({ ...Synced, timestamp: Time })
  .partial()
  .required({ id: true, accountId: true })
  .loose();
export const StoryExport = Story.extend({ syncedAt: z.number(), timestamp: Time })
  .partial()
  .required({ id: true, accountId: true })
  .loose();
export const ConversationExport = Conversation.extend({
  updatedTime: Time,
  unread: z.union([z.literal(0), z.literal(1)]),
  lastCustomerMessageAt: z.number().optional(),
  readUpTo: z.number().optional(),
})
  .partial()
  .required({ id: true, accountId: true, platform: true })
  .loose();
export const MessageExport = Message.extend({
  createdTime: Time,
  /** Replies written in Duet: their delivery state (absent for messages from Meta). */
  state: z.enum(['queued', 'sending', 'sent', 'failed', 'unknown', 'unconfirmed']).optional(),
  clientId: z.string().optional(),
  error: z.string().optional(),
})
  .partial()
  .required({ id: true, accountId: true, conversationId: true })
  .loose();
export const CommentExport = Comment.extend({ ...Synced, createdTime: Time, doneAt: z.number().optional() })
  .partial()
  .required({ id: true, accountId: true, postId: true })
  .loose();
/** One insights number: object × metric × breakdown × period end (renderer/src/data/repos/insights-rows.ts). */
export const InsightExport = z
  .object({
    key: z.string(),
    accountId: z.string(),
    objectId: z.string(),
    network: z.string().optional(),
    metric: z.string(),
    breakdown: z.string(),
    period: z.string().optional(),
    endTime: z.number(),
    value: z.number(),
    fetchedAt: z.number().optional(),
  })
  .loose();

/** The row schema of each kind. */
export const ROW_SCHEMAS: Record<ExportKind, z.ZodType<Record<string, unknown>>> = {
  posts: PostExport,
  media: MediaExport,
  stories: StoryExport,
  conversations: ConversationExport,
  messages: MessageExport,
  comments: CommentExport,
  insights: InsightExport,
};

/** The manifest: what the archive holds, for a reader to check before it opens the rest. */
export const ExportManifest = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  /** Epoch ms when the export finished. */
  createdAt: z.number(),
  app: z.object({ name: z.literal('Duet'), version: z.string() }),
  account: z.object({
    id: z.string(),
    name: z.string(),
    instagram: z.string().optional(),
    /** The account's folder in the archive. */
    folder: z.string(),
  }),
  /** Rows of each kind. */
  counts: z.record(z.enum(EXPORT_KINDS), z.number().int().nonnegative()),
  files: z.object({
    /** Media files in `<folder>/media/`. */
    count: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    /** Pictures and videos the rows reference that were not in the media cache (never viewed, or evicted). */
    notCached: z.number().int().nonnegative(),
  }),
});
export type ExportManifest = z.infer<typeof ExportManifest>;

/** account.json. */
export const AccountExport = Account;
