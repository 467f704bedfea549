import { CortexBackend, type BackendOptions } from '../service/cortex-backend.js';
import { removeEndpoint, writeEndpoint } from '../config/endpoint-file.js';
import { WsServer, type WsServerOptions } from '../transport/ws-server.js';

/** A running browser-mode instance: backend + WebSocket/HTTP server + endpoint file. */
export interface BrowserModeInstance {
  backend: CortexBackend;
  server: WsServer;
  /** Stops the server, kills every session, closes the store, removes the endpoint file. */
  stop(): Promise<void>;
}

/**
 * Starts the backend and serves it on 127.0.0.1, then publishes the endpoint file
 * (URL and token, mode 0600) in the data dir for the CLI.
 * @throws Error when the data dir, the database or the port cannot be opened
 */
export async function startBrowserMode(opts: BackendOptions & WsServerOptions = {}): Promise<BrowserModeInstance> {
  const backend = await CortexBackend.create(opts);
  const server = new WsServer(backend, opts);
  try {
    await server.listen();
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
