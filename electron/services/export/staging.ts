// The temporary folder of one export: rows appended to one file per kind as they arrive (a JSON array written
// element by element, or JSON Lines for messages), so the host holds at most one chunk of rows at a time.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { EXPORT_KINDS, KIND_FILES, type ExportKind } from '../../../shared/export/format';

interface KindFile {
  fh: FileHandle | null;
  count: number;
}

/** The row files of an export's account folder. */
export function createStaging(folder: string) {
  const files = new Map<ExportKind, KindFile>(EXPORT_KINDS.map((k) => [k, { fh: null, count: 0 }]));
  const isLines = (kind: ExportKind) => KIND_FILES[kind].endsWith('.jsonl');
  const pathOf = (kind: ExportKind) => join(folder, KIND_FILES[kind]);

  return {
    folder,
    mediaDir: join(folder, 'media'),
    async create() {
      await mkdir(join(folder, 'media'), { recursive: true });
    },
    /** Rows written so far, per kind. */
    counts(): Record<ExportKind, number> {
      return Object.fromEntries(EXPORT_KINDS.map((k) => [k, files.get(k)!.count])) as Record<
        ExportKind,
        number
      >;
    },
    /** Appends rows (already checked) to their kind's file. */
    async append(kind: ExportKind, rows: readonly unknown[]) {
      const f = files.get(kind)!;
      f.fh ??= await open(pathOf(kind), 'wx');
      const body = rows.map((r) => JSON.stringify(r));
      const text = isLines(kind)
        ? `${body.join('\n')}\n`
        : `${f.count === 0 ? '[\n' : ',\n'}${body.join(',\n')}`;
      await f.fh.write(text);
      f.count += rows.length;
    },
    /** Ends every file (a kind without rows is an empty array / an empty file) and closes them. */
    async close(): Promise<string[]> {
      for (const kind of EXPORT_KINDS) {
        const f = files.get(kind)!;
        f.fh ??= await open(pathOf(kind), 'wx');
        if (!isLines(kind)) await f.fh.write(f.count === 0 ? '[]\n' : '\n]\n');
        await f.fh.close();
        f.fh = null;
      }
      return EXPORT_KINDS.map((k) => KIND_FILES[k]);
    },
    /** Closes what is open without finishing it (cancel, failure). */
    async abandon() {
      for (const f of files.values()) {
        await f.fh?.close().catch(() => undefined);
        f.fh = null;
      }
    },
  };
}
