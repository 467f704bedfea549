import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { startSecretService, type SecretService } from '../../test/support/secret-service.js';
import { tempDir } from '../../test/support/temp.js';
import { OsKeychain } from './keychain.js';
import { ProviderKeys } from './provider-keys.js';

const KEY = 'sk-ant-api03-TESTKEYabcdefgh9876wxyz';
const OPENAI_KEY = 'sk-proj-TESTONLY0123456789Q7z1';

/** Every file under `dir` whose bytes hold `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile() && readFileSync(path).includes(needle)) out.push(name);
  }
  return out;
}

describe('provider API keys in a real Secret Service (gnome-keyring on a private D-Bus)', () => {
  let service: SecretService;
  let inst: TestInstance;
  const before = process.env['DBUS_SESSION_BUS_ADDRESS'];
  beforeAll(async () => {
    service = await startSecretService();
    process.env['DBUS_SESSION_BUS_ADDRESS'] = service.address;
  });
  afterAll(() => {
    if (before === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = before;
    service?.stop();
  });
  afterEach(async () => inst?.stop());

  it('stores a key, shows only its last 4, injects it at launch, and never writes it to the data folder', async () => {
    inst = await startTestInstance();
    const empty = await inst.client.call('keys.list', {});
    expect(empty.keychain).toEqual({ available: true, reason: null });
    expect(empty.keys.find((k) => k.provider === 'anthropic')).toMatchObject({ set: false, last4: null, agents: expect.arrayContaining([{ agent: 'claude', env: 'ANTHROPIC_API_KEY' }]) });

    const info = await inst.client.call('keys.set', { provider: 'anthropic', key: KEY });
    expect(info).toMatchObject({ provider: 'anthropic', set: true, last4: 'wxyz' });
    const listed = await inst.client.call('keys.list', {});
    expect(JSON.stringify(listed)).not.toContain(KEY.slice(0, -4));
    await expect(inst.client.call('keys.set', { provider: 'anthropic', key: 'has space in it' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });

    // An agent whose profile reads the Anthropic key: it prints the key's length and tail, never the key.
    writeFileSync(
      join(inst.dataDir, 'profiles.json'),
      JSON.stringify({ profiles: [{ id: 'key-reader', name: 'Key reader', command: 'bash', args: ['-c', 'printf "len=%s tail=%s\\n" "${#ANTHROPIC_API_KEY}" "${ANTHROPIC_API_KEY: -4}"; sleep 30'], apiKeys: [{ provider: 'anthropic', env: 'ANTHROPIC_API_KEY' }] }] }),
    );
    const work = tempDir('keys-work-');
    const s = await inst.client.call('sessions.start', { path: work.dir, agent: 'key-reader' });
    const deadline = Date.now() + 20_000;
    let screen = '';
    while (Date.now() < deadline && !screen.includes('tail=')) {
      screen = (await inst.client.call('sessions.screen', { id: s.id })).text;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(screen).toContain(`len=${KEY.length} tail=wxyz`);
    // A shell (no apiKeys in its profile) does not get it.
    const shell = await inst.client.call('sessions.start', { path: work.dir, agent: 'shell' });
    await inst.client.call('sessions.write', { id: shell.id, data: 'echo "shell-has:${ANTHROPIC_API_KEY:-none}"\r' });
    const until = Date.now() + 20_000;
    let shellScreen = '';
    // The output line starts with the marker; the echoed command line does not.
    while (Date.now() < until && !/^shell-has:\S+\s*$/m.test(shellScreen)) {
      shellScreen = (await inst.client.call('sessions.screen', { id: shell.id })).text;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(shellScreen).toMatch(/^shell-has:none/m);

    const dataDir = inst.dataDir;
    await inst.instance.stop(); // saves snapshots and closes the database
    expect(filesHolding(dataDir, KEY)).toEqual([]);
    await inst.client.close().catch(() => {});
    inst = { ...inst, stop: async () => work.cleanup() };
  });

  it('the CLI reads a key from stdin (never argv), lists it as set with its tail, and clears it', async () => {
    inst = await startTestInstance();
    const cli = async (args: string[], stdin?: string) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        env: { ...process.env, CORTEX_DATA_DIR: inst.dataDir, NO_COLOR: '1', MY_KEY: OPENAI_KEY },
        cwd: process.cwd(),
        stdin: stdin === undefined ? undefined : Readable.from([stdin]),
      });
      return { code, stdout, stderr };
    };
    expect(await cli(['keys', 'set', 'openai'], `${OPENAI_KEY}\n`)).toMatchObject({ code: 0, stdout: 'OpenAI key stored in the OS keychain (…Q7z1).\n' });
    const list = await cli(['keys']);
    expect(list.stdout).toMatch(/OpenAI\s+set \(…Q7z1\)\s+codex \(OPENAI_API_KEY\)/);
    expect(list.stdout).toMatch(/Anthropic\s+not set/);
    expect(list.stdout + (await cli(['keys', '--json'])).stdout).not.toContain(OPENAI_KEY);
    expect(await cli(['keys', 'set', 'openai'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Give the key on stdin') });
    expect(await cli(['keys', 'set', 'mistral'], 'x')).toMatchObject({ code: 2, stderr: expect.stringContaining('The provider is one of anthropic, openai, google') });
    expect(await cli(['keys', 'set', 'google', '--from-env', 'MY_KEY'])).toMatchObject({ code: 0 });
    expect(await cli(['keys', 'clear', 'openai'])).toMatchObject({ code: 0, stdout: 'OpenAI key removed.\n' });
    expect((await cli(['keys'])).stdout).toMatch(/OpenAI\s+not set/);
  });
});

describe('without a keychain', () => {
  it('refuses to store a key, says why and what to do, and launches agents with the user environment', () => {
    const before = process.env['DBUS_SESSION_BUS_ADDRESS'];
    const t = tempDir('no-bus-');
    process.env['DBUS_SESSION_BUS_ADDRESS'] = `unix:path=${join(t.dir, 'no-such-bus')}`;
    try {
      const keys = new ProviderKeys(new OsKeychain('Phantom Cortex (test without keychain)'), () => [{ id: 'claude', apiKeys: [{ provider: 'anthropic', env: 'ANTHROPIC_API_KEY' }] }]);
      const a = keys.availability();
      expect(a.available).toBe(false);
      expect(a.reason).toMatch(/No OS keychain could be reached .*Keys are never stored in plain text\./);
      expect(() => keys.set('anthropic', KEY)).toThrow(expect.objectContaining({ code: 'KEYCHAIN_UNAVAILABLE', hint: expect.stringContaining('gnome-keyring') }));
      expect(keys.envFor({ apiKeys: [{ provider: 'anthropic', env: 'ANTHROPIC_API_KEY' }] })).toEqual({});
      expect(keys.list().every((k) => !k.set)).toBe(true);
      expect(filesHolding(t.dir, KEY)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
      else process.env['DBUS_SESSION_BUS_ADDRESS'] = before;
      t.cleanup();
    }
  });
});
