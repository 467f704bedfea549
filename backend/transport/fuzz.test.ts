import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ERROR_CODES, METHOD_NAMES, type Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';
import { WsServer } from './ws-server.js';

/**
 * The whole contract under random and malformed input: frames and params for every method
 * over the WebSocket, and HTTP requests with random paths and headers. After every run the
 * server answers and a live session still echoes. Bounded runs; the seed is random, so each
 * CI run explores new cases, and a failure prints its seed and shrunk counterexample.
 */
let t: TestInstance;
let live: Session;
const work = tempDir();
let raw: WebSocket;
const frames: unknown[] = [];

/** A new raw connection whose text frames land in `frames`. */
async function openRaw(): Promise<void> {
  raw?.terminate();
  frames.length = 0;
  raw = new WebSocket(`${t.instance.server.wsUrl}?token=${t.instance.server.token}`);
  await new Promise((r, j) => raw.once('open', r).once('error', j));
  raw.on('message', (d: Buffer, isBinary) => {
    if (!isBinary) frames.push(JSON.parse(d.toString('utf8')));
  });
}

const renderer = tempDir('cortex-renderer-');
/** Browser mode's server with the renderer over HTTP, on the same backend. */
let withStatic: WsServer;

beforeAll(async () => {
  t = await startTestInstance();
  live = await t.client.call('sessions.start', { path: work.dir, agent: 'shell' });
  writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>cortex</title>');
  withStatic = new WsServer(t.instance.backend, { staticDir: renderer.dir });
  await withStatic.listen();
});
afterAll(async () => {
  raw?.terminate();
  await withStatic?.close();
  renderer.cleanup();
  await t?.stop();
  work.cleanup();
});

let probes = 0;
/**
 * The server still answers a well-formed request (on the fuzzed connection when the server
 * kept it: it may close one that broke the WebSocket protocol), and the live session echoes.
 */
async function stillServes(): Promise<void> {
  if (raw?.readyState !== WebSocket.OPEN) await openRaw();
  const id = 1_000_000_000 + ++probes;
  raw.send(JSON.stringify({ t: 'req', id, method: 'app.info', params: {} }));
  await waitFor(() => frames.some((f) => (f as { id?: unknown }).id === id), 10_000, 'the probe answer');
  const word = `alive-${probes}`;
  await t.client.call('sessions.write', { id: live.id, data: `echo ${word.replace('-', '""-')}\r` });
  await waitFor(async () => (await t.client.call('sessions.screen', { id: live.id })).text.includes(word), 10_000, word);
}

// Field names the methods use, so params are often nearly right, with values of every kind.
const FIELDS = ['id', 'path', 'projectId', 'agent', 'cols', 'rows', 'data', 'chars', 'flowControl', 'name', 'prompt', 'text', 'pid', 'policy', 'fresh', 'scrollbackLines', 'restoreMode'];
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, '', '-', '--help', '..', '\u0000', '%zz'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);
const params = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 }), fc.anything({ maxDepth: 2 }));
const method = fc.oneof(fc.constantFrom(...METHOD_NAMES), fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 1 }));
const requestFrame = fc.record({ t: fc.oneof(fc.constant('req'), value), id: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), value), method, params }, { requiredKeys: [] });
const frame = fc.oneof(
  requestFrame.map((f) => JSON.stringify(f)),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

describe('fuzz: the contract over WebSocket', () => {
  it('random and malformed frames and params for every method: answered with a typed error or a result, the server runs on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 10 }), async (batch) => {
        await openRaw();
        for (const f of batch) raw.send(f);
        await stillServes();
        for (const f of frames as Array<{ t?: string; ok?: boolean; error?: { code: string } }>) {
          if (f.t === 'res' && f.ok === false) {
            expect(ERROR_CODES).toContain(f.error!.code);
            // INTERNAL is a bug: bad input must get a typed error naming what was wrong.
            expect(f.error!.code).not.toBe('INTERNAL');
          }
        }
      }),
      { numRuns: 100 },
    );
    // The session the fuzzer must not touch is still there and running.
    expect((await t.client.call('sessions.get', { id: live.id })).state).not.toBe('exited');
  }, 300_000);
});

/** Sends raw bytes and returns the status line (empty when none came within 1.5 s). */
function rawHttp(port: number, head: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('error', () => resolve(got.split('\r\n')[0] ?? ''));
    sock.on('close', () => resolve(got.split('\r\n')[0] ?? ''));
    sock.write(head, 'latin1');
    setTimeout(() => sock.destroy(), 1_500);
  });
}

const pathChar = fc.oneof(
  fc.constantFrom('/', '%', '%zz', '%c0%ae', '%E0%A4%A', '%00', '..', '?', '#', 'ws', 'token=', '%2e%2e', '\\', 'index.html', '[', ']'),
  fc.string({ minLength: 1, maxLength: 3 }).map((s) => encodeURIComponent(s)),
);
const path = fc.array(pathChar, { maxLength: 8 }).map((p) => '/' + p.join(''));
const headerValue = fc.oneof(fc.constantFrom('[::1', '127.0.0.1', 'localhost', 'http://evil.example', '', 'websocket', 'Upgrade', '13'), fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')));
const headers = fc.dictionary(fc.constantFrom('Host', 'Origin', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Content-Length', 'X-Any'), headerValue, { maxKeys: 6 });

describe('fuzz: HTTP paths and headers', () => {
  it('random paths and headers (upgrades included) each get an answer below 500; the server runs on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(t.instance.server.port, withStatic.port), fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'BREW'), path, headers, async (port, verb, p, h) => {
        // Mostly our own Host, so requests get past the Host check to the handlers.
        if (h['Host'] === undefined || h['Host'] === 'localhost') h['Host'] = `127.0.0.1:${port}`;
        const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}`);
        const status = await rawHttp(port, `${verb} ${p} HTTP/1.1\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}Connection: close\r\n\r\n`);
        expect(status).toMatch(/^HTTP\/1\.1 [1-4]\d\d /);
      }),
      { numRuns: 300 },
    );
    await stillServes();
  }, 300_000);
});
