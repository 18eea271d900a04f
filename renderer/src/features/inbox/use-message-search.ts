// Offline search over everything stored for an account (messages, comments, post and media text).
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { type DuetDb } from '../../data/db';
import { searchComments } from '../../data/repos/comments';
import { type CaptionHit, searchCaptions } from '../../data/repos/content';
import { searchMessages } from '../../data/repos/inbox';

/** How many hits the search shows. */
const HITS = 50;

/** How many comments and posts the search shows (beside the messages). */
const OTHER_HITS = 20;

/**
 * Messages, comments and posts matching `query` (undefined while the search runs). Messages and comments are word
 * indexed and followed live; post and media text has no index and is walked, so it is read once per query rather than
 * again on every sync write to the posts (which a live query would do).
 */
export function useStoredSearch(db: DuetDb, accountId: string, query: string) {
  const indexed = useLiveQuery(async () => {
    const [messages, comments] = await Promise.all([
      searchMessages(db, accountId, query, HITS),
      searchComments(db, accountId, query, OTHER_HITS),
    ]);
    return { messages, comments };
  }, [db, accountId, query]);
  const [captions, setCaptions] = useState<{ key: string; hits: CaptionHit[] } | null>(null);
  const key = `${accountId}|${query}`;
  useEffect(() => {
    let live = true;
    void searchCaptions(db, accountId, query, OTHER_HITS).then((hits) => live && setCaptions({ key, hits }));
    return () => {
      live = false;
    };
  }, [db, accountId, query, key]);
  if (!indexed || captions?.key !== key) return undefined;
  return { ...indexed, captions: captions.hits };
}
