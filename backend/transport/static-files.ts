import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

/** Extensions worth compressing (text, and TrueType fonts); woff2 and png already are. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.ttf', '.ico', '.map']);
/** Compressed bodies by `encoding:path:mtimeMs:size`: the built renderer is compressed once per file. */
const compressedCache = new Map<string, Buffer>();
/** The cache stops growing past this many entries (a build is a few dozen files). */
const COMPRESSED_CACHE_MAX = 256;

/**
 * The encoding to send for an `Accept-Encoding` header: `br` when accepted, else `gzip`,
 * else null. Pure. Quality values of 0 refuse an encoding (RFC 9110 §12.5.3).
 */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.trim().toLowerCase()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip')) return 'gzip';
  return null;
}

function compressed(file: string, st: { mtimeMs: number; size: number }, encoding: 'br' | 'gzip'): Buffer {
  const key = `${encoding}:${file}:${st.mtimeMs}:${st.size}`;
  let body = compressedCache.get(key);
  if (!body) {
    const raw = readFileSync(file);
    body =
      encoding === 'br'
        ? brotliCompressSync(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : gzipSync(raw, { level: 9 });
    if (compressedCache.size < COMPRESSED_CACHE_MAX) compressedCache.set(key, body);
  }
  return body;
}

/** Content-Type by file extension (lower case, with the dot) for the built renderer. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/**
 * The Content-Security-Policy of the renderer in browser mode: only our own origin for
 * scripts, fonts, images and the WebSocket; inline styles are allowed because Angular
 * and xterm.js set element styles at run time.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built renderer from `root`: GET/HEAD only, no path escapes root, unknown
 * paths without an extension fall back to index.html (client-side routes). Text files
 * go out brotli- or gzip-compressed when the browser accepts it (compressed once, kept).
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let file = normalize(join(root, urlPath));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(403).end();
    return;
  }
  let st = statOrNull(file);
  if (!st || st.isDirectory()) {
    if (st?.isDirectory() || extname(file) === '') file = join(root, 'index.html');
    st = statOrNull(file);
  }
  if (!st || !st.isFile()) {
    const missing = file.endsWith('index.html');
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(missing ? 'The renderer is not built. Run `npm run build` first.\n' : 'Not found\n');
    return;
  }
  const encoding = COMPRESSIBLE.has(extname(file)) ? pickEncoding(req.headers['accept-encoding']) : null;
  const body = encoding ? compressed(file, st, encoding) : null;
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body ? body.length : st.size,
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
    Vary: 'Accept-Encoding',
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') res.end();
  else if (body) res.end(body);
  else createReadStream(file).pipe(res);
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
