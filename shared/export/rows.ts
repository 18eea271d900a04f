// The parts of the export archive's format (format.ts) that need no schema library: the kinds and their files, the
// chunk bounds, and how rows point at their media files. The renderer's exporter imports only this (zod stays out of
// its chunk); format.ts re-exports it with the zod schemas.
import { MAX_BRIDGE_BODY_BYTES } from '../bridge/limits';
import type { MediaRef } from '../models';

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
 * At most this many UTF-8 bytes of row JSON (the rows array, file paths included) per append call: the browser
 * host's request body limit less a margin for the call's envelope (export id and kind, under 100 bytes).
 */
export const MAX_CHUNK_BYTES = MAX_BRIDGE_BODY_BYTES - 16 * 1024;
/** At most this many media keys per add-media call. */
export const MAX_MEDIA_KEYS = 200;

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

/**
 * A copy of `value` in which every MediaRef whose key has a path in `files` gains `file` (its path in the archive;
 * a key mapped to null is not cached and gains nothing).
 */
export function withFiles<T>(value: T, files: ReadonlyMap<string, string | null>): T {
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
