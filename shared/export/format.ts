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
import { Account, Comment, Conversation, IgMedia, Message, Post, Story, type MediaRef } from '../models';

/** The archive's format name and the version of this schema (a reader refuses other versions). */
export const EXPORT_FORMAT = 'duet-export';
export const EXPORT_VERSION = 1;
/** The manifest at the root of the archive. */
export const MANIFEST_NAME = 'duet-export.json';

/** The kinds of rows an archive holds, each one file of the account folder. */
export const EXPORT_KINDS = [
  'posts',
  'media',
  'stories',
  'conversations',
  'messages',
  'comments',
  'insights',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The file of each kind inside the account folder. Messages are JSON Lines: they are many and stream. */
export const KIND_FILES: Record<ExportKind, string> = {
  posts: 'posts.json',
  media: 'media.json',
  stories: 'stories.json',
  conversations: 'conversations.json',
  messages: 'messages.jsonl',
  comments: 'comments.json',
  insights: 'insights.json',
};

/** At most this many rows per append call. */
export const MAX_CHUNK_ROWS = 500;
/**
 * At most this many characters of row JSON per append call: below the browser host's 1 MiB request body limit
 * (electron/browser-host/http.ts), with room for the envelope.
 */
export const MAX_CHUNK_CHARS = 900_000;
/** At most this many media keys per add-media call. */
export const MAX_MEDIA_KEYS = 200;

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

/** Fields derived from others for local search; not exported (a reader can rebuild them). */
export const DERIVED_FIELDS: Record<ExportKind, readonly string[]> = {
  posts: [],
  media: [],
  stories: [],
  conversations: [],
  messages: ['words'],
  comments: ['lists', 'words'],
  insights: [],
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

/** A MediaRef as found in a row (anything with string `key` and `url`). */
function isMediaRef(v: unknown): v is MediaRef & { file?: string } {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { key?: unknown }).key === 'string' &&
    typeof (v as { url?: unknown }).url === 'string'
  );
}

/** Calls `visit` for every MediaRef inside `value` (rows nest them: attachments, children, participants). */
export function forEachMediaRef(value: unknown, visit: (ref: MediaRef & { file?: string }) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) forEachMediaRef(v, visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (isMediaRef(value)) visit(value);
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) forEachMediaRef(v, visit);
}

/** A copy of `value` in which every MediaRef whose key is in `files` gains `file` (its path in the archive). */
export function withFiles<T>(value: T, files: ReadonlyMap<string, string>): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withFiles(v, files)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = withFiles(v, files);
  if (isMediaRef(value)) {
    const file = files.get(value.key);
    if (file) out.file = file;
  }
  return out as T;
}

/** A copy of a stored row as it goes into the archive: without the fields derived for local search. */
export function exportRowOf(kind: ExportKind, row: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...row };
  for (const f of DERIVED_FIELDS[kind]) delete out[f];
  return out;
}

/** The inverse of withFiles (a reader comparing an archive with the store). */
export function withoutFiles<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutFiles(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    if (!(k === 'file' && isMediaRef(value))) out[k] = withoutFiles(v);
  return out as T;
}
