import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_START_URL, isAppUrl } from './app-origin.js';
import { MAX_LOGGED_URL_CHARS, checkSender, quoteUrl, type SenderInfo } from './sender-check.js';

const WINDOW = 7;
const trusted = new Set([WINDOW]);
const main = (frameUrl: string | null, extra: Partial<SenderInfo> = {}): SenderInfo => ({ webContentsId: WINDOW, frameUrl, isMainFrame: true, ...extra });

describe('isAppUrl', () => {
  it('accepts our origin, with any path, query or hash', () => {
    for (const url of [APP_START_URL, `${APP_ORIGIN}/index.html`, `${APP_ORIGIN}/sessions/3?x=1#y`, APP_ORIGIN]) expect(isAppUrl(url), url).toBe(true);
  });

  it('refuses other schemes, hosts, ports, credentials and garbage', () => {
    for (const url of [
      'https://cortex/',
      'http://127.0.0.1:4200/',
      'file:///work/main/dist/frontend/browser/index.html',
      'app://evil/',
      'app://cortex.evil.com/',
      'app://cortex:8080/',
      'app://user:pw@cortex/',
      'app://user@cortex/',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('checkSender', () => {
  it('accepts the main frame of a trusted window on app://cortex', () => {
    expect(checkSender(main(`${APP_ORIGIN}/index.html`), trusted)).toEqual({ ok: true });
  });

  it('drops a webContents we did not register (another window, a devtools page)', () => {
    const v = checkSender(main(APP_START_URL, { webContentsId: 8 }), trusted);
    expect(v).toEqual({ ok: false, reason: expect.stringContaining('webContents 8') });
  });

  it('drops a sub-frame even of our own origin', () => {
    const v = checkSender(main(APP_START_URL, { isMainFrame: false }), trusted);
    expect(v).toEqual({ ok: false, reason: expect.stringContaining('sub-frame') });
  });

  it('drops a main frame that navigated to a foreign page', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/', 'about:blank']) {
      const v = checkSender(main(url), trusted);
      expect(v, url).toEqual({ ok: false, reason: expect.stringContaining('foreign origin') });
    }
  });

  it('drops a message whose frame is gone', () => {
    expect(checkSender(main(null), trusted)).toEqual({ ok: false, reason: expect.stringContaining('gone') });
  });

  it('checks the window before anything else, so an untrusted sender learns nothing more', () => {
    const v = checkSender({ webContentsId: 99, frameUrl: null, isMainFrame: false }, trusted);
    expect(v.ok === false && v.reason).toContain('not a Phantom Cortex window');
  });
});

describe('quoteUrl', () => {
  it('quotes and shortens a long URL for the log', () => {
    const q = quoteUrl(`https://x/${'a'.repeat(1000)}`);
    expect(q.startsWith('"https://x/')).toBe(true);
    expect(q.length).toBeLessThanOrEqual(MAX_LOGGED_URL_CHARS + 3);
  });

  it('escapes control characters so a URL cannot forge log lines', () => {
    expect(quoteUrl('https://x/\n[cortex] fake')).toBe('"https://x/\\n[cortex] fake"');
  });
});
