import { extname, join, normalize, sep } from 'node:path';
import { MIME, RENDERER_CSP } from '../backend/transport/static-files.js';
import { isAppUrl } from './app-origin.js';

/** The renderer's entry page; paths without an extension fall back to it (client-side routes). */
export const INDEX_FILE = 'index.html';

/** Where an `app://cortex/...` request is served from, or why it is refused. */
export type AppFileResolution =
  | { ok: true; file: string; contentType: string }
  | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

/**
 * Maps a request of the `app:` protocol to a file under `root` (the built renderer,
 * `dist/frontend/browser`). Refuses (never throws): other methods than GET/HEAD (405),
 * other hosts or malformed URLs and percent-encoding (400), paths that leave `root` after
 * decoding and normalising — `..`, encoded `%2e%2e%2f`, backslashes, absolute paths — or
 * that contain a NUL (403). Whether the file exists is the caller's business (404 then).
 * @param root absolute path of the renderer folder
 */
export function resolveAppFile(root: string, url: string, method = 'GET'): AppFileResolution {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `method ${method}` };
  if (!isAppUrl(url)) return { ok: false, status: 400, reason: 'not an app://cortex URL' };
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (path.includes('\0')) return { ok: false, status: 403, reason: 'NUL in path' };
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  // Treat backslashes as separators everywhere, so `..\..\` cannot escape on Windows.
  const file = normalize(join(base, path.replace(/\\/g, '/')));
  if (!file.startsWith(base) && file + sep !== base) return { ok: false, status: 403, reason: 'path escapes the renderer folder' };
  const target = file + sep === base || file === base || extname(file) === '' ? join(base, INDEX_FILE) : file;
  return { ok: true, file: target, contentType: MIME[extname(target).toLowerCase()] ?? 'application/octet-stream' };
}

/**
 * Headers of every response of the `app:` protocol: the renderer's strict CSP (the same
 * one browser mode sends), no MIME sniffing, no referrer.
 */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
