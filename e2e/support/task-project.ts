import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { valueProjectFiles } from '../../test/fixtures/orchestrator/value-project';

/** The backend's scripted stand-in for a coding agent (personas: fixer, broken, …). */
export const SCRIPTED_AGENT = resolve('test/fixtures/orchestrator/scripted-agent.mjs');

/** How long the project's test waits before checking, ms: long enough to see the gate run. */
const TEST_DELAY_MS = 1_500;

/**
 * The backend's project whose test (`npm test`) fails until src/value.js exports 42, starting
 * at 41. The test waits {@link TEST_DELAY_MS} first, so the board shows "running tests".
 */
export const TASK_PROJECT_FILES: Readonly<Record<string, string>> = {
  ...valueProjectFiles(TEST_DELAY_MS),
  'src/value.js': 'module.exports = 41;\n',
};

/** A profile in `<dataDir>/profiles.json` that runs the scripted agent with a persona. */
export function scriptedProfile(id: string, name: string, persona: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { id, name, command: process.execPath, args: [SCRIPTED_AGENT, persona], promptMode: { kind: 'arg' }, ...extra };
}

/**
 * Writes {@link TASK_PROJECT_FILES} into a fresh temp folder `<name>-XXXXXX`; with `git`,
 * makes it a repository with one commit (argv arrays, no shell).
 * @returns the folder's absolute path
 */
export function makeTaskProject(name: string, git = true): string {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  for (const [rel, content] of Object.entries(TASK_PROJECT_FILES)) {
    const file = join(dir, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }
  if (git) {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    run('init', '--quiet', '--initial-branch=main');
    run('add', '.');
    run('-c', 'user.name=Cortex E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '--quiet', '-m', 'A value that fails its test');
  }
  return dir;
}
