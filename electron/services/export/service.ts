// The host's side of "Take it out" (export/* calls): one export at a time, staged in a temporary folder under the
// host's data folder, zipped to a temporary file next to its destination, checked for tokens, then renamed into place
// (so a cancel, a full disk or a found token leaves no half archive where the user looks, and a crash leaves one only
// until the next start: partials.ts). The renderer sends
// rows in bounded chunks; media files are linked in from the cache by key, so no bytes cross the bridge. See
// docs/export-format.md and docs/architecture.md ("Export").
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BridgeError, type CallResponse } from '../../../shared/bridge/contract';
import type { ExportProgress } from '../../../shared/bridge/calls/export';
import {
  AccountExport,
  ArchiveMediaPath,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportKind,
  type ExportManifest,
  forEachMediaRef,
  MANIFEST_NAME,
  ROW_SCHEMAS,
} from '../../../shared/export/format';
import type { Account } from '../../../shared/models';
import type { ExportDownloads, MediaCacheService } from '../types';
import { createPartialJournal, partialName, removeJournaledPartials } from './partials';
import { extensionOf, safeName } from './safe-name';
import { createStaging } from './staging';
import { createTokenScanner, SecretFoundError } from './token-scan';
import { writeZip, type ZipEntry } from './zip';

/** How long a finished browser-host archive waits for its download before it is deleted. */
const DOWNLOAD_TTL_MS = 15 * 60_000;
/** At most one zipping progress event per this many ms. */
const PROGRESS_EVERY_MS = 250;

/** What the export service needs from the host. */
export interface ExportDeps {
  /**
   * The host's own folder for exports in progress (emptied at start: whatever is there was interrupted), and the
   * journal of partial archives beside their destinations (removed at start too).
   */
  dir: string;
  media: Pick<MediaCacheService, 'exportFile'>;
  accounts(): Account[];
  /** Every token the vault holds: an archive containing one is refused. */
  secrets(): string[];
  /** Electron's save dialog; absent in the browser host (the archive is then offered as a download). */
  chooseExportPath?(suggestedName: string): Promise<string | null>;
  emit(progress: ExportProgress): void;
  now(): number;
  appVersion: string;
  log(line: string): void;
}

/** One export in progress. */
interface Running {
  id: string;
  account: Account;
  folderName: string;
  /** The archive's file name (the save dialog's suggestion, the download's name). */
  fileName: string;
  root: string;
  staging: ReturnType<typeof createStaging>;
  dest: string | null;
  /** Media key → its path in the account folder (null: not cached). */
  media: Map<string, string | null>;
  paths: Set<string>;
  mediaBytes: number;
  abort: AbortController;
  /** Operations of one export run one after the other (two appends never write one file at once). */
  queue: Promise<unknown>;
}

/** The words for each way an export can fail (the archive is never left half-written). */
const NOTHING_SAVED = 'Nothing was saved.';
function failureOf(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error;
  if (error instanceof SecretFoundError)
    return new BridgeError(
      'internal',
      `The export was stopped because it would have contained a sign-in token. ${NOTHING_SAVED}`,
    );
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new BridgeError(
      'internal',
      `The disk is full. ${NOTHING_SAVED} Free some space and export again.`,
    );
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new BridgeError(
      'internal',
      `Duet may not write to that folder. ${NOTHING_SAVED} Choose another one.`,
    );
  return new BridgeError(
    'internal',
    `The export failed (${error instanceof Error ? error.message : String(error)}). ${NOTHING_SAVED}`,
  );
}

const GONE = new BridgeError(
  'invalid-request',
  `This export is no longer running (it was cancelled, or Duet restarted). ${NOTHING_SAVED} Start it again.`,
);

const CANCELLED = new BridgeError('invalid-request', `The export was cancelled. ${NOTHING_SAVED}`);

