import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isAllowedRequest, isExternalLink, isPermissionAllowed } from './navigation-policy.js';

describe('isExternalLink', () => {
  it('opens http(s) links with a host in the browser', () => {
    expect(isExternalLink('https://github.com/anthropics/claude-code')).toBe(true);
    expect(isExternalLink('http://localhost:3000/')).toBe(true);
  });

  it('refuses schemes that run programs or read files, and credentials', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'vscode://x', 'app://cortex/', 'https://user:pw@host/', 'mailto:a@b.c', 'nonsense']) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});

describe('isAllowedNavigation', () => {
  it('stays within app://cortex', () => {
    expect(isAllowedNavigation('app://cortex/index.html')).toBe(true);
    expect(isAllowedNavigation('https://evil.example/')).toBe(false);
    expect(isAllowedNavigation('file:///tmp/x.html')).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  it('grants notifications and clipboard writes to our origin only', () => {
    expect(isPermissionAllowed('notifications', 'app://cortex/')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://cortex')).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('notifications', undefined)).toBe(false);
  });

  it('denies everything else, even to our origin', () => {
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://cortex/'), p).toBe(false);
    }
  });
});

describe('isAllowedRequest', () => {
  it('lets our own, inline and devtools requests through', () => {
    for (const url of ['app://cortex/main.js', 'data:image/png;base64,AA==', 'blob:app://cortex/1234', 'devtools://devtools/bundled/x.js', 'APP://cortex/x']) {
      expect(isAllowedRequest(url), url).toBe(true);
    }
  });

  it('cancels remote and local-file content', () => {
    for (const url of ['https://fonts.googleapis.com/css', 'http://127.0.0.1:1234/', 'ws://127.0.0.1/ws', 'file:///etc/passwd', 'ftp://x/', 'noscheme']) {
      expect(isAllowedRequest(url), url).toBe(false);
    }
  });
});
