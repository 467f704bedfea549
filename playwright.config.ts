import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/** Debian's Chromium, where a system has one at this path. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser to drive: `CHROMIUM_PATH` when set, else {@link SYSTEM_CHROMIUM} when it
 * exists, else Playwright's own Chromium (`npx playwright install chromium`; the CI
 * workflow's way on macOS and Windows).
 */
function chromiumPath(): string | undefined {
  return process.env['CHROMIUM_PATH'] || (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined);
}

/**
 * End-to-end tests: Debian's Chromium (Playwright cannot download browsers here) against
 * the real backend in browser mode, started once by e2e/global-setup.ts from the built
 * output (`npm run build` first). Real PTYs, real SQLite, no mocks.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/artifacts',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1600, height: 900 },
    deviceScaleFactor: 1,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    colorScheme: 'dark',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
