import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.js';

/** A private D-Bus session bus with an unlocked gnome-keyring Secret Service on it. */
export interface SecretService {
  /** `unix:path=…` of the bus: DBUS_SESSION_BUS_ADDRESS for whoever should use it. */
  address: string;
  stop(): void;
}

/** Longest wait for the bus to print its address, ms. */
const BUS_START_TIMEOUT_MS = 10_000;

/**
 * Starts `dbus-daemon --session` on a socket in a temp folder and an unlocked
 * `gnome-keyring-daemon --components=secrets` on that bus (its keyrings in the temp folder,
 * never the user's), and waits until it serves `org.freedesktop.secrets`. Debian packages:
 * dbus, gnome-keyring (`.ci/run` installs them).
 * @throws Error naming the missing package when either program is not installed
 */
export async function startSecretService(): Promise<SecretService> {
  for (const [bin, pkg] of [
    ['dbus-daemon', 'dbus'],
    ['gnome-keyring-daemon', 'gnome-keyring'],
  ] as const) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) throw new Error(`${bin} is not installed: apt-get install ${pkg}`);
  }
  const t = tempDir('secret-service-');
  const runtime = join(t.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const bus: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1', `--address=unix:path=${join(runtime, 'bus')}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address')), BUS_START_TIMEOUT_MS);
    let out = '';
    bus.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) (clearTimeout(timer), resolve(out.split('\n')[0]!.trim()));
    });
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited (${code})`)));
  });
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: join(t.dir, 'data'), HOME: t.dir };
  // The password on stdin creates and unlocks the `login` keyring; --start then serves it.
  const unlock = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { input: 'test-password', env, encoding: 'utf8' });
  if (unlock.status !== 0) throw new Error(`gnome-keyring-daemon --unlock failed: ${unlock.stderr}`);
  spawnSync('gnome-keyring-daemon', ['--start', '--components=secrets'], { env, stdio: 'ignore' });
  // The daemon forks: wait until it owns the Secret Service name on the bus before anyone asks.
  const deadline = Date.now() + BUS_START_TIMEOUT_MS;
  for (;;) {
    const owner = spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'], { env, encoding: 'utf8' });
    if (/boolean true/.test(owner.stdout ?? '')) break;
    if (Date.now() > deadline) throw new Error(`gnome-keyring-daemon did not take org.freedesktop.secrets on the bus within ${BUS_START_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    address,
    stop: () => {
      // The keyring daemon leaves when its bus goes away.
      bus.kill('SIGTERM');
      t.cleanup();
    },
  };
}
