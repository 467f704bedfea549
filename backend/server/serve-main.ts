import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startBrowserMode, type BrowserModeInstance } from './browser-mode.js';
import { installGcOnSignal } from './gc-on-signal.js';
import { RENDERER_DIR } from '../config/app-paths.js';
import { installLastResort, installShutdown } from './shutdown.js';

/** The process groups of the sessions still running (their PTY leaders' pids). */
function liveGroups(instance: BrowserModeInstance): number[] {
  return instance.backend.sessions
    .list()
    .filter((s) => s.state !== 'exited' && s.pid !== null)
    .map((s) => s.pid!);
}

/**
 * `npm run serve [-- --port N] [--static DIR]`: browser mode. Prints the URL with its
 * token; SIGINT (Ctrl-C), SIGTERM or SIGHUP, to it or its process group, or the end of the
 * wrapper that started it, stops it and every session (see `installShutdown`). Without
 * `--port` it reuses the data dir's last port when free (`--port 0` takes any free port);
 * the token is kept across restarts until `cortex token rotate`.
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
  const staticDir = values.static ?? RENDERER_DIR;
  if (!existsSync(staticDir)) console.warn(`The renderer is not built at ${staticDir}: run \`npm run build\`. Serving the API only.`);
  const instance = await startBrowserMode({ ...(port === undefined ? {} : { port }), staticDir: existsSync(staticDir) ? staticDir : undefined });
  console.log(`Phantom Cortex is running in browser mode.`);
  console.log(`Open: ${instance.server.url}`);
  console.log(`Data: ${instance.backend.dataDir}`);
  installShutdown({
    stop: () => instance.stop(),
    liveGroups: () => liveGroups(instance),
    log: (line) => console.log(line),
    exit: (code) => process.exit(code),
  });
  installLastResort((line, err) => console.error(line, err));
  installGcOnSignal(); // only with --expose-gc (memory tests)
}

main().catch((err: Error) => {
  console.error(`Phantom Cortex could not start: ${err.message}`);
  process.exit(1);
});
