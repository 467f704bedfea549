import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../test-support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../test-support/temp.js';
import { parseCommandLine } from './args.js';
import { COMMANDS } from './commands/index.js';
import { EXIT } from './errors.js';
import { formatDuration } from './format.js';
import { pickByIdPrefix } from './resolve.js';

const BIN = fileURLToPath(new URL('../../bin/cortex.mjs', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/cortex.mjs ...args` as a real child process (argv array, no shell). */
function cortex(args: string[], opts: { dataDir: string; cwd?: string }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: opts.cwd ?? process.cwd(), env: { ...process.env, CORTEX_DATA_DIR: opts.dataDir }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const SESSION_FIELDS = ['id', 'projectId', 'agent', 'cwd', 'state', 'exitCode'] as const;

describe('cortex CLI against a running instance', () => {
  let inst: TestInstance;
  let repo: { dir: string; cleanup: () => void };
  // The sessions' shells get an empty HOME: no ~/.bashrc of this machine (which may be slow
  // or block, e.g. on a stale `pyenv rehash` lock) between us and the prompt. PTYs inherit
  // this worker's environment, so HOME is set here (each test file runs in its own process).
  let home: { dir: string; cleanup: () => void };
  const savedHome = process.env['HOME'];
  const run = (args: string[], cwd?: string) => cortex(args, { dataDir: inst.dataDir, ...(cwd ? { cwd } : {}) });

  beforeAll(async () => {
    home = tempDir('cortex-home-');
    process.env['HOME'] = home.dir;
    inst = await startTestInstance({ HOME: home.dir });
    repo = tempGitRepo({ 'README.md': '# demo\n', 'main.txt': 'hello from the repo\n' });
  });

  afterAll(async () => {
    await inst?.stop();
    repo?.cleanup();
    home?.cleanup();
    process.env['HOME'] = savedHome;
  });

  it('starts a shell, sends a command, reads the screen, reports status, lists and stops it', async () => {
    const started = await run(['start', repo.dir, '--json']);
    expect(started.stderr).toBe('');
    expect(started.code).toBe(EXIT.ok);
    const session = JSON.parse(started.stdout) as Session;
    for (const f of SESSION_FIELDS) expect(session).toHaveProperty(f);
    expect(session.agent).toBe('shell');
    expect(session.cwd).toBe(realpathSync(repo.dir));

    // A unique prefix is as good as the id.
    const sent = await run(['send', session.id.slice(0, 8), 'echo hello', '--enter']);
    expect(sent).toEqual({ code: EXIT.ok, stdout: '', stderr: '' });

    // The typed line itself contains "hello": wait for the output line of its own.
    const screen = await waitFor(
      async () => {
        const r = await run(['screen', session.id]);
        return r.code === EXIT.ok && /^hello$/m.test(r.stdout) ? r : null;
      },
      30_000,
      '"hello" on the screen',
    );
    expect(screen.stdout).toContain('echo hello');

    const status = await run(['status', session.id, '--json']);
    expect(status.code).toBe(EXIT.ok);
    const live = JSON.parse(status.stdout) as Session;
    expect(live.id).toBe(session.id);
    expect(['starting', 'running', 'quiet']).toContain(live.state);
    expect(live.exitCode).toBeNull();

    const listed = await run(['sessions', '--json']);
    const sessions = JSON.parse(listed.stdout) as Session[];
    const mine = sessions.find((s) => s.id === session.id)!;
    for (const f of SESSION_FIELDS) expect(mine).toHaveProperty(f);
    expect(mine.projectId).toBe(session.projectId);

    // Human output through a pipe: aligned columns, short ids, no colours.
    const table = await run(['sessions']);
    expect(table.stdout).toMatch(/^ID\s+PROJECT\s+AGENT\s+STATE\s+CWD$/m);
    expect(table.stdout).toContain(session.id.slice(0, 8));
    expect(table.stdout).not.toContain(session.id);
    expect(table.stdout).toMatch(/(running|quiet) \d+s/);
    expect(table.stdout).not.toContain('\x1b[');

    // `add .` resolves against the CLI's cwd and finds the project `start` created.
    const added = await run(['add', '.', '--json'], repo.dir);
    expect(JSON.parse(added.stdout)).toMatchObject({ id: session.projectId, path: realpathSync(repo.dir) });

    const stopped = await run(['stop', session.id, '--json']);
    expect(stopped.code).toBe(EXIT.ok);
    const ended = JSON.parse(stopped.stdout) as Session;
    expect(ended.state).toBe('exited');

    const after = await run(['status', session.id.slice(0, 6)]);
    expect(after.code).toBe(EXIT.ok);
    expect(after.stdout).toMatch(/state\s+exited/);
  });

  it('fails with exit 1 and NOT_FOUND for an unknown session id', async () => {
    const r = await run(['status', 'no-such-session', '--json']);
    expect(r.code).toBe(EXIT.error);
    expect(r.stdout).toBe('');
    const { error } = JSON.parse(r.stderr) as { error: { code: string; message: string; hint?: string } };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('no-such-session');
    expect(error.hint).toContain('cortex sessions');
  });

  it('fails with exit 1 and the folder message for a missing folder', async () => {
    const missing = `${repo.dir}-does-not-exist`;
    const r = await run(['start', missing]);
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain(`error: The folder ${missing} does not exist.`);
    expect(r.stderr).toMatch(/^hint: /m);
  });

  it('fails with exit 2 and the usage line for an unknown command or flag', async () => {
    const cmd = await run(['strat', repo.dir]);
    expect(cmd.code).toBe(EXIT.usage);
    expect(cmd.stderr).toContain('Unknown command "strat". Did you mean "start"?');
    expect(cmd.stderr).toContain('usage: cortex <command>');

    const flag = await run(['sessions', '--bogus', '--json']);
    expect(flag.code).toBe(EXIT.usage);
    const { error } = JSON.parse(flag.stderr) as { error: { code: string; message: string; hint: string } };
    expect(error).toMatchObject({ code: 'USAGE' });
    expect(error.message).toContain('--bogus');
    expect(error.hint).toContain('usage: cortex sessions');
  });
});

describe('cortex CLI without a running instance', () => {
  it('exits 3 and says how to start Phantom Cortex', async () => {
    const empty = tempDir('cortex-empty-');
    try {
      const human = await cortex(['sessions'], { dataDir: empty.dir });
      expect(human.code).toBe(EXIT.noInstance);
      expect(human.stderr).toContain(`error: Phantom Cortex is not running (no endpoint file in ${empty.dir}).`);
      expect(human.stderr).toContain('hint: Start it with `npm start` or `npm run serve`.');

      const json = await cortex(['start', '.', '--json'], { dataDir: empty.dir });
      expect(json.code).toBe(EXIT.noInstance);
      expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'NO_INSTANCE' } });
    } finally {
      empty.cleanup();
    }
  });
});

describe('cortex CLI parts', () => {
  it('resolves unique id prefixes and refuses ambiguous or unknown ones', () => {
    const items = [{ id: 'abc123' }, { id: 'abd456' }, { id: 'ab' }];
    const kind = { noun: 'session', list: 'cortex sessions' } as const;
    expect(pickByIdPrefix(items, 'abc', kind).id).toBe('abc123');
    expect(pickByIdPrefix(items, 'AB', kind).id).toBe('ab'); // an exact id wins over prefixes
    expect(() => pickByIdPrefix(items, 'abx', kind)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', exitCode: EXIT.error }));
    expect(() => pickByIdPrefix([{ id: 'abc1' }, { id: 'abc2' }], 'abc', kind)).toThrow(
      expect.objectContaining({ code: 'AMBIGUOUS_ID', exitCode: EXIT.error }),
    );
  });

  it('parses command lines against the command table', () => {
    const send = parseCommandLine(['send', 'ab12', 'echo', 'hi', '--enter', '--json'], COMMANDS);
    expect(send.command.name).toBe('send');
    expect(send.args).toEqual({ session: 'ab12', text: 'echo hi' });
    expect(send.options).toEqual({ enter: true });
    expect(send.json).toBe(true);
    expect(parseCommandLine(['send', 'ab12', '--', '-y'], COMMANDS).args).toEqual({ session: 'ab12', text: '-y' });
    expect(parseCommandLine(['start', '--help'], COMMANDS)).toMatchObject({ command: { name: 'help' }, args: { command: 'start' } });
    expect(parseCommandLine([], COMMANDS).command.name).toBe('help');
    expect(parseCommandLine(['--version'], COMMANDS).command.name).toBe('version');
    expect(() => parseCommandLine(['start'], COMMANDS)).toThrow(expect.objectContaining({ code: 'USAGE', exitCode: EXIT.usage }));
    expect(() => parseCommandLine(['status', 'a', 'b'], COMMANDS)).toThrow(/Unexpected argument "b"/);
  });

  it('formats time in state', () => {
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(192_000)).toBe('3m 12s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2h 5m');
  });
});
