import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './e2e/support/chromium';

// Every journey runs through the browser host in Chromium, each test with its own sandbox, host and data folder.
// The Electron project runs the same kind of checks against the real app where an Electron binary exists.
const browserUse = {
  browserName: 'chromium' as const,
  launchOptions: { executablePath: resolveChromium(), args: CHROMIUM_ARGS },
};

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // The outbox soak is the longest test; as its own project, listed first, it starts at once and runs beside the
    // other journeys instead of alone at the end.
    {
      name: 'soak',
      testMatch: 'soak.spec.ts',
      use: browserUse,
    },
    {
      name: 'browser',
      testIgnore: ['electron/**', 'soak/**', 'soak.spec.ts'],
      use: browserUse,
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
    },
  ],
});
