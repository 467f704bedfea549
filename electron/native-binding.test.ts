import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import * as script from '../scripts/electron-native.mjs';
import { DEV_NATIVE_ROOT, NATIVE_ADDON_FILE, NATIVE_BUILD_COMMAND, findNativeBinding, nativeBindingPath } from './native-binding.js';

const native = script as {
  nativeOutputPath(root: string, version: string): string;
  NATIVE_ADDON_FILE: string;
  nodeGypEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  isHeadersDownloadFailure(output: string): boolean;
};

describe('native binding layout', () => {
  it('is the same in the build script and in the app', () => {
    const root = join('/', 'src', 'cortex');
    expect(native.nativeOutputPath(root, '45.4.1')).toBe(nativeBindingPath(join(root, DEV_NATIVE_ROOT), '45.4.1'));
    expect(native.NATIVE_ADDON_FILE).toBe(NATIVE_ADDON_FILE);
    expect(NATIVE_BUILD_COMMAND).toContain('scripts/electron-native.mjs');
  });

  it('finds the checkout build under build/native and the packaged one under resources/native', () => {
    const all = () => true;
    const dev = findNativeBinding({ packaged: false, appPath: '/src/cortex', resourcesPath: '/x', electronVersion: '45.4.1' }, all);
    expect(dev).toEqual({ path: join('/src/cortex', 'build', 'native', 'electron-45.4.1', 'better_sqlite3.node') });
    const packaged = findNativeBinding({ packaged: true, appPath: '/x/app.asar', resourcesPath: '/opt/pc/resources', electronVersion: '45.4.1' }, all);
    expect(packaged).toEqual({ path: join('/opt/pc/resources', 'native', 'electron-45.4.1', 'better_sqlite3.node') });
  });

  it('tells the user how to make a missing build', () => {
    const none = () => false;
    const dev = findNativeBinding({ packaged: false, appPath: '/src/cortex', resourcesPath: '/x', electronVersion: '45.4.1' }, none);
    expect('error' in dev && dev.error).toContain(NATIVE_BUILD_COMMAND);
    const packaged = findNativeBinding({ packaged: true, appPath: '/x', resourcesPath: '/r', electronVersion: '45.4.1' }, none);
    expect('error' in packaged && packaged.error).toContain('Reinstall');
  });
});

describe('electron-native.mjs', () => {
  it("keeps npm's node-gyp settings (a user nodedir) from redirecting the build to Node's headers", () => {
    const env = native.nodeGypEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_TARGET: '20.0.0', npm_config_runtime: 'node', npm_config_cache: '/c' });
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' });
  });

  it("recognises node-gyp's download failures", () => {
    expect(native.isHeadersDownloadFailure('gyp ERR! stack is related to network connectivity. In most cases you are behind a proxy')).toBe(true);
    expect(native.isHeadersDownloadFailure('Error: getaddrinfo ENOTFOUND electronjs.org')).toBe(true);
    expect(native.isHeadersDownloadFailure("error: 'sqlite3.h' file not found")).toBe(false);
  });
});
