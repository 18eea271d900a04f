// Live headline numbers read through the insights repository: one account range for a whole column, one key range
// for one item (the media viewer). Loaded lazily by use-headlines.ts; the viewer is a lazy chunk itself.
import { liveQuery } from 'dexie';
import { useLiveQuery } from 'dexie-react-hooks';
import { type DuetDb } from '../../data/db';
import { readInsightsStatus, readLatest, readLatestOf } from '../../data/repos/insights';
import { type Headline, headlineOf, headlinesOf } from './headline';

/** Calls `onChange` with every item's headline of an account now and whenever they change; returns the stop. */
export function watchHeadlines(
  db: DuetDb,
  accountId: string,
  onChange: (headlines: ReadonlyMap<string, Headline>) => void,
): () => void {
  const sub = liveQuery(async () => {
    const [latest, status] = await Promise.all([
      readLatest(db, accountId),
      readInsightsStatus(db, accountId),
    ]);
    return headlinesOf(latest, status.unavailable);
  }).subscribe({
    next: onChange,
    // A closed store (sign-out) ends the subscription; the cards keep what they showed.
    error: () => undefined,
  });
  return () => sub.unsubscribe();
}

/** One item's headline (null when Duet has no numbers for it). */
export function useHeadline(db: DuetDb, accountId: string, objectId: string): Headline | null | undefined {
  return useLiveQuery(async () => {
    const [rows, status] = await Promise.all([
      readLatestOf(db, accountId, objectId),
      readInsightsStatus(db, accountId),
    ]);
    return headlineOf(rows, status.unavailable[objectId]);
  }, [db, accountId, objectId]);
}
