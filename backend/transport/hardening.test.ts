import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { WsServer } from './ws-server.js';

let t: TestInstance;
let live: Session;
let work: { dir: string; cleanup: () => void };
let rendererDir: { dir: string; cleanup: () => void };
let secretDir: { dir: string; cleanup: () => void };
let withStatic: WsServer;
let apiOnly: WsServer;

beforeAll(async () => {
  t = await startTestInstance();
  work = tempDir();
  rendererDir = tempDir('cortex-renderer-');
  secretDir = tempDir('cortex-secret-');
  writeFileSync(join(rendererDir.dir, 'index.html'), '<!doctype html><title>cortex</title>');
  mkdirSync(join(rendererDir.dir, 'assets'));
  writeFileSync(join(rendererDir.dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(secretDir.dir, 'secret.txt'), 'top secret');
  symlinkSync(join(secretDir.dir, 'secret.txt'), join(rendererDir.dir, 'leak.txt'));
  symlinkSync(secretDir.dir, join(rendererDir.dir, 'outside'));
  // The browser-mode server (renderer + API) and the desktop app's CLI endpoint (API only)
  // run the same code over the one backend.
  withStatic = new WsServer(t.instance.backend, { staticDir: rendererDir.dir });
  apiOnly = new WsServer(t.instance.backend);
  await withStatic.listen();
  await apiOnly.listen();
  live = await t.client.call('sessions.start', { path: work.dir, agent: 'shell' });
});
afterAll(async () => {
  await withStatic?.close();
  await apiOnly?.close();
  await t?.stop();
  for (const d of [work, rendererDir, secretDir]) d?.cleanup();
});

/** Sends `head` as raw bytes (no client library normalises it) and returns the status line. */
function rawRequest(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('error', reject);
    sock.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    sock.write(head);
    setTimeout(() => sock.end(), 2_000);
  });
}

let echoes = 0;
/** The live session still runs and echoes. */
async function sessionStillEchoes(): Promise<void> {
  const word = `still-here-${++echoes}`;
  await t.client.call('sessions.write', { id: live.id, data: `echo ${word.replace('-', '""-')}\r` });
  await waitFor(async () => (await t.client.call('sessions.screen', { id: live.id })).text.includes(word), 10_000, word);
}

const MALFORMED = ['/%zz', '/%', '/%c0%ae', '/%E0%A4%A', '/assets/%zz.js', '/ws%zz', '/%00'];

describe('every request path is total: malformed input gets a 4xx, every session runs on', () => {
  it.each(MALFORMED)('GET %s answers 400 from the renderer server', async (path) => {
    const port = withStatic.port;
    const status = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(status).toMatch(/^HTTP\/1\.1 400 /);
    await sessionStillEchoes();
  });

  it.each(MALFORMED)('GET %s answers 4xx from the API-only server (desktop CLI endpoint)', async (path) => {
    const port = apiOnly.port;
    const status = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d /);
    await sessionStillEchoes();
  });

  const upgrade = (port: number, target: string, host: string) =>
    `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

  it.each([
    ['Host: [::1', (p: number) => upgrade(p, `/ws?token=x`, '[::1')],
    ['a target that is no path', (p: number) => upgrade(p, `//[::1/ws`, `127.0.0.1:${p}`)],
    ['a malformed path', (p: number) => upgrade(p, `/ws%zz?token=x`, `127.0.0.1:${p}`)],
    ['a malformed token', (p: number) => upgrade(p, `/ws?token=%zz`, `127.0.0.1:${p}`)],
  ])('an upgrade with %s is refused with a 4xx on both servers', async (_what, head) => {
    for (const server of [withStatic, apiOnly]) {
      const status = await rawRequest(server.port, head(server.port));
      expect(status).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    await sessionStillEchoes();
  });

  it('serves the renderer, falls back to the page for client routes, and follows no symlink out of its root', async () => {
    const base = `http://127.0.0.1:${withStatic.port}`;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>cortex</title>');
    expect((await fetch(`${base}/projects/abc`)).status).toBe(200);
    const js = await fetch(`${base}/assets/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    for (const path of ['/leak.txt', '/outside/secret.txt']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('top secret');
    }
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });
});

describe('bounded memory per connection', () => {
  it('a client attached without flow control that stops reading loses its attachment with a clear error; the session runs on', async () => {
    const limit = 256 * 1024;
    const slowServer = new WsServer(t.instance.backend, { maxBufferedBytes: limit });
    await slowServer.listen();
    const flood = await t.client.call('sessions.start', { path: work.dir, agent: 'shell' });
    const ws = new WebSocket(`${slowServer.wsUrl}?token=${slowServer.token}`);
    try {
      await new Promise((r, j) => ws.once('open', r).once('error', j));
      const frames: Array<{ id?: number; event?: string; payload?: { sessionId: string; reason: string; message: string } }> = [];
      let binaryBytes = 0;
      ws.on('message', (data: Buffer, isBinary) => {
        if (isBinary) binaryBytes += data.length;
        else frames.push(JSON.parse(data.toString('utf8')));
      });
      ws.send(JSON.stringify({ t: 'req', id: 1, method: 'sessions.attach', params: { id: flood.id, flowControl: false } }));
      await waitFor(() => frames.some((f) => f.id === 1), 10_000, 'the attach answer');
      // Stop reading: the socket's receive side is paused, so the server's queue grows.
      (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
      await t.client.call('sessions.write', { id: flood.id, data: 'for i in $(seq 1 40); do head -c 3000000 /dev/zero | tr "\\0" x; done; echo FLOOD""-OVER\r' });
      await waitFor(async () => (await t.client.call('sessions.screen', { id: flood.id })).text.includes('FLOOD-OVER'), 120_000, 'the flood to end');
      (ws as unknown as { _socket: { resume(): void } })._socket.resume();
      const detached = await waitFor(() => frames.find((f) => f.event === 'session.detached'), 10_000, 'session.detached');
      expect(detached.payload).toMatchObject({ sessionId: flood.id, reason: 'client-too-slow' });
      expect(detached.payload!.message).toMatch(/attach again/);
      // The server queued about the limit, not the 120 MB the session printed.
      expect(binaryBytes).toBeLessThan(40 * 1024 * 1024);
      // The session runs on and the other client still sees it.
      await t.client.call('sessions.write', { id: flood.id, data: 'echo after""-flood\r' });
      await waitFor(async () => (await t.client.call('sessions.screen', { id: flood.id })).text.includes('after-flood'), 10_000, 'after-flood');
      await t.client.call('sessions.kill', { id: flood.id });
    } finally {
      ws.terminate();
      await slowServer.close();
    }
  }, 180_000);
});
