// Renderer unit tests run in jsdom with an in-memory IndexedDB (fake-indexeddb); e2e uses Chromium's real one.
import 'fake-indexeddb/auto';
