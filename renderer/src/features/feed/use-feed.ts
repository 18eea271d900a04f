// The feed column's reads, live: the newest `limit` posts of the account and the feed stream's stored state.
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../../data/db';
import { newestPosts } from '../../data/repos/content';
import { useStreamState } from '../use-stream-state';

/**
 * The feed's window of posts (undefined while the first window loads) and its stream state. While a grown window
 * loads, the previous one is still returned (no flash of emptiness).
 */
export function useFeed(db: DuetDb, accountId: string, limit: number) {
  const rows = useLiveQuery(() => newestPosts(db, accountId, limit), [db, accountId, limit]);
  const stored = useStreamState(db, accountId, 'feed');
  return { rows, stored };
}
