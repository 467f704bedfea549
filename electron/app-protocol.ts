import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin.js';
import { appResponseHeaders, resolveAppFile } from './app-files.js';

/**
 * Declares `app:` as a standard, secure scheme with fetch support. Electron requires this
 * before the `ready` event: call it at module load of the main entry.
 * Not `bypassCSP`, not `corsEnabled`: our CSP applies to it like to any page.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/**
 * Serves the built renderer (`root`, i.e. `dist/frontend/browser`) on `app://cortex/`,
 * with the renderer CSP on every response. Path checks are in `resolveAppFile`; a file
 * that cannot be read is a 404. Call after `ready`.
 * @param log receives refused and failed requests
 */
export function serveAppProtocol(root: string, log: (msg: string) => void): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const res = resolveAppFile(root, request.url, request.method);
    if (!res.ok) {
      log(`app: refused ${request.method} ${request.url}: ${res.reason}`);
      return new Response(null, { status: res.status });
    }
    try {
      const body = request.method === 'HEAD' ? null : await readFile(res.file);
      return new Response(body, { status: 200, headers: appResponseHeaders(res.contentType) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EISDIR') log(`app: cannot read ${res.file}: ${(err as Error).message}`);
      return new Response(null, { status: 404 });
    }
  });
}
