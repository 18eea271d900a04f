// Bounds how many pictures load at once. In the browser host, media and bridge calls share the browser's six
// HTTP/1.1 connections per origin (one is held by the event stream): a grid of slow cache misses must not starve
// sync calls. Electron's duet-media: protocol has no such limit, so it gets more slots.
import { createContext, useContext } from 'react';

/** A counting semaphore for media loads. */
export interface MediaSlots {
  /** Resolves with a release function once a slot is free. */
  acquire(): Promise<() => void>;
}

/** Creates a limiter allowing `max` concurrent loads. */
export function createMediaSlots(max: number): MediaSlots {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };
  return {
    acquire() {
      return new Promise((resolve) => {
        let released = false;
        const once = () => {
          if (!released) {
            released = true;
            release();
          }
        };
        if (active < max) {
          active++;
          resolve(once);
        } else waiting.push(() => resolve(once));
      });
    },
  };
}

const browserSlots = createMediaSlots(4);
const electronSlots = createMediaSlots(12);

/** Lets tests or hosts provide their own limiter. */
export const MediaSlotsContext = createContext<MediaSlots | null>(null);

/** The limiter for the current host kind. */
export function useMediaSlots(kind: 'electron' | 'browser'): MediaSlots {
  return useContext(MediaSlotsContext) ?? (kind === 'electron' ? electronSlots : browserSlots);
}
