import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBrowserMode } from './browser-mode.js';
import { installGcOnSignal } from './gc-on-signal.js';

/**
 * `npm run serve [-- --port N] [--static DIR]`: browser mode. Prints the URL with its
 * token; Ctrl-C (SIGINT) or SIGTERM stops it and every session. Without `--port` it reuses
 * the data dir's last port when free (`--port 0` takes any free port); the token is kept
 * across restarts until `cortex token rotate`.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      static: { type: 'string' },
    },
  });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    console.error(`--port must be a whole number from 0 to 65535 (0 picks a free port), not "${values.port}".`);
    process.exit(2);
  }
  const staticDir = values.static ?? fileURLToPath(new URL('../../../frontend/browser/', import.meta.url));
  if (!existsSync(staticDir)) console.warn(`The renderer is not built at ${staticDir}: run \`npm run build\`. Serving the API only.`);
  const instance = await startBrowserMode({ ...(port === undefined ? {} : { port }), staticDir: existsSync(staticDir) ? staticDir : undefined });
  console.log(`Phantom Cortex is running in browser mode.`);
  console.log(`Open: ${instance.server.url}`);
  console.log(`Data: ${instance.backend.dataDir}`);
  const stop = (sig: string) => {
    console.log(`\n${sig}: stopping every session...`);
    void instance.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGHUP', () => stop('SIGHUP'));
  installGcOnSignal(); // only with --expose-gc (memory tests)
}

main().catch((err: Error) => {
  console.error(`Phantom Cortex could not start: ${err.message}`);
  process.exit(1);
});
