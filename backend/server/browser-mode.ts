import { CortexBackend, type BackendOptions } from '../service/cortex-backend.js';
import { removeEndpoint, writeEndpoint } from '../config/endpoint-file.js';
import { WsServer, type WsServerOptions } from '../transport/ws-server.js';
import { loadBrowserIdentity, saveBrowserIdentity } from '../config/browser-identity.js';

/** Options of {@link startBrowserMode}. */
export interface BrowserModeOptions extends BackendOptions, WsServerOptions {
  /**
   * No `port` given: reuse the port this data dir used last when it is free (else any free
   * one), so an open tab reconnects after a restart. Default true; `port` wins when set.
   */
  stablePort?: boolean;
}

/** A running browser-mode instance: backend + WebSocket/HTTP server + endpoint file. */
export interface BrowserModeInstance {
  backend: CortexBackend;
  server: WsServer;
  /** Stops the server, kills every session, closes the store, removes the endpoint file. */
  stop(): Promise<void>;
}

/**
 * Starts the backend and serves it on 127.0.0.1, then publishes the endpoint file
 * (URL and token, mode 0600) in the data dir for the CLI. The token is the data dir's
 * kept one (`browser.json`, 0600, until `cortex token rotate`), and without an explicit
 * port the last port is reused when free: a restarted instance has the same URL.
 * @throws Error when the data dir, the database or the port cannot be opened
 */
export async function startBrowserMode(opts: BrowserModeOptions = {}): Promise<BrowserModeInstance> {
  const backend = await CortexBackend.create(opts);
  let server: WsServer;
  try {
    const identity = loadBrowserIdentity(backend.dataDir);
    const token = opts.token ?? identity.token;
    const reuse = opts.port === undefined && opts.stablePort !== false && identity.port !== null;
    server = new WsServer(backend, { ...opts, token, port: reuse ? identity.port! : (opts.port ?? 0) });
    try {
      await server.listen();
    } catch (err) {
      if (!reuse || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      server = new WsServer(backend, { ...opts, token, port: 0 }); // the last port is taken: any free one
      await server.listen();
    }
    if (server.port !== identity.port) saveBrowserIdentity(backend.dataDir, { ...identity, port: server.port });
  } catch (err) {
    await backend.close();
    throw err;
  }
  writeEndpoint(backend.dataDir, { url: server.url, wsUrl: server.wsUrl, token: server.token, pid: process.pid, startedAt: Date.now() });
  let stopping: Promise<void> | null = null;
  return {
    backend,
    server,
    stop: () =>
      (stopping ??= (async () => {
        removeEndpoint(backend.dataDir);
        await server.close();
        await backend.close();
      })()),
  };
}
