// The export section: the user's own Cancel is a neutral status ("nothing was saved"), not a red failure alert; a
// real failure still is one.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BridgeCallError } from '../../bridge';
import { DuetDb } from '../../data/db';
import { createFakeBridge } from '../../test/fake-bridge';
import { SessionHarness, sessionWith } from '../../test/session-fixtures';
import { ExportData } from './ExportData';

let db: DuetDb;
let n = 0;
beforeEach(async () => {
  db = new DuetDb(`export-view-${++n}`);
  await db.open();
});
afterEach(async () => {
  cleanup();
  db.close();
  await db.delete();
});

/** A host whose zip runs until it is cancelled (as the real host's finish ends once export/cancel stops it). */
function zippingHost(finish: 'until-cancelled' | 'fails') {
  const bridge = createFakeBridge();
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  bridge.handle('export/begin', () => ({ cancelled: false, exportId: 'a'.repeat(32) }));
  bridge.handle('export/finish', async () => {
    if (finish === 'fails')
      throw new BridgeCallError({ code: 'internal', message: 'The disk is full. Nothing was saved.' });
    await stopped;
    throw new BridgeCallError({ code: 'invalid-request', message: 'The export was cancelled.' });
  });
  bridge.handle('export/cancel', () => {
    stop();
    return { ok: true };
  });
  return bridge;
}

function renderView(bridge: ReturnType<typeof createFakeBridge>) {
  render(
    <SessionHarness initial={sessionWith([])} bridge={bridge}>
      <ExportData db={db} accountId="10" />
    </SessionHarness>,
  );
}

describe('ExportData', () => {
  it('Cancel while the archive is written says so calmly, and the host is told to stop', async () => {
    const bridge = zippingHost('until-cancelled');
    renderView(bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Export everything for Cafe' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel export' }));
    expect((await screen.findByText('Export cancelled. Nothing was saved.')).getAttribute('role')).toBe(
      'status',
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(bridge.callsOf('export/cancel')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Export everything for Cafe' })).toBeTruthy();
  });

  it('a failure is still an alert with the host’s words', async () => {
    renderView(zippingHost('fails'));
    fireEvent.click(screen.getByRole('button', { name: 'Export everything for Cafe' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The disk is full. Nothing was saved.');
  });
});
