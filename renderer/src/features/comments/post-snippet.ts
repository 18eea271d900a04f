// The words a comment's post or medium is shown by (the Comments list, a conversation started from a comment).
import { type MediaRow, type PostRow } from '../../data/db';

/** The start of a post's text or a medium's caption, or what to say when it has none. */
export function postSnippet(row: PostRow | MediaRow, max: number): string {
  const text = row.id.startsWith('ig:')
    ? (row as MediaRow).caption
    : ((row as PostRow).message ?? (row as PostRow).story);
  if (!text) return 'A post without text';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
