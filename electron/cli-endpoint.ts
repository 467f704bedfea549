import type { CortexBackend } from '../backend/service/cortex-backend.js';
import { removeEndpoint, writeEndpoint } from '../backend/config/endpoint-file.js';
import { WsServer } from '../backend/transport/ws-server.js';

/**
 * Makes the desktop app reachable by the `cortex` CLI and scripts, like browser mode:
 * the contract over a WebSocket on 127.0.0.1 with a random per-start token and the
 * Origin/Host checks of `WsServer`, API only (no renderer over HTTP), published in the
 * endpoint file (mode 0600) of the data dir.
 * @returns a function that removes the endpoint file and closes the server
 * @throws Error when no loopback port can be bound (the app runs on without the CLI)
 */
export async function publishCliEndpoint(backend: CortexBackend): Promise<() => Promise<void>> {
  const server = new WsServer(backend);
  await server.listen();
  writeEndpoint(backend.dataDir, { url: server.url, wsUrl: server.wsUrl, token: server.token, pid: process.pid, startedAt: Date.now() });
  return async () => {
    removeEndpoint(backend.dataDir);
    await server.close();
  };
}
