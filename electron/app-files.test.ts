import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../backend/transport/static-files.js';
import { appResponseHeaders, resolveAppFile } from './app-files.js';

const root = join(sep, 'opt', 'cortex', 'dist', 'frontend', 'browser');

describe('resolveAppFile', () => {
  it('serves files under the renderer folder with their type', () => {
    expect(resolveAppFile(root, 'app://cortex/main-ABC.js')).toEqual({ ok: true, file: join(root, 'main-ABC.js'), contentType: 'text/javascript; charset=utf-8' });
    expect(resolveAppFile(root, 'app://cortex/media/font%20one.woff2')).toMatchObject({ ok: true, file: join(root, 'media', 'font one.woff2'), contentType: 'font/woff2' });
  });

  it('serves index.html for the root and for client-side routes', () => {
    for (const url of ['app://cortex/', 'app://cortex', 'app://cortex/sessions/42', 'app://cortex/?token=x#frag']) {
      expect(resolveAppFile(root, url), url).toMatchObject({ ok: true, file: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    }
  });

  it('refuses every way out of the renderer folder', () => {
    for (const url of [
      'app://cortex/..%2f..%2f..%2fetc%2fpasswd',
      'app://cortex/assets/..%2F..%2F..%2Fpackage.json',
      'app://cortex/..%5c..%5cwindows%5cwin.ini',
      'app://cortex/%2e%2e%5c%2e%2e%5cx.js',
    ]) {
      const r = resolveAppFile(root, url);
      expect(r, url).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('keeps dot segments the URL parser already resolved inside the folder', () => {
    expect(resolveAppFile(root, 'app://cortex/assets/../main.js')).toMatchObject({ ok: true, file: join(root, 'main.js') });
    // WHATWG URL parsing treats %2e%2e as `..` and clamps it at the root.
    expect(resolveAppFile(root, 'app://cortex/%2e%2e/%2e%2e/secret.txt')).toMatchObject({ ok: true, file: join(root, 'secret.txt') });
  });

  it('refuses NUL bytes, bad encoding, other hosts and methods', () => {
    expect(resolveAppFile(root, 'app://cortex/main.js%00.png')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppFile(root, 'app://cortex/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppFile(root, 'app://evil/main.js')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppFile(root, 'https://cortex/main.js')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppFile(root, 'app://cortex/main.js', 'POST')).toMatchObject({ ok: false, status: 405 });
  });

  it('works with a root given with a trailing separator', () => {
    expect(resolveAppFile(root + sep, 'app://cortex/a.css')).toMatchObject({ ok: true, file: join(root, 'a.css') });
  });
});

describe('appResponseHeaders', () => {
  it('carries the renderer CSP of browser mode and no-sniff', () => {
    const h = appResponseHeaders('text/html');
    expect(h['Content-Security-Policy']).toBe(RENDERER_CSP);
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
  });
});
