// Where a served file really lives. A path can be spelled safely (no `..`, no encoded slashes) and still lead out of
// its folder through a symlink — a packaging slip, or a link planted next to the app. Both hosts that serve the
// renderer (Electron's `app://` and the browser host) ask this before reading a file.
import { realpath as fsRealpath } from 'node:fs/promises';
import { sep } from 'node:path';

/** Resolves symlinks; replaceable in tests. */
export type RealPath = (path: string) => Promise<string>;

/**
 * A check that `file`'s real path (every symlink resolved) stays inside `root`'s real path. Never throws: a missing
 * file, a broken link or an unreadable root answer `false`. The root's real path is resolved once and kept, unless
 * resolving it failed (then it is tried again on the next call).
 */
export function realPathInside(
  root: string,
  realpath: RealPath = (p) => fsRealpath(p),
): (file: string) => Promise<boolean> {
  let realRoot: Promise<string> | null = null;
  return async (file) => {
    try {
      realRoot ??= realpath(root);
      const [rootPath, filePath] = await Promise.all([realRoot, realpath(file)]);
      return filePath.startsWith(rootPath.endsWith(sep) ? rootPath : rootPath + sep);
    } catch {
      realRoot = null;
      return false;
    }
  };
}
