import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { APP_METHODS, PROJECTS_METHODS, SESSIONS_METHODS, CortexError, decodeOutputFrame, type OutputFrame, type Session } from '../contract/index.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../../test/support/temp.js';
import { readEndpoint } from '../config/endpoint-file.js';
import { WsClient } from '../client/ws-client.js';

let t: TestInstance;
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await t?.stop();
});

async function expectCode(p: Promise<unknown>, code: string): Promise<CortexError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CortexError);
  expect((err as CortexError).code).toBe(code);
  return err as CortexError;
}

describe('the contract over WebSocket', () => {
  it('round-trips every command of the core contract', async () => {
    const c = t.client;
    const seen = new Set<string>();
    const call: typeof c.call = (m, p) => {
      seen.add(m);
      return c.call(m, p);
    };
    const repo = tempGitRepo({ 'README.md': '# hi\n', 'main.py': 'print(1)\n' });
    try {
      const info = await call('app.info', {});
      expect(info.dataDir).toBe(t.dataDir);
      const project = await call('projects.add', { path: repo.dir });
      expect(project.name).toBe(repo.dir.split('/').pop());
      expect((await call('projects.list', {})).map((p) => p.id)).toContain(project.id);
      expect((await call('projects.rename', { id: project.id, name: 'Demo' })).name).toBe('Demo');
      const agents = await call('agents.list', {});
      expect(agents.agents.find((a) => a.id === 'shell')?.installed).toBe(true);
      const s = await call('sessions.start', { projectId: project.id, agent: 'shell', cols: 100, rows: 30 });
      expect(s).toMatchObject({ projectId: project.id, agent: 'shell', cwd: repo.dir, state: 'starting', exitCode: null });
      expect((await call('sessions.get', { id: s.id })).id).toBe(s.id);
      expect((await call('sessions.list', { projectId: project.id })).map((x) => x.id)).toEqual([s.id]);
      const att = await call('sessions.attach', { id: s.id, flowControl: true });
      expect(att.cols).toBe(100);
      await call('sessions.write', { id: s.id, data: 'ls\r' });
      await waitFor(async () => (await call('sessions.screen', { id: s.id })).text.includes('main.py'), 10_000, 'ls output');
      await call('sessions.ack', { id: s.id, chars: 5000 });
      await call('sessions.resize', { id: s.id, cols: 90, rows: 20 });
      expect((await call('sessions.get', { id: s.id })).cols).toBe(90);
      await call('sessions.detach', { id: s.id });
      await call('sessions.kill', { id: s.id });
      await waitFor(async () => (await call('sessions.get', { id: s.id })).state === 'exited', 10_000, 'exited');
      await call('sessions.remove', { id: s.id });
      await expectCode(call('sessions.get', { id: s.id }), 'NOT_FOUND');
      await call('projects.remove', { id: project.id });
      const core = [
        ...Object.keys(APP_METHODS),
        ...Object.keys(PROJECTS_METHODS),
        'agents.list',
        ...Object.keys(SESSIONS_METHODS).filter((m) => !['sessions.relaunch', 'sessions.setRestartPolicy', 'sessions.rename', 'sessions.markSeen', 'sessions.focus'].includes(m)),
      ];
      expect(core.filter((m) => !seen.has(m))).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('answers an invalid request with a typed error naming the field', async () => {
    const e = await expectCode(t.client.call('sessions.resize', { id: 'x', cols: 'wide' as unknown as number, rows: 10 }), 'INVALID_REQUEST');
    expect(e.message).toMatch(/cols/);
    await expectCode(t.client.call('projects.add', {} as { path: string }), 'INVALID_REQUEST');
    await expectCode(t.client.call('no.such' as 'app.info', {}), 'UNKNOWN_METHOD');
    t.client.sendRaw('this is not json');
    const f = await t.client.nextRawFrame();
    expect(f).toMatchObject({ t: 'res', ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('refuses a wrong token and a foreign Origin, accepts our own Origin', async () => {
    const { wsUrl, token } = t.instance.server;
    await expectCode(WsClient.connect(wsUrl, 'not-the-token'), 'UNAUTHORIZED');
    await expectCode(WsClient.connect(wsUrl, ''), 'UNAUTHORIZED');
    await expectCode(WsClient.connect(wsUrl, token, { Origin: 'http://evil.example' }), 'UNAUTHORIZED');
    await expectCode(WsClient.connect(wsUrl, token, { Origin: `http://127.0.0.1:${t.instance.server.port + 1}` }), 'UNAUTHORIZED');
    const ok = await WsClient.connect(wsUrl, token, { Origin: `http://127.0.0.1:${t.instance.server.port}` });
    expect((await ok.call('app.info', {})).version).toMatch(/\d+\.\d+\.\d+/);
    await ok.close();
  });

  it('sends session output as binary frames of UTF-8 (multi-byte text intact, chars for acks) and everything else as JSON text', async () => {
    const d = tempDir();
    const { wsUrl, token } = t.instance.server;
    const raw = new WebSocket(`${wsUrl}?token=${token}`);
    try {
      const s = await t.client.call('sessions.start', { path: d.dir, agent: 'shell' });
      await new Promise((r, j) => raw.once('open', r).once('error', j));
      const text: unknown[] = [];
      const output: OutputFrame[] = [];
      raw.on('message', (data: Buffer, isBinary) => {
        if (!isBinary) text.push(JSON.parse(data.toString('utf8')));
        else output.push(decodeOutputFrame(new Uint8Array(data))!);
      });
      raw.send(JSON.stringify({ t: 'req', id: 1, method: 'sessions.attach', params: { id: s.id } }));
      await waitFor(() => text.some((f) => (f as { id?: number }).id === 1), 10_000, 'the attach answer');
      // $((6*7)) so the echoed command line differs from the output looked for.
      await t.client.call('sessions.write', { id: s.id, data: "printf 'grün 日本語 😀 %s\n' $((6*7))\r" });
      const want = 'grün 日本語 😀 42';
      const decoded = () => output.map((f) => new TextDecoder().decode(f.data)).join('');
      await waitFor(() => decoded().includes(want), 10_000, 'the printf output in binary frames');
      expect(output.every((f) => f.sessionId === s.id)).toBe(true);
      expect(output.map((f) => f.seq)).toEqual(output.map((_, i) => output[0]!.seq + i));
      expect(output.reduce((n, f) => n + f.chars, 0)).toBe(decoded().length);
      // Responses and events other than output stay JSON text.
      expect(text.length).toBeGreaterThan(0);
      expect(text.every((f) => (f as { event?: string }).event !== 'session.output')).toBe(true);
      await t.client.call('sessions.kill', { id: s.id });
    } finally {
      raw.close();
      d.cleanup();
    }
  });

  it('answers a quiet request only when it fails; a quiet write still reaches the PTY', async () => {
    const d = tempDir();
    const { wsUrl, token } = t.instance.server;
    const raw = new WebSocket(`${wsUrl}?token=${token}`);
    try {
      const s = await t.client.call('sessions.start', { path: d.dir, agent: 'shell' });
      await new Promise((r, j) => raw.once('open', r).once('error', j));
      const answers: { t: string; id: number; ok: boolean; error?: { code: string } }[] = [];
      raw.on('message', (data: Buffer, isBinary) => {
        const frame = isBinary ? null : (JSON.parse(data.toString('utf8')) as (typeof answers)[number]);
        if (frame?.t === 'res') answers.push(frame);
      });
      raw.send(JSON.stringify({ t: 'req', id: 1, method: 'sessions.write', params: { id: s.id, data: 'echo $((6*7))quiet\r' }, quiet: true }));
      raw.send(JSON.stringify({ t: 'req', id: 2, method: 'sessions.write', params: { id: 'no-such-session', data: 'x' }, quiet: true }));
      raw.send(JSON.stringify({ t: 'req', id: 3, method: 'app.info', params: {} }));
      await waitFor(() => answers.some((f) => f.id === 3), 10_000, 'the answer to app.info');
      // Requests are handled in order: by the answer to 3, those to 1 and 2 would have come.
      expect(answers.map((f) => f.id).sort()).toEqual([2, 3]);
      expect(answers[0]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      await waitFor(async () => (await t.client.call('sessions.screen', { id: s.id })).text.includes('42quiet'), 10_000, 'the quiet write run by the shell');
      await t.client.call('sessions.kill', { id: s.id });
    } finally {
      raw.close();
      d.cleanup();
    }
  });

  it('publishes its endpoint in the data dir, readable only by the user', async () => {
    const ep = readEndpoint(t.dataDir);
    expect(ep).toMatchObject({ wsUrl: t.instance.server.wsUrl, token: t.instance.server.token, pid: process.pid });
    const { statSync } = await import('node:fs');
    expect(statSync(join(t.dataDir, 'endpoint.json')).mode & 0o777).toBe(0o600);
  });
});

describe('bad input: a clear error or correct behaviour, and the other sessions keep working', () => {
  async function startShell(dir: string): Promise<Session> {
    return t.client.call('sessions.start', { path: dir, agent: 'shell' });
  }
  async function screenHas(id: string, text: string): Promise<void> {
    await waitFor(async () => (await t.client.call('sessions.screen', { id })).text.includes(text), 15_000, `"${text}" on screen`);
  }

  it('a missing folder, a file given as folder, an agent not installed', async () => {
    const d = tempDir();
    try {
      const e1 = await expectCode(t.client.call('projects.add', { path: join(d.dir, 'nope') }), 'FOLDER_MISSING');
      expect(e1.message).toContain('does not exist');
      writeFileSync(join(d.dir, 'file.txt'), 'x');
      const e2 = await expectCode(t.client.call('projects.add', { path: join(d.dir, 'file.txt') }), 'NOT_A_DIRECTORY');
      expect(e2.message).toContain('is a file');
      const e3 = await expectCode(t.client.call('sessions.start', { path: d.dir, agent: 'aider' }), 'AGENT_NOT_INSTALLED');
      expect(e3.hint).toContain('aider-install');
      await expectCode(t.client.call('sessions.start', { path: d.dir, agent: 'nonexistent' }), 'AGENT_UNKNOWN');
    } finally {
      d.cleanup();
    }
  });

  it('a malformed custom profile file names the file, the field and the problem; built-ins keep working', async () => {
    const file = join(t.dataDir, 'profiles.json');
    writeFileSync(file, JSON.stringify({ profiles: [{ id: 'ok-one', name: 'OK', command: 'bash' }, { id: 'Bad Id', name: '', command: 'x' }] }));
    try {
      const { agents, problems } = await t.client.call('agents.list', {});
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0]).toMatchObject({ file, field: 'profiles.1.id' });
      expect(problems.map((p) => p.field)).toContain('profiles.1.name');
      expect(agents.map((a) => a.id)).toEqual(expect.arrayContaining(['shell', 'claude', 'codex', 'gemini', 'aider', 'copilot', 'opencode', 'ok-one']));
      writeFileSync(file, '{ not json');
      const again = await t.client.call('agents.list', {});
      expect(again.problems[0]).toMatchObject({ file, field: '' });
      expect(again.problems[0]!.message).toMatch(/not valid JSON/);
      const d = tempDir();
      const s = await startShell(d.dir);
      await t.client.call('sessions.write', { id: s.id, data: 'echo built-in-ok\r' });
      await screenHas(s.id, 'built-in-ok');
      await t.client.call('sessions.kill', { id: s.id });
      d.cleanup();
    } finally {
      writeFileSync(file, '{"profiles": []}');
    }
  });

  it('a 1 MB paste and 50 MB of random bytes do not hurt the other sessions', async () => {
    const d = tempDir();
    try {
      const paste = await startShell(d.dir);
      const flood = await startShell(d.dir);
      const other = await startShell(d.dir);
      await t.client.call('sessions.write', { id: paste.id, data: 'cat > pasted.txt\r' });
      const mb = ('0123456789abcdef'.repeat(63) + '\n').repeat(1024); // 1,032,192 chars
      await t.client.call('sessions.write', { id: paste.id, data: mb });
      await t.client.call('sessions.write', { id: flood.id, data: "head -c 50000000 /dev/urandom; printf '\\030\\033c'; echo FLOOD-$((1+1))-DONE\r" });
      const t0 = Date.now();
      // While the flood runs, the third session still answers.
      await t.client.call('sessions.write', { id: other.id, data: 'echo still-alive-$((6*7))\r' });
      await screenHas(other.id, 'still-alive-42');
      await waitFor(async () => (await t.client.call('sessions.screen', { id: flood.id })).text.includes('FLOOD-2-DONE'), 150_000, 'flood done');
      console.log(`50 MB of random bytes through the mirror in ${Date.now() - t0} ms`);
      await t.client.call('sessions.write', { id: paste.id, data: '\x04' });
      await t.client.call('sessions.write', { id: paste.id, data: 'wc -c < pasted.txt\r' });
      await screenHas(paste.id, String(mb.length));
      for (const s of [paste, flood, other]) await t.client.call('sessions.kill', { id: s.id });
    } finally {
      d.cleanup();
    }
  }, 200_000);
});

describe('one instance per data folder', () => {
  it('refuses a second backend on the data folder of a running one, naming it', async () => {
    const { CortexBackend } = await import('../service/cortex-backend.js');
    const { startBackendProcess } = await import('../../test/support/backend-process.js');
    const data = tempDir('cortex-data-');
    const other = await startBackendProcess(data.dir, process.env);
    try {
      const err = await CortexBackend.create({ dataDir: data.dir }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(new RegExp(`already running with this data folder \\(pid ${other.child.pid}`));
    } finally {
      await other.stop();
      data.cleanup();
    }
  });
});
