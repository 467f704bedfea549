import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler, RENDERER_CSP } from './static-files.js';

/**
 * Writes `files` to a temp folder and serves it with the static handler on 127.0.0.1 for the
 * enclosing describe block (beforeAll/afterAll); `get` fetches a path with an optional
 * Accept-Encoding and gives status, headers and the body's bytes as sent.
 */
function servedFolder(files: Record<string, string | Buffer>) {
  let root = '';
  let server: Server;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cortex-static-'));
    for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);
    const handle = createStaticHandler(root);
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(root, { recursive: true, force: true });
  });
  return { get: (path: string, acceptEncoding?: string) => fetchFrom(server, path, acceptEncoding) };
}

function fetchFrom(server: Server, path: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files, compressed', () => {
  const js = 'export const x = "' + 'abc'.repeat(20_000) + '";\n';
  const site = servedFolder({ 'main.js': js, 'index.html': '<!doctype html><title>x</title>', 'font.woff2': Buffer.alloc(1000, 7) });
  const get = site.get;

  it('sends brotli or gzip to a browser that accepts it, the same bytes once decoded', async () => {
    const br = await get('/main.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(js.length / 10);
    expect(brotliDecompressSync(br.body).toString()).toBe(js);
    const gz = await get('/main.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);
  });

  it('sends plain bytes without Accept-Encoding, and never recompresses woff2', async () => {
    const plain = await get('/main.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
    const font = await get('/font.woff2', 'br');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.body.length).toBe(1000);
  });
});

describe('static files, precompressed at build time', () => {
  const js = 'export const y = "' + 'xyz'.repeat(20_000) + '";\n';
  const html = '<!doctype html><title>cortex</title>' + '<!-- pad -->'.repeat(200);
  // Quality 11: what the build writes; the per-response middleware uses a lower one, so equal
  // bytes on the wire show that the file on disk was sent.
  const q11 = (s: string) => brotliCompressSync(Buffer.from(s), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  const site = servedFolder({
    'main.js': js,
    'main.js.br': q11(js),
    'main.js.gz': gzipSync(js, { level: 9 }),
    'index.html': html,
    'index.html.br': q11(html),
  });
  const get = site.get;

  it('sends the .br copy as it is, with the headers of the original file', async () => {
    const r = await get('/main.js', 'gzip, deflate, br');
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=3600');
    expect(r.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(r.body.equals(q11(js))).toBe(true);
    expect(brotliDecompressSync(r.body).toString()).toBe(js);
  });

  it('sends the .gz copy to a gzip-only client, plain bytes to one that accepts neither', async () => {
    const gz = await get('/main.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(js);
    const plain = await get('/main.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(js);
  });

  it('serves the page for / and for client-side routes, never cached; a malformed path 400, a missing file 404', async () => {
    for (const path of ['/', '/tasks', '/index.html']) {
      const r = await get(path, 'br');
      expect([path, r.status, r.headers['content-encoding'], r.headers['cache-control'], r.headers['content-type']]).toEqual([path, 200, 'br', 'no-cache', 'text/html; charset=utf-8']);
      expect(brotliDecompressSync(r.body).toString()).toBe(html);
    }
    expect((await get('/%zz', 'br')).status).toBe(400);
    expect((await get('/missing.js', 'br')).status).toBe(404);
  });
});
