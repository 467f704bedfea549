import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/temp.js';
import { APP_DIR_NAME, DATA_DIR_ENV, defaultDataDir, resolveDataDir } from './data-dir.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function temp(): string {
  const t = tempDir('cortex-datadir-');
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('the data dir', () => {
  it("is the OS's per-user application data location (as Electron's userData has it)", () => {
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe(`/home/ann/.config/${APP_DIR_NAME}`);
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ann')).toBe(`/xdg/${APP_DIR_NAME}`);
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe(`/Users/ann/Library/Application Support/${APP_DIR_NAME}`);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(join('C:\\Users\\ann\\AppData\\Roaming', APP_DIR_NAME));
  });

  it('is created on first use, readable only by the user; CORTEX_DATA_DIR overrides it', () => {
    const xdg = temp();
    const dir = resolveDataDir({ XDG_CONFIG_HOME: xdg }, 'linux');
    expect(dir).toBe(join(xdg, APP_DIR_NAME));
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);

    const override = join(temp(), 'nested', 'data');
    expect(resolveDataDir({ [DATA_DIR_ENV]: override, XDG_CONFIG_HOME: xdg }, 'linux')).toBe(override);
    expect(statSync(override).isDirectory()).toBe(true);
  });

  it('that cannot be created gives an error naming the path and the way out', () => {
    const file = join(temp(), 'a-file');
    writeFileSync(file, 'not a folder');
    expect(() => resolveDataDir({ [DATA_DIR_ENV]: join(file, 'data') }, 'linux')).toThrow(
      new RegExp(`^Cannot create the data directory ${join(file, 'data')}: .+\\. Set ${DATA_DIR_ENV} to a writable folder\\.$`),
    );
  });
});
