import type { FullConfig } from '@playwright/test';
import { startServer } from './support/server';

/** Environment variable carrying the server's page URL (with token) to the tests. */
export const URL_ENV = 'CORTEX_E2E_URL';
/** Environment variable carrying the server's data dir (CORTEX_DATA_DIR) to the tests. */
export const DATA_DIR_ENV = 'CORTEX_E2E_DATA_DIR';

/**
 * Starts one real browser-mode server for the run (fresh data dir) and hands its URL to
 * the tests through {@link URL_ENV}. Builds nothing: `npm run build` comes first.
 * @returns the teardown that stops it (SIGTERM)
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const server = await startServer();
  process.env[URL_ENV] = server.url;
  process.env[DATA_DIR_ENV] = server.dataDir;
  return () => server.stop();
}
