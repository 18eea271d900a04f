// The journal of partial archives: a zip is written to `.<name>.<id>.partial` beside the user's destination and
// renamed into place when it is complete. A crash (or a kill) in between would leave that file in the user's folder
// for ever, so its path is written here first, in the host's own exports folder, and the next start removes it.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';

/** The journal's file inside the exports folder. */
const JOURNAL = 'partials.json';

/** The name of the partial archive of export `id` bound for `destName`. */
export const partialName = (destName: string, id: string) => `.${destName}.${id}.partial`;

/**
 * Whether `path` is a partial archive this service writes (an absolute path whose name is `.<name>.<32 hex>.partial`).
 * The journal is a file on disk: whatever else it lists is never deleted, so a damaged or planted journal cannot make
 * Duet remove a user's file.
 */
export function isOwnPartial(path: unknown): path is string {
  return (
    typeof path === 'string' &&
    isAbsolute(path) &&
    !path.includes('\0') &&
    /^\..+\.[a-f0-9]{32}\.partial$/s.test(basename(path))
  );
}

/** Removes the partial archives an interrupted run listed in `dir`'s journal (call before emptying `dir`). */
export async function removeJournaledPartials(dir: string, log: (line: string) => void): Promise<number> {
  let listed: unknown;
  try {
    listed = JSON.parse(await readFile(join(dir, JOURNAL), 'utf8'));
  } catch {
    return 0; // no journal (nothing was being zipped) or a torn one (written atomically, so not ours)
  }
  let removed = 0;
  for (const path of Array.isArray(listed) ? listed : []) {
    if (!isOwnPartial(path)) continue;
    await rm(path, { force: true }).then(
      () => removed++,
      (error: unknown) => log(`export: could not remove a partial archive: ${String(error)}`),
    );
  }
  return removed;
}

/** The journal of one service: partial archives being written right now. */
export function createPartialJournal(dir: string) {
  const paths = new Set<string>();
  const file = join(dir, JOURNAL);
  async function save() {
    // Nothing being written: no journal, so the exports folder is empty between exports.
    if (paths.size === 0) return rm(file, { force: true });
    // Whole or not at all: a crash while saving leaves the previous journal, never a torn one.
    const tmp = `${file}.tmp`;
    await writeFile(tmp, JSON.stringify([...paths]));
    await rename(tmp, file);
  }
  return {
    /** Records `path` before the partial archive is created there. */
    async add(path: string) {
      paths.add(path);
      await save();
    },
    /** Forgets `path` once it was renamed into place or removed. */
    async remove(path: string) {
      if (!paths.delete(path)) return;
      await save();
    },
  };
}
