// Unit tests never load the real Electron binary (it cannot be downloaded on our machines): every test that
// imports code touching `electron` gets the typed stand-in from ./electron-mock.ts.
import { vi } from 'vitest';

vi.mock('electron', async () => (await import('./electron-mock')).electronMock);
