import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError } from '../contract/index.js';
import { isAlive } from '../pty/process-group.js';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, tempGitRepo, waitFor } from '../../test/support/temp.js';
import { checkProjectFolder } from './folder-check.js';

const FOLDER_CHECK = fileURLToPath(new URL('./folder-check.ts', import.meta.url));
/** uid/gid of `nobody` on Debian: a user that may not read a folder of mode 000. */
const NOBODY = 65534;

let t: TestInstance;
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await t?.stop();
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof CortexError) return `${err.code}: ${err.message} ${err.hint ?? ''}`;
    throw err;
  }
  return 'no error';
}

/** Projects: a folder must exist, be a directory and be readable; removing one never touches it. */
describe('project folders', () => {
  it('a folder the user may not read is refused with FOLDER_UNREADABLE, saying what to do', (ctx) => {
    const d = tempDir('cortex-locked-');
    try {
      chmodSync(d.dir, 0o755); // mkdtemp makes 0700: the other user must reach the folder to be refused by it
      const locked = join(d.dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o000);
      let said: string;
      if (process.getuid?.() === 0) {
        // root reads every folder: check it as an unprivileged user, in a child process. That
        // user must be able to load this checkout's code; where it cannot, the test says so.
        const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(FOLDER_CHECK)}); require.resolve('tsx')`], { uid: NOBODY, gid: NOBODY, cwd: process.cwd() });
        if (probe.status !== 0) {
          ctx.skip(`running as root, and user ${NOBODY} (nobody) cannot read this checkout: no unprivileged user to check the refusal with`);
        }
        const script = `import { checkProjectFolder } from ${JSON.stringify(FOLDER_CHECK)};
          try { checkProjectFolder(${JSON.stringify(locked)}); console.log('no error'); }
          catch (e) { console.log(e.code + ': ' + e.message + ' ' + (e.hint ?? '')); }`;
        const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', cwd: process.cwd() });
        expect(r.stderr).toBe('');
        said = r.stdout.trim();
      } else {
        said = codeOf(() => checkProjectFolder(locked));
      }
      expect(said).toBe(`FOLDER_UNREADABLE: You do not have permission to read the folder ${locked}. Check its permissions, or choose another folder.`);
    } finally {
      d.cleanup();
    }
  });

  it('takes ~, relative paths and symlinks to the real folder; the same folder twice is one project', async () => {
    const r = tempGitRepo({ 'a.txt': 'a\n' });
    try {
      expect(checkProjectFolder('~')).toBe(homedir());
      expect(checkProjectFolder(relative(process.cwd(), r.dir))).toBe(r.dir);
      const link = `${r.dir}-link`;
      symlinkSync(r.dir, link);
      const first = await t.client.call('projects.add', { path: r.dir });
      const viaLink = await t.client.call('projects.add', { path: link });
      expect(viaLink.id).toBe(first.id);
      expect(viaLink.path).toBe(r.dir);
      expect(codeOf(() => checkProjectFolder(join(r.dir, 'a.txt')))).toMatch(/^NOT_A_DIRECTORY: .*a\.txt is a file, not a folder\./);
      await t.client.call('projects.remove', { id: first.id });
    } finally {
      r.cleanup();
    }
  });

  it('rename trims the name; remove stops its sessions and forgets them, and leaves the folder exactly as it was', async () => {
    const r = tempGitRepo({ 'README.md': '# keep me\n', 'main.py': 'print(1)\n' });
    try {
      const before = readdirSync(r.dir, { recursive: true }).map(String).sort();
      const project = await t.client.call('projects.add', { path: r.dir });
      expect((await t.client.call('projects.rename', { id: project.id, name: '  My app  ' })).name).toBe('My app');
      const s = await t.client.call('sessions.start', { projectId: project.id, agent: 'shell', cols: 80, rows: 24 });
      await waitFor(async () => (await t.client.call('sessions.get', { id: s.id })).pid !== null, 10_000, 'the shell to start');
      const pid = (await t.client.call('sessions.get', { id: s.id })).pid!;

      await t.client.call('projects.remove', { id: project.id });
      expect((await t.client.call('projects.list', {})).map((p) => p.id)).not.toContain(project.id);
      expect((await t.client.call('sessions.list', {})).map((x) => x.id)).not.toContain(s.id);
      await waitFor(() => !isAlive(pid), 10_000, 'the session process to end');
      expect(readdirSync(r.dir, { recursive: true }).map(String).sort()).toEqual(before);
      expect(readFileSync(join(r.dir, 'README.md'), 'utf8')).toBe('# keep me\n');
    } finally {
      r.cleanup();
    }
  });
});
