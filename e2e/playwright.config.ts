import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the real, BUILT engine (apps/engine/dist) serving the BUILT builder
 * (apps/builder/dist): run `npm run build` at the repository root first.
 * The global setup creates a fresh PostgreSQL database, starts the engine on a free port and loads
 * a small sample through the real API; the global teardown stops the engine and drops the database.
 * Browser: Debian's Chromium (/usr/bin/chromium). Never `npx playwright install` here.
 */
export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    launchOptions: {
      executablePath: process.env.RETAIN_E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    },
  },
});
