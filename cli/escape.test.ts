import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../test/support/instance.js';
import { tempDir } from '../test/support/temp.js';
import { escapeControls, paint } from './format.js';
import { runCli } from './main.js';

describe('escapeControls', () => {
  it('shows every control character escaped but line feed and tab, and lets only its own colours through', () => {
    expect(escapeControls('a\x1b]52;c;aGk=\x07b')).toBe('a\\x1b]52;c;aGk=\\x07b');
    expect(escapeControls('title\x1b]0;pwned\x1b\\')).toBe('title\\x1b]0;pwned\\x1b\\');
    expect(escapeControls('x\ry\bz\x7f\x9b2J')).toBe('x\\x0dy\\x08z\\x7f\\x9b2J');
    expect(escapeControls('one\n\ttwo')).toBe('one\n\ttwo');
    const red = paint({ color: true, now: 0 }, 'red', 'R');
    expect(escapeControls(red)).toBe(red);
    expect(escapeControls('\x1b[8mhidden')).toBe('\\x1b[8mhidden');
  });
});

describe('the CLI prints untrusted text with control characters escaped', () => {
  let t: TestInstance;
  const root = tempDir();
  beforeAll(async () => {
    t = await startTestInstance();
  });
  afterAll(async () => {
    await t?.stop();
    root.cleanup();
  });

  it('a folder named with an OSC 52 (clipboard) and an OSC 0 (title) sequence', async () => {
    const evil = join(root.dir, 'repo\x1b]52;c;cm0gLXJmIH4=\x07\x1b]0;pwned\x07');
    mkdirSync(evil);
    await t.client.call('projects.add', { path: evil });
    let stdout = '';
    const code = await runCli(['projects'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: () => true },
      env: { ...process.env, CORTEX_DATA_DIR: t.dataDir },
      cwd: root.dir,
    });
    expect(code).toBe(0);
    expect(stdout).toContain('repo\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;pwned\\x07');
    expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});
