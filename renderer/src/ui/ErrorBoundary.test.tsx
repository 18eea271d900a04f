import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DuetDb } from '../data/db';
import { rebuildDuetDb } from '../data/open-db';
import { ErrorBoundary, RecoveryContext } from './ErrorBoundary';

/** A view that throws on render while `broken` says so (like a view meeting a cached row it cannot format). */
function Fragile(props: { broken: { current: boolean } }) {
  if (props.broken.current) throw new RangeError('Invalid time value');
  return <p>feed is back</p>;
}

/** A second column and a tab bar that must keep working while the first column is broken. */
function OtherColumn() {
  const [n, setN] = useState(0);
  return (
    <button onClick={() => setN(n + 1)} data-testid="other">
      gallery clicked {n}
    </button>
  );
}

afterEach(cleanup);

describe('ErrorBoundary', () => {
  it('shows the problem in place of the broken view while the rest of the app keeps working; Try again re-renders', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = { current: true };
    render(
      <RecoveryContext.Provider value={{ rebuildCache: async () => {} }}>
        <ErrorBoundary label="The Facebook feed">
          <Fragile broken={broken} />
        </ErrorBoundary>
        <ErrorBoundary label="The Instagram gallery">
          <OtherColumn />
        </ErrorBoundary>
      </RecoveryContext.Provider>,
    );
    const panel = screen.getByTestId('error-boundary');
    expect(panel.textContent).toContain('This part of Duet hit a problem');
    expect(panel.textContent).toContain('The Facebook feed could not be shown');
    expect(screen.getByRole('button', { name: 'Rebuild cache' })).toBeTruthy();
    // The other column is still there and still responds.
    fireEvent.click(screen.getByTestId('other'));
    expect(screen.getByTestId('other').textContent).toBe('gallery clicked 1');
    // Once the cause is gone, Try again brings the view back.
    broken.current = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('feed is back')).toBeTruthy();
    expect(screen.queryByTestId('error-boundary')).toBeNull();
    err.mockRestore();
  });

  it('Rebuild cache empties the cached content but keeps the queued replies, then shows the view again', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const name = `boundary-rebuild-${Date.now()}`;
    let db = new DuetDb(name);
    await db.open();
    await db.outbox.put({
      clientId: 'c1',
      state: 'queued',
      conversationId: 'messenger:t1',
      text: 'unsent',
      seq: 1,
    } as never);
    await db.messages.put({ id: 'local:c1', clientId: 'c1', text: 'unsent' } as never);
    // The row that breaks the view: stored before times were checked.
    await db.posts.put({ id: 'fb:bad', createdTime: 8.64e15 + 1 } as never);
    const broken = { current: true };
    const rebuildCache = async () => {
      db.close();
      db = await rebuildDuetDb(name);
      broken.current = (await db.posts.count()) > 0;
    };
    render(
      <RecoveryContext.Provider value={{ rebuildCache }}>
        <ErrorBoundary label="The Facebook feed">
          <Fragile broken={broken} />
        </ErrorBoundary>
      </RecoveryContext.Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Rebuild cache' }));
    await waitFor(() => expect(screen.getByText('feed is back')).toBeTruthy());
    expect((await db.outbox.toArray()).map((o) => o.clientId)).toEqual(['c1']);
    expect((await db.messages.toArray()).map((m) => m.id)).toEqual(['local:c1']);
    expect(await db.posts.count()).toBe(0);
    db.close();
    err.mockRestore();
  });

  it('without a cache to rebuild (outside the signed-in shell) offers only Try again', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <ErrorBoundary label="Duet">
        <Fragile broken={{ current: true }} />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rebuild cache' })).toBeNull();
    err.mockRestore();
  });
});
