// Pictures and videos per account in Privacy & data: the inventory shows this account's media cache beside every
// account's, "Pictures and videos of this account" deletes only this account's files (the host is asked for that
// account alone), and "Everything stored for this account" says it takes the account's pictures too, and does.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuetDb } from '../../data/db';
import { createFakeBridge } from '../../test/fake-bridge';
import { SessionHarness, sessionWith } from '../../test/session-fixtures';
import { DeleteConfirm, DeleteData } from './DeleteData';
import { StoredData } from './StoredData';
import { useDeleteData } from './use-delete-data';
import { useInventory } from './use-inventory';

let db: DuetDb;
let n = 0;
beforeEach(async () => {
  db = new DuetDb(`delete-pictures-${++n}`);
  await db.open();
});
afterEach(async () => {
  cleanup();
  db.close();
  await db.delete();
});

/** A host whose cache holds `mine` files of account 10 (1 KB each) and 5 of another account. */
function hostWith(mine: number) {
  const bridge = createFakeBridge();
  const cache = { mine, others: 5 };
  bridge.handle('diagnostics/get', () => ({
    mediaCache: {
      entries: cache.mine + cache.others,
      bytes: (cache.mine + cache.others) * 1024,
      maxBytes: 1 << 30,
      hits: 0,
      misses: 0,
    },
    usage: [],
    log: [],
    memory: { rssBytes: 0, heapUsedBytes: 0 },
  }));
  bridge.handle('media/cache-stats', ({ accountId }) =>
    accountId === '10' ? { entries: cache.mine, bytes: cache.mine * 1024 } : { entries: 0, bytes: 0 },
  );
  bridge.handle('media/clear-cache', ({ accountId }) => {
    const freed = (accountId === undefined ? cache.mine + cache.others : cache.mine) * 1024;
    cache.mine = 0;
    if (accountId === undefined) cache.others = 0;
    return { freedBytes: freed };
  });
  return bridge;
}

/** The panel's inventory and delete sections, wired as PrivacyDialog wires them. */
function Panel() {
  const [generation, setGeneration] = useState(0);
  const inventory = useInventory(db, '10', generation);
  const flow = useDeleteData(db, '10', () => setGeneration((g) => g + 1));
  return (
    <>
      <StoredData inventory={inventory} vault="the test vault" />
      <DeleteData flow={flow} inventory={inventory} />
      {flow.reviewing && <DeleteConfirm flow={flow} inventory={inventory} />}
    </>
  );
}

function renderPanel(bridge: ReturnType<typeof createFakeBridge>) {
  render(
    <SessionHarness initial={sessionWith([])} bridge={bridge}>
      <Panel />
    </SessionHarness>,
  );
}

const accountLine = async () => (await screen.findByTestId('media-cache-account')).textContent;

async function review(label: string) {
  fireEvent.click(screen.getByRole('radio', { name: label }));
  fireEvent.click(screen.getByRole('button', { name: 'Review what will be deleted…' }));
  return screen.findByRole('dialog', { hidden: true });
}

describe('pictures and videos of one account', () => {
  it('the inventory shows this account’s files beside every account’s', async () => {
    renderPanel(hostWith(3));
    expect(await accountLine()).toMatch(
      /^3 files, 3(\.0)? KB for this account; 8 files, 8(\.0)? KB of at most/,
    );
  });

  it('deleting this account’s pictures asks the host for this account only, and the inventory then shows 0', async () => {
    const bridge = hostWith(3);
    renderPanel(bridge);
    await screen.findByText(/for this account;/);
    const dialog = await review('Pictures and videos of this account');
    expect(dialog.textContent).toMatch(
      /Deletes 3 files \(3(\.0)? KB\) of this account from this computer; other accounts’ pictures stay/,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete 3 items', hidden: true }));
    expect(await screen.findByText(/^Deleted 3(\.0)? KB of pictures and videos\.$/)).toBeTruthy();
    expect(bridge.callsOf('media/clear-cache')).toEqual([{ accountId: '10' }]);
    await expect.poll(accountLine).toMatch(/^0 files, .* for this account; 5 files/);
  });

  it('cannot be reviewed while this account has no files, though other accounts have some', async () => {
    renderPanel(hostWith(0));
    await screen.findByText(/for this account;/);
    fireEvent.click(screen.getByRole('radio', { name: 'Pictures and videos of this account' }));
    const button = screen.getByRole('button', { name: 'Review what will be deleted…' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'Pictures and videos (every account)' }));
    expect(button.disabled).toBe(false);
  });

  it('everything stored for the account says it takes the account’s pictures, counts them, and deletes them', async () => {
    const bridge = hostWith(3);
    renderPanel(bridge);
    await screen.findByText(/for this account;/);
    const dialog = await review('Everything stored for this account');
    expect((await within(dialog).findByTestId('delete-account-pictures')).textContent).toMatch(
      /includes the account’s pictures and videos in the media cache \(3 files, 3(\.0)? KB\); other accounts’ pictures stay/,
    );
    const line = await within(dialog).findByText(/^Pictures and videos: 3 files/);
    expect(line.getAttribute('data-count')).toBe('3');
    // The store of this test is empty: the three files are all there is to delete.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete 3 items', hidden: true }));
    expect(
      await screen.findByText(/^Deleted 0 items \(.*\) and 3(\.0)? KB of pictures and videos\.$/),
    ).toBeTruthy();
    expect(bridge.callsOf('media/clear-cache')).toEqual([{ accountId: '10' }]);
    await expect.poll(accountLine).toMatch(/^0 files, .* for this account; 5 files/);
  });
});
