/**
 * electron-builder `beforePack` hook: makes sure the Electron build of better-sqlite3
 * (build/native/electron-<version>/better_sqlite3.node, shipped as an extraResource) exists
 * before the app is packed, by running scripts/electron-native.mjs (a no-op when present).
 * Native modules are compiled for the machine that builds them, so a target of another OS
 * or CPU is refused with a message: package each platform on that platform (CI matrix).
 * @param {import('app-builder-lib').BeforePackContext} context
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { Arch } = require('builder-util');

/** electron-builder platform names that build on a given Node `process.platform`. */
const HOST_TARGETS = { darwin: ['darwin', 'mas'], linux: ['linux'], win32: ['win32'] };

module.exports = async function beforePack(context) {
  const platform = context.electronPlatformName;
  const arch = Arch[context.arch];
  if (!(HOST_TARGETS[process.platform] ?? []).includes(platform) || arch !== process.arch) {
    throw new Error(
      `Cannot package Phantom Cortex for ${platform}-${arch} on ${process.platform}-${process.arch}: its native modules ` +
        '(better-sqlite3, node-pty) are compiled for the building machine. Package each platform on that platform.',
    );
  }
  const root = path.join(__dirname, '..');
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'electron-native.mjs'), '--arch', arch], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('The Electron build of better-sqlite3 is missing and could not be made (see above).');
};