function sameSecret(a: string, b: string) {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Creates the export service; removes what an interrupted earlier run left in `deps.dir` and beside destinations. */
export async function createExportService(deps: ExportDeps) {
  await removeJournaledPartials(deps.dir, deps.log);
  await rm(deps.dir, { recursive: true, force: true });
  await mkdir(deps.dir, { recursive: true });
  const journal = createPartialJournal(deps.dir);
  let running: Running | null = null;
  const ready = new Map<
    string,
    { path: string; fileName: string; size: number; ticket: string; timer: NodeJS.Timeout }
  >();

  const progress = (r: Running, phase: ExportProgress['phase'], bytes = r.mediaBytes) =>
    deps.emit({
      exportId: r.id,
      phase,
      rows: Object.values(r.staging.counts()).reduce((a, b) => a + b, 0),
      files: r.paths.size,
      bytes,
    });

  /** The running export `id`, or GONE. */
  function get(id: string): Running {
    if (!running || running.id !== id) throw GONE;
    return running;
  }

  /** Runs `op` after the export's earlier operations; a failure ends the export and removes its files. */
  function serial<T>(r: Running, op: () => Promise<T>): Promise<T> {
    const next = r.queue.then(async () => {
      if (running !== r) throw GONE;
      try {
        return await op();
      } catch (error) {
        const failure = failureOf(error);
        if (failure !== GONE && failure !== CANCELLED && running === r) {
          if (failure.code === 'internal') {
            deps.log(`export failed: ${failure.message}`);
            progress(r, 'failed');
            await discard(r);
          }
        }
        throw failure;
      }
    });
    r.queue = next.catch(() => undefined);
    return next;
  }

  /** Stops `r` and removes everything it wrote (its staging folder and any partial zip). */
  async function discard(r: Running) {
    if (running === r) running = null;
    r.abort.abort(new Error('cancelled'));
    await r.staging.abandon();
    await rm(r.root, { recursive: true, force: true });
    if (r.dest) {
      const partial = partialOf(r.dest, r.id);
      await rm(partial, { force: true });
      await journal.remove(partial);
    }
  }

  const partialOf = (dest: string, id: string) => join(dirname(dest), partialName(basename(dest), id));

  async function begin(accountId: string) {
    const account = deps.accounts().find((a) => a.id === accountId);
    if (!account) throw new BridgeError('invalid-request', 'This account is not among the signed-in Pages.');
    if (running) {
      const old = running;
      progress(old, 'cancelled');
      await old.queue;
      await discard(old);
    }
    const day = new Date(deps.now()).toISOString().slice(0, 10);
    const fileName = `Duet export ${
      account.name
        .replace(/[^\p{L}\p{N} _-]+/gu, '')
        .slice(0, 60)
        .trim() || account.id
    } ${day}.zip`;
    let dest: string | null = null;
    if (deps.chooseExportPath) {
      dest = await deps.chooseExportPath(fileName);
      if (dest === null) return { cancelled: true as const };
    }
    const id = randomBytes(16).toString('hex');
    const folderName = safeName(account.name || account.id);
    const root = join(deps.dir, id);
    const staging = createStaging(join(root, folderName));
    await staging.create();
    running = {
      id,
      account,
      folderName,
      fileName,
      root,
      staging,
      dest,
      media: new Map(),
      paths: new Set(),
      mediaBytes: 0,
      abort: new AbortController(),
      queue: Promise.resolve(),
    };
    progress(running, 'collecting');
    return { cancelled: false as const, exportId: id };
  }

  function checkRows(r: Running, kind: ExportKind, rows: readonly Record<string, unknown>[]) {
    const schema = ROW_SCHEMAS[kind];
    rows.forEach((row, i) => {
      const parsed = schema.safeParse(row);
      if (!parsed.success)
        throw new BridgeError('invalid-request', `Row ${i + 1} is not a valid ${kind} row.`, [
          { path: `rows.${i}`, message: parsed.error.issues[0]?.message ?? 'invalid' },
        ]);
      if (row.accountId !== r.account.id)
        throw new BridgeError('invalid-request', `Row ${i + 1} belongs to another account.`);
      forEachMediaRef(row, (ref) => {
        if (ref.file === undefined) return;
        if (!ArchiveMediaPath.safeParse(ref.file).success || !r.paths.has(ref.file))
          throw new BridgeError('invalid-request', `Row ${i + 1} names a file that is not in the export.`);
      });
    });
  }

  async function append(id: string, kind: ExportKind, rows: Record<string, unknown>[]) {
    const r = get(id);
    return serial(r, async () => {
      checkRows(r, kind, rows);
      await r.staging.append(kind, rows);
      progress(r, 'collecting');
      return { rows: r.staging.counts()[kind] };
    });
  }

  async function addMedia(id: string, keys: string[]) {
    const r = get(id);
    return serial(r, async () => {
      const files: Record<string, string | null> = {};
      for (const key of keys) {
        if (!r.media.has(key)) {
          const name = safeName(key);
          const tmp = join(r.staging.mediaDir, name);
          const got = await deps.media.exportFile(key, tmp);
          let path: string | null = null;
          if (got) {
            const final = `${name}${extensionOf(got.mime)}`;
            if (final !== name) await rename(tmp, join(r.staging.mediaDir, final));
            path = `media/${final}`;
            r.paths.add(path);
            r.mediaBytes += got.size;
          }
          r.media.set(key, path);
        }
        files[key] = r.media.get(key)!;
      }
      progress(r, 'collecting');
      return { files };
    });
  }

  async function finish(id: string): Promise<CallResponse<'export/finish'>> {
    const r = get(id);
    return serial(r, async () => {
      const counts = r.staging.counts();
      const kindFiles = await r.staging.close();
      const notCached = [...r.media.values()].filter((v) => v === null).length;
      const manifest: ExportManifest = {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        createdAt: deps.now(),
        app: { name: 'Duet', version: deps.appVersion },
        account: {
          id: r.account.id,
          name: r.account.name,
          ...(r.account.instagram ? { instagram: r.account.instagram.username } : {}),
          folder: r.folderName,
        },
        counts,
        files: { count: r.paths.size, bytes: r.mediaBytes, notCached },
      };
      await writeFile(join(r.root, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
      await writeFile(
        join(r.staging.folder, 'account.json'),
        `${JSON.stringify(AccountExport.parse(r.account), null, 2)}\n`,
      );
      const folder = r.folderName;
      function* entries(): Generator<ZipEntry> {
        yield { realPath: join(r.root, MANIFEST_NAME), name: MANIFEST_NAME, compress: true };
        for (const f of ['account.json', ...kindFiles])
          yield { realPath: join(r.staging.folder, f), name: `${folder}/${f}`, compress: true };
        for (const p of r.paths)
          yield { realPath: join(r.staging.folder, p), name: `${folder}/${p}`, compress: false };
      }
      const out = r.dest ?? join(deps.dir, `${r.id}.zip`);
      const partial = r.dest ? partialOf(r.dest, r.id) : `${out}.partial`;
      let last = 0;
      progress(r, 'zipping', 0);
      // Beside the user's destination: listed before it exists, so a crash from here on is cleaned at next start.
      if (r.dest) await journal.add(partial);
      const bytes = await writeZip({
        entries: entries(),
        out: partial,
        scanner: createTokenScanner(deps.secrets()),
        signal: r.abort.signal,
        onBytes: (b) => {
          const t = Date.now();
          if (t - last < PROGRESS_EVERY_MS) return;
          last = t;
          progress(r, 'zipping', b);
        },
      }).catch(async (error: unknown) => {
        await rm(partial, { force: true });
        await journal.remove(partial);
        throw r.abort.signal.aborted ? CANCELLED : error;
      });
      if (r.abort.signal.aborted) {
        await rm(partial, { force: true });
        await journal.remove(partial);
        throw CANCELLED;
      }
      await rename(partial, out);
      await journal.remove(partial);
      await rm(r.root, { recursive: true, force: true });
      running = null;
      progress(r, 'done', bytes);
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      const result = {
        bytes,
        rows,
        files: r.paths.size,
        notCached,
        fileName: r.dest ? basename(r.dest) : r.fileName,
      };
      if (r.dest) return { ...result, savedTo: r.dest };
      const ticket = randomBytes(24).toString('hex');
      const timer = setTimeout(() => void drop(r.id), DOWNLOAD_TTL_MS);
      timer.unref();
      ready.set(r.id, { path: out, fileName: result.fileName, size: (await stat(out)).size, ticket, timer });
      return { ...result, download: `/export-download?id=${r.id}&t=${ticket}` };
    });
  }

  async function drop(id: string) {
    const d = ready.get(id);
    if (!d) return;
    ready.delete(id);
    clearTimeout(d.timer);
    await rm(d.path, { force: true });
  }

  async function cancel(id: string) {
    if (running?.id === id) {
      const r = running;
      // Synchronously, before anything else runs: an operation queued behind this finds the export gone, and a zip
      // under way stops at once. Its files are removed once that operation has unwound.
      running = null;
      r.abort.abort(new Error('cancelled'));
      progress(r, 'cancelled');
      await r.queue;
      await discard(r);
    }
    await drop(id);
    return { ok: true as const };
  }

  /**
   * Stops the running export (its staging folder and partial archive are removed) and deletes the finished archives
   * still waiting for their download: on sign-out nothing of the account may stay behind or be downloadable.
   */
  async function clear() {
    if (running) await cancel(running.id);
    for (const id of [...ready.keys()]) await drop(id);
  }

  const downloads: ExportDownloads = {
    take(exportId, ticket) {
      const d = ready.get(exportId);
      if (!d || !sameSecret(d.ticket, ticket)) return null;
      // Spent now: a second request, even one racing this download, gets nothing.
      ready.delete(exportId);
      clearTimeout(d.timer);
      return {
        path: d.path,
        fileName: d.fileName,
        size: d.size,
        done: () => void rm(d.path, { force: true }),
      };
    },
  };

  return {
    begin,
    append,
    addMedia,
    finish,
    cancel,
    downloads,
    /** Files in the exports folder right now (tests: nothing may be left behind). */
    leftovers: () => readdir(deps.dir),
    clear,
    dispose: clear,
  };
}

/** The export service (export/* handlers and the browser host's download route). */
export type ExportService = Awaited<ReturnType<typeof createExportService>>;
