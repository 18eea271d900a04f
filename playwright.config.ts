import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, resolveChromium } from './e2e/support/chromium';

// Every journey runs through the browser host in Chromium, each test with its own sandbox, host and data folder.
// The Electron project runs the same kind of checks against the real app where an Electron binary exists.
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
    {
      name: 'browser',
      testIgnore: ['electron/**', 'soak/**'],
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: resolveChromium(), args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'electron',
      testDir: 'e2e/electron',
    },
  ],
});
