import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler } from './static-files.js';

describe('static files, compressed', () => {
  let root: string;
  let server: Server;
  const js = 'export const x = "' + 'abc'.repeat(20_000) + '";\n';
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cortex-static-'));
    writeFileSync(join(root, 'main.js'), js);
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'font.woff2'), Buffer.alloc(1000, 7));
    const handle = createStaticHandler(root);
    server = createServer((req, res) => handle(req, res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(root, { recursive: true, force: true });
  });

  function get(path: string, acceptEncoding?: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

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
