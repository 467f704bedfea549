import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheStatsResult, Result, Session, Settings } from '../backend/contract/index.js';
import { startTestInstance, type TestInstance } from '../test/support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../test/support/temp.js';
import { parseCommandLine } from './args.js';
import { COMMANDS } from './commands/index.js';
import { EXIT } from './errors.js';
import { formatDuration } from './format.js';
import type { ListedSession } from './commands/sessions.js';
import { runCli } from './main.js';
import { pickByIdPrefix } from './resolve.js';

const BIN = fileURLToPath(new URL('../bin/cortex.mjs', import.meta.url));

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

/**
 * Runs a command line in this process through {@link runCli} (the CLI's whole code path but
 * the launcher, against the same real instance): cheap, for the checks that need no child.
 */
async function cortexInProcess(args: string[], dataDir: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...process.env, CORTEX_DATA_DIR: dataDir },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
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
    expect(['starting', 'working', 'idle']).toContain(live.state);
    expect(live.exitCode).toBeNull();

    const listed = await run(['sessions', '--json']);
    const sessions = JSON.parse(listed.stdout) as ListedSession[];
    const mine = sessions.find((s) => s.id === session.id)!;
    for (const f of SESSION_FIELDS) expect(mine).toHaveProperty(f);
    expect(mine.projectId).toBe(session.projectId);
    // Each session carries its agent's circuit breaker.
    expect(mine.breaker).toMatchObject({ state: 'closed', failures: 0 });
    expect(mine.restoredAt).toBeNull();

    // Human output through a pipe: aligned columns, short ids, no colours.
    const table = await run(['sessions']);
    expect(table.stdout).toMatch(/^ID\s+PROJECT\s+AGENT\s+STATE\s+CWD$/m);
    expect(table.stdout).toContain(session.id.slice(0, 8));
    expect(table.stdout).not.toContain(session.id);
    expect(table.stdout).toMatch(/(starting|working|idle) \d+s/);
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

  it('waits for states with --wait-for (and times out with exit 4), sees `exit 3`, restores the exited shell', async () => {
    const { id } = await inst.client.call('sessions.start', { path: repo.dir });

    // A fresh shell reaches its prompt and the screen stays still: idle.
    const idle = await run(['status', id, '--wait-for', 'idle', '--timeout', '30', '--json']);
    expect(idle.stderr).toBe('');
    expect(idle.code).toBe(EXIT.ok);
    expect(JSON.parse(idle.stdout)).toMatchObject({ id, state: 'idle' });

    const late = await run(['status', id.slice(0, 8), '--wait-for', 'exited', '--timeout', '1']);
    expect(late.code).toBe(EXIT.timeout);
    expect(late.stdout).toBe('');
    expect(late.stderr).toMatch(/error: Session [0-9a-f]{8} is (idle|working), not exited, after 1 s\./);

    expect((await run(['send', id, 'exit 3', '--enter'])).code).toBe(EXIT.ok);
    const exited = await run(['status', id, '--wait-for', 'exited', '--timeout', '30', '--json']);
    expect(exited.code).toBe(EXIT.ok);
    expect(JSON.parse(exited.stdout)).toMatchObject({ id, state: 'exited', exitCode: 3 });

    const restored = await run(['relaunch', id.slice(0, 8), '--json']);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(EXIT.ok);
    const relaunched = JSON.parse(restored.stdout) as Session;
    expect(relaunched.id).toBe(id);
    expect(relaunched.state).not.toBe('exited');
    expect(relaunched.exitCode).toBeNull();
    expect((await inst.client.call('sessions.get', { id })).state).not.toBe('exited');

    // Restoring a running session is refused by the server.
    const again = await cortexInProcess(['relaunch', id, '--json'], inst.dataDir);
    expect(again.code).toBe(EXIT.error);
    expect(JSON.parse(again.stderr)).toMatchObject({ error: { code: 'SESSION_RUNNING' } });
    await inst.client.call('sessions.kill', { id });
  });

  it('refuses a bad --wait-for state or --timeout as usage errors (exit 2) before contacting the instance', async () => {
    const state = await cortexInProcess(['status', 'abc', '--wait-for', 'running', '--json'], inst.dataDir);
    expect(state.code).toBe(EXIT.usage);
    const { error } = JSON.parse(state.stderr) as { error: { code: string; message: string } };
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('starting, working, waiting, idle, exited, error');
    expect((await cortexInProcess(['status', 'abc', '--wait-for', 'idle', '--timeout', 'soon'], inst.dataDir)).code).toBe(EXIT.usage);
    expect((await cortexInProcess(['status', 'abc', '--timeout', '5'], inst.dataDir)).code).toBe(EXIT.usage);
  });

  it('analyzes a folder (fresh, then hot) and shows the cache stats per tier', async () => {
    const pkg = { name: 'demo', scripts: { test: 'vitest run' }, dependencies: { express: '^4.19.0' }, devDependencies: { vitest: '^4.0.0' } };
    const project = tempGitRepo({ 'package.json': JSON.stringify(pkg, null, 2), 'index.js': 'console.log(1);\n' });
    try {
      const first = await run(['analyze', project.dir, '--json']);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(EXIT.ok);
      const fresh = JSON.parse(first.stdout) as Result<'projects.analyze'>;
      expect(fresh.source).toBe('fresh');
      expect(fresh.analysis.testCommand).toBe('npm test');
      expect(fresh.analysis.projectTypes).toEqual(['node']);
      expect(fresh.analysis.dependencies).toHaveLength(2);

      // Human output, relative path: the same folder, now from the memory tier.
      const second = await run(['analyze', '.'], project.dir);
      expect(second.code).toBe(EXIT.ok);
      expect(second.stdout).toMatch(/^source\s+hot /m);
      expect(second.stdout).toMatch(/^test command\s+npm test$/m);
      expect(second.stdout).toMatch(/^dependencies\s+2 \(1 runtime, 1 dev\)$/m);
      expect(second.stdout).toMatch(/^types\s+node$/m);

      const stats = await run(['cache', 'stats', '--json']);
      expect(stats.code).toBe(EXIT.ok);
      const s = JSON.parse(stats.stdout) as CacheStatsResult;
      for (const tier of [s.hot, s.cold]) {
        for (const f of ['hits', 'misses', 'evictions', 'hitRatio', 'latency', 'entries'] as const) expect(tier).toHaveProperty(f);
      }
      expect(s.hot.hits).toBeGreaterThanOrEqual(1);
      expect(s.fresh.count).toBeGreaterThanOrEqual(1);
      expect(s.hot.latency).toHaveProperty('p99Us');

      const table = await cortexInProcess(['cache', 'stats'], inst.dataDir);
      expect(table.stdout).toMatch(/^TIER\s+HITS\s+MISSES\s+HIT RATIO\s+EVICTIONS/m);
      expect(table.stdout).toMatch(/^hot\s+\d+\s+\d+\s+\d+%/m);
    } finally {
      project.cleanup();
    }
  });

  it('shows and changes settings, lists orphans, resets a breaker, shows breakers in agents', async () => {
    const set = await cortexInProcess(['settings', 'set', 'scrollbackLines', '6000', '--json'], inst.dataDir);
    expect(set.code).toBe(EXIT.ok);
    expect((JSON.parse(set.stdout) as Settings).scrollbackLines).toBe(6000);
    const shown = await cortexInProcess(['settings'], inst.dataDir);
    expect(shown.stdout).toMatch(/^scrollbackLines\s+6000 /m);
    expect(shown.stdout).toMatch(/^restoreMode\s+relaunch /m);
    const bad = await cortexInProcess(['settings', 'set', 'restoreMode', 'sometimes'], inst.dataDir);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('relaunch | closed | discard');
    expect((await cortexInProcess(['settings', 'set', 'colour', 'red'], inst.dataDir)).stderr).toContain('Unknown setting "colour"');

    const orphans = await cortexInProcess(['orphans', '--json'], inst.dataDir);
    expect(orphans.code).toBe(EXIT.ok);
    expect(JSON.parse(orphans.stdout)).toEqual([]);
    const kill = await cortexInProcess(['orphans', 'kill', String(process.pid), '--json'], inst.dataDir);
    expect(kill.code).toBe(EXIT.error);
    expect(JSON.parse(kill.stderr)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await cortexInProcess(['orphans', 'kill', '12ab'], inst.dataDir)).code).toBe(EXIT.usage);

    const reset = await cortexInProcess(['breaker', 'reset', 'shell', '--json'], inst.dataDir);
    expect(reset.code).toBe(EXIT.ok);
    expect(JSON.parse(reset.stdout)).toMatchObject({ id: 'shell', breaker: { state: 'closed', failures: 0 } });
    const unknown = await cortexInProcess(['breaker', 'reset', 'no-such-agent', '--json'], inst.dataDir);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'AGENT_UNKNOWN' } });

    const agents = await cortexInProcess(['agents'], inst.dataDir);
    expect(agents.stdout).toMatch(/^ID\s+NAME\s+INSTALLED\s+BREAKER\s+PATH \/ INSTALL$/m);
    expect(agents.stdout).toMatch(/^shell\s+Shell\s+yes\s+closed\s+/m);
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
    // Two-word commands: matched when both words come first, else the one-word command.
    expect(parseCommandLine(['orphans', 'kill', '42'], COMMANDS)).toMatchObject({ command: { name: 'orphans kill' }, args: { pid: '42' } });
    expect(parseCommandLine(['orphans', '--json'], COMMANDS)).toMatchObject({ command: { name: 'orphans' }, json: true });
    expect(parseCommandLine(['settings', 'set', 'restoreMode', 'closed'], COMMANDS).args).toEqual({ key: 'restoreMode', value: 'closed' });
    expect(parseCommandLine(['help', 'cache', 'stats'], COMMANDS).args).toEqual({ command: 'cache stats' });
    expect(parseCommandLine(['cache', 'stats', '--help'], COMMANDS)).toMatchObject({ command: { name: 'help' }, args: { command: 'cache stats' } });
    expect(() => parseCommandLine(['cache'], COMMANDS)).toThrow(/Unknown command "cache"\. Did you mean "cache stats"\?/);
  });

  it('formats time in state', () => {
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(192_000)).toBe('3m 12s');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe('2h 5m');
  });
});
