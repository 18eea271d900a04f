// File and folder names inside an export archive, made from text Duet does not control (media keys, Page names).
// A name is safe on every system the archive may be unpacked on: only ASCII letters, digits, `_` and `-` (so no
// separators, no `..`, no drive letters, no `:` or other characters Windows refuses, no control or look-alike
// characters), never empty, never starting with `-`, at most 64 characters before the hash, and never one of the
// names Windows reserves (CON, NUL, COM1 …, with or without an extension). A short hash of the original text keeps
// two names apart that differ only in the characters that were replaced.
import { createHash } from 'node:crypto';

/** Names Windows refuses for files, whatever the extension (https://learn.microsoft.com/windows/win32/fileio/naming-a-file). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** The longest stem kept before the hash. */
const MAX_STEM = 64;

/** A safe name for `raw`: `<readable stem>-<hash>` plus `ext` when it is a plain extension (`.jpg`). */
export function safeName(raw: string, ext = ''): string {
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 12);
  let stem = raw
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[-_]+/, '')
    .slice(0, MAX_STEM)
    .replace(/[-_]+$/, '');
  if (stem === '' || RESERVED.test(stem)) stem = `x${stem}`;
  const safeExt = /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : '';
  return `${stem}-${hash}${safeExt}`;
}

/** The extension of a cached file's MIME type (responses.ts sniffs and limits them), '' when unknown. */
export function extensionOf(mime: string): string {
  const known: Record<string, string> = {
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'image/gif': '.gif',
    'image/webp': '.webp',
    'video/mp4': '.mp4',
    'video/webm': '.webm',
    'audio/mpeg': '.mp3',
    'audio/mp4': '.m4a',
  };
  return known[mime.split(';')[0]!.trim().toLowerCase()] ?? '';
}
