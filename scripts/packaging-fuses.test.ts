import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..');

/**
 * The Electron fuses the installers are built with (electron-builder's `electronFuses`, flipped
 * in the Electron binary at packaging time; Electron's security checklist). The packaged app
 * cannot be built or run here (no Electron binary can be installed on this machine), so this
 * reads the packaging configuration that `npm run dist` uses.
 */
describe('packaging: Electron fuses', () => {
  const config = parse(readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean> };
  const fuses = config.electronFuses ?? {};

  it('encrypts cookies, checks the ASAR and loads the app only from it', () => {
    expect(fuses.enableCookieEncryption).toBe(true);
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses.onlyLoadAppFromAsar).toBe(true);
  });

  it('takes no code from NODE_OPTIONS, inspect arguments or file:// privileges', () => {
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses.enableNodeCliInspectArguments).toBe(false);
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('keeps RunAsNode only with the reason written beside it', () => {
    // The hook client and the gate runner run as `process.execPath` with ELECTRON_RUN_AS_NODE=1
    // in the desktop app; when they no longer do, this fuse goes off.
    const yml = readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8');
    if (fuses.runAsNode !== false) expect(yml).toMatch(/ELECTRON_RUN_AS_NODE/);
  });
});
