import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type DuetDb } from '../data/db';
import { onOpenStore } from './open-store';
import { useLocalStore } from './use-local-store';

describe('onOpenStore', () => {
  it('follows the store the shell opens for the signed-in user, and its closing', async () => {
    const seen: Array<DuetDb | null> = [];
    const unsubscribe = onOpenStore((db) => seen.push(db));
    expect(seen).toEqual([null]);

    const { result, unmount } = renderHook(() => useLocalStore('alex', 0));
    await waitFor(() => expect(result.current.status).toBe('ready'));
    const state = result.current;
    if (state.status !== 'ready') throw new Error('not ready');
    expect(seen).toEqual([null, state.db]);

    // A late subscriber gets the open store at once.
    const late: Array<DuetDb | null> = [];
    const unsubscribeLate = onOpenStore((db) => late.push(db));
    expect(late).toEqual([state.db]);
    unsubscribeLate();

    unmount();
    expect(seen).toEqual([null, state.db, null]);
    unsubscribe();
  });

  it('hands over to the rebuilt store after a rebuild', async () => {
    const seen: Array<DuetDb | null> = [];
    const unsubscribe = onOpenStore((db) => seen.push(db));
    const { result, unmount } = renderHook(() => useLocalStore('alex', 0));
    await waitFor(() => expect(result.current.status).toBe('ready'));
    const first = result.current;
    if (first.status !== 'ready') throw new Error('not ready');
    await first.rebuild();
    await waitFor(() =>
      expect(result.current.status === 'ready' && result.current.db !== first.db).toBe(true),
    );
    const second = result.current;
    if (second.status !== 'ready') throw new Error('not ready');
    expect(seen).toEqual([null, first.db, null, second.db]);
    unmount();
    expect(seen.at(-1)).toBeNull();
    unsubscribe();
  });
});
