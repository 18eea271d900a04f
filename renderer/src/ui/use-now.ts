// A clock for relative times ("5 min ago") that re-renders its user once a minute, not on every frame.
import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (default one minute). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(h);
  }, [everyMs]);
  return now;
}
