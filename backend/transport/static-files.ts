import { existsSync, realpathSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';

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

/** The renderer's page, served for client-side routes (paths without an extension). */
const INDEX = 'index.html';

/** Suffixes of the precompressed copies the build writes beside a file (`scripts/finish-renderer.mjs`). */
const PRECOMPRESSED = /\.(br|gz)$/;

/**
 * Responses smaller than this are sent uncompressed, bytes: the compression middleware's own
 * default (a compressed body plus its header saves nothing on a response this small).
 */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * The built renderer from `root`, through `serve-static` (the maintained static-file
 * middleware of Express): GET/HEAD only, no path escapes root, no symlink is followed out
 * of root, dotfiles hidden, unknown paths without an extension fall back to index.html
 * (client-side routes). Total: a malformed path (`/%zz`, an overlong UTF-8 `%c0%ae`, a cut
 * sequence `%E0%A4%A`) answers 400, never a throw. Responses are brotli- or
 * gzip-compressed when the client accepts it: from the `.br` / `.gz` copy the build wrote
 * beside the file when there is one (express-static-gzip, which finds them once, when the
 * handler is made), else compressed per response.
 * @param root absolute folder of the built renderer
 * @returns a request handler that never throws
 */
export function createStaticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => void {
  const realRoot = realOrNull(root) ?? root;
  const precompressed = expressStaticGzip(root, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: INDEX,
    serveStatic: {
      index: [INDEX],
      dotfiles: 'ignore',
      redirect: false,
      fallthrough: true,
      setHeaders: (res, served) => {
        // `served` is the `.br` / `.gz` copy when one is sent: headers follow the original file.
        const file = served.replace(PRECOMPRESSED, '');
        res.setHeader('Content-Security-Policy', RENDERER_CSP);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.setHeader('Cache-Control', basename(file) === INDEX ? 'no-cache' : 'public, max-age=3600');
        const type = MIME[extname(file).toLowerCase()];
        if (type) res.setHeader('Content-Type', type);
      },
    },
  });
  // The middleware is written for Express and reads the request's pathname from `req.path`.
  const serve = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    (req as IncomingMessage & { path?: string }).path = (req.url ?? '/').split('?')[0]!;
    precompressed(req, res, next);
  };
  const notFound = (res: ServerResponse, text: string) => {
    if (res.headersSent) return void res.end();
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
  };
  // Brotli or gzip for clients that accept it (text, scripts, styles, fonts; not woff2 or
  // images, which are compressed already), by the maintained middleware of Express.
  const compress = compression({ threshold: COMPRESSION_THRESHOLD_BYTES }) as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  return (req, res) => compress(req, res, () => handle(req, res));
  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const path = decodedPath(req.url);
    if (path === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: the path is not valid percent-encoded UTF-8.\n');
      return;
    }
    if (!staysInside(root, realRoot, join(root, path))) {
      notFound(res, 'Not found\n');
      return;
    }
    serve(req, res, () => {
      // Not found: a client-side route (no extension) gets the page, anything else a 404.
      if (extname(path) !== '' && path !== '/') return notFound(res, 'Not found\n');
      if (!existsSync(join(root, INDEX))) return notFound(res, 'The renderer is not built. Run `npm run build` first.\n');
      req.url = `/${INDEX}`;
      serve(req, res, () => notFound(res, 'Not found\n'));
    });
  }
}

/** The decoded pathname of a request target, or null when it is malformed. */
export function decodedPath(url: string | undefined): string | null {
  try {
    const raw = (url ?? '/').split('?')[0]!;
    if (!raw.startsWith('/')) return null;
    const decoded = decodeURIComponent(raw);
    return decoded.includes('\0') ? null : decoded;
  } catch {
    return null;
  }
}

/**
 * Whether `file` (when it exists) resolves, symlinks followed, to a place inside
 * `realRoot` (root's real path); a path that does not exist stays inside when its text
 * stays inside `root`.
 */
function staysInside(root: string, realRoot: string, file: string): boolean {
  const real = realOrNull(file);
  return real === null ? inside(resolve(root), resolve(file)) : inside(realRoot, real);
}

function inside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realOrNull(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}
