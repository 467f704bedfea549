import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One route of the tiny bench server: a file on disk or a fixed text. */
export type Route = { file: string; type: string } | { body: string; type: string };

/**
 * A minimal HTTP server on 127.0.0.1 (random port) serving fixed routes, for the
 * no-backend browser benchmark. Files are streamed, so 100 MB costs no memory here.
 */
export async function startStaticServer(routes: Record<string, Route>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    if ('body' in route) {
      res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store' }).end(route.body);
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'content-length': statSync(route.file).size, 'cache-control': 'no-store' });
    createReadStream(route.file).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
