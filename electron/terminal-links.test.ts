import { describe, expect, it } from 'vitest';
import { openTerminalLink } from '../frontend/app/consoles/links.js';
import { isExternalLink } from './navigation-policy.js';

describe('links clicked in a terminal', () => {
  it('an http(s) link is opened at once with its URL, which the desktop app hands to the OS browser', () => {
    const opened: string[][] = [];
    for (const uri of ['https://example.com/docs?q=1', 'http://localhost:3000/']) {
      expect(openTerminalLink(uri, (...a) => opened.push(a))).toBe(true);
    }
    expect(opened).toEqual([
      ['https://example.com/docs?q=1', '_blank', 'noopener,noreferrer'],
      ['http://localhost:3000/', '_blank', 'noopener,noreferrer'],
    ]);
    // The window-open handler of the desktop app sends exactly these to shell.openExternal.
    expect(opened.every(([url]) => isExternalLink(url!))).toBe(true);
  });

  it('anything else is ignored: files, scripts, custom protocol handlers, junk', () => {
    const opened: unknown[] = [];
    for (const uri of ['file:///etc/passwd', 'javascript:alert(1)', 'vscode://x/y', 'ms-settings:', 'not a url', '']) {
      expect(openTerminalLink(uri, (...a) => opened.push(a))).toBe(false);
    }
    expect(opened).toEqual([]);
  });
});
