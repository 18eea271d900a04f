// The gallery column's reads, live: the newest `limit` Instagram posts, the stories row, and the gallery stream's
// stored state.
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../../data/db';
import { newestMedia, newestStories } from '../../data/repos/content';
import { useStreamState } from '../use-stream-state';

/** How many stories the row shows (live ones first, then the archive). */
const STORIES = 40;

/** The gallery's window of posts and its stories (each undefined while loading), and its stream state. */
export function useGallery(db: DuetDb, accountId: string, limit: number) {
  const rows = useLiveQuery(() => newestMedia(db, accountId, limit), [db, accountId, limit]);
  const stories = useLiveQuery(() => newestStories(db, accountId, STORIES), [db, accountId]);
  const stored = useStreamState(db, accountId, 'gallery');
  return { rows, stories, stored };
}
