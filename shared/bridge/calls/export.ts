// export/*: "Take it out" — the host writes an archive of everything Duet stores for one account
// (shared/export/format.ts, docs/export-format.md). The renderer owns the rows and sends them in bounded chunks; the
// host owns the files: it links the cached media into the archive itself (no bytes cross the bridge), writes the zip,
// checks that no token is in it and puts it where the user chose.
import { z } from 'zod';
import { EXPORT_KINDS, MAX_CHUNK_BYTES, MAX_CHUNK_ROWS, MAX_MEDIA_KEYS } from '../../export/format';
import { jsonBytes } from '../../utf8';
import { call, event } from '../define';
import { GraphNodeId } from '../ids';

/** The id of one export (the host's random hex). */
const ExportId = z.string().regex(/^[a-f0-9]{32}$/, 'This is not an export id.');

/** A media-cache key (electron/services/media-cache/README.md#keys). */
const MediaKey = z.string().min(1).max(512);

/** Rows of one kind, bounded in count and in UTF-8 bytes of JSON (checked before they are written). */
const Rows = z
  .array(z.record(z.string(), z.unknown()))
  .min(1)
  .max(MAX_CHUNK_ROWS, `At most ${MAX_CHUNK_ROWS} rows per call.`)
  .refine((rows) => jsonBytes(rows) <= MAX_CHUNK_BYTES, 'These rows are too large for one call.');

/** How far an export is (the host's count of what it wrote). */
export const ExportProgress = z.object({
  exportId: z.string(),
  phase: z.enum(['collecting', 'zipping', 'checking', 'done', 'failed', 'cancelled']),
  rows: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  /** Bytes written to the archive so far (while zipping), or of the media linked into it (while collecting). */
  bytes: z.number().int().nonnegative(),
});
export type ExportProgress = z.infer<typeof ExportProgress>;

export const exportCalls = {
  'export/begin': call({
    summary:
      'Starts an export of one account: asks where to save it (Electron) and makes a temporary folder. A new export cancels one still running.',
    request: z.object({ accountId: GraphNodeId }).strict(),
    response: z.union([
      z.object({ cancelled: z.literal(false), exportId: ExportId }),
      /** The user closed the save dialog. */
      z.object({ cancelled: z.literal(true) }),
    ]),
  }),
  'export/append': call({
    summary: 'Writes rows of one kind to the export (validated against the archive schema).',
    request: z.object({ exportId: ExportId, kind: z.enum(EXPORT_KINDS), rows: Rows }).strict(),
    response: z.object({ rows: z.number().int().nonnegative() }),
  }),
  'export/add-media': call({
    summary:
      'Adds the cached files of these media keys to the export; answers each key’s path in the archive, or null when it is not cached.',
    request: z.object({ exportId: ExportId, keys: z.array(MediaKey).min(1).max(MAX_MEDIA_KEYS) }).strict(),
    response: z.object({ files: z.record(z.string(), z.string().nullable()) }),
  }),
  'export/finish': call({
    summary:
      'Writes the zip (temp file, token check, then an atomic rename into place) and removes the temporary folder.',
    request: z.object({ exportId: ExportId }).strict(),
    response: z.object({
      bytes: z.number().int().nonnegative(),
      rows: z.number().int().nonnegative(),
      files: z.number().int().nonnegative(),
      notCached: z.number().int().nonnegative(),
      /** Electron: where the archive was saved. */
      savedTo: z.string().optional(),
      /** Browser host: a one-time same-origin address that downloads the archive. */
      download: z.string().optional(),
      fileName: z.string(),
    }),
  }),
  'export/cancel': call({
    summary: 'Stops an export and removes everything it wrote.',
    request: z.object({ exportId: ExportId }).strict(),
    response: z.object({ ok: z.literal(true) }),
  }),
} as const;

export const exportEvents = {
  'export/progress': event({
    summary: 'An export wrote more (rows, files, zip bytes) or ended.',
    payload: ExportProgress,
  }),
} as const;
