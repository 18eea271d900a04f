// A clock for relative times ("5 min ago") that re-renders its user once a minute, not on every frame; and the same
// in Meta's time, for the views that show a window Meta enforces (reply windows, private replies).
import { useEffect, useState } from 'react';
import { metaNow, onMetaClock } from '../data/meta-clock';

/** The current time, refreshed every `everyMs` (default one minute). */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(h);
  }, [everyMs]);
  return now;
}

/**
 * Meta's time now (the local clock plus the offset the host measured), refreshed every `everyMs` and at once when a
 * new reading arrives. Meta's timestamps compare against this, never against a skewed local clock.
 */
export function useMetaNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => metaNow());
  useEffect(() => {
    const h = setInterval(() => setNow(metaNow()), everyMs);
    const off = onMetaClock(() => setNow(metaNow()));
    return () => {
      clearInterval(h);
      off();
    };
  }, [everyMs]);
  return now;
}
