// The feed column's headline numbers, without putting the insights code in the initial bundle: the reader
// (headlines-live.ts, through the insights repository) is loaded after the column is on screen, and the cards show
// their views once it answers.
import { useEffect, useState } from 'react';
import { type DuetDb } from '../../data/db';
import { type Headline } from './headline';

/** Every item's headline of an account, by Meta's id of the item (undefined until the first answer). */
export function useHeadlines(db: DuetDb, accountId: string): ReadonlyMap<string, Headline> | undefined {
  const [headlines, setHeadlines] = useState<{ key: string; map: ReadonlyMap<string, Headline> }>();
  useEffect(() => {
    let stopped = false;
    let stop: (() => void) | undefined;
    void import('./headlines-live').then(
      ({ watchHeadlines }) => {
        if (!stopped) stop = watchHeadlines(db, accountId, (map) => setHeadlines({ key: accountId, map }));
      },
      // Without the chunk (an update replaced the files under a running window) cards just show no views.
      () => undefined,
    );
    return () => {
      stopped = true;
      stop?.();
    };
  }, [db, accountId]);
  // Another account's numbers never show on this one's cards while its first answer is on the way.
  return headlines?.key === accountId ? headlines.map : undefined;
}
