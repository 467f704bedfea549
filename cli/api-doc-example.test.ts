import { execFile } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../test/support/instance.js';
import { tempDir, tempGitRepo } from '../test/support/temp.js';

const API_MD = readFileSync(new URL('../docs/API.md', import.meta.url), 'utf8');
const NODE_MODULES = new URL('../node_modules', import.meta.url).pathname;
const run = promisify(execFile);

/** The first ```js block after `heading` in docs/API.md. @throws Error when there is none */
function exampleAfter(heading: string): string {
  const at = API_MD.indexOf(heading);
  const m = at < 0 ? null : /```js\n([\s\S]*?)```/.exec(API_MD.slice(at));
  if (!m) throw new Error(`docs/API.md has no js example after "${heading}"`);
  return m[1]!;
}

let t: TestInstance;
beforeAll(async () => {
  t = await startTestInstance();
});
afterAll(async () => {
  await t?.stop();
});

describe('docs/API.md examples work as written', () => {
  it('the raw WebSocket client starts a shell, streams its output (binary frames) and reports the exit', async () => {
    const dir = tempDir('raw-client-');
    const repo = tempGitRepo({ 'hello-from-docs.txt': 'x\n' });
    try {
      // Next to a node_modules, as when run from the checkout (it imports `ws`).
      symlinkSync(NODE_MODULES, join(dir.dir, 'node_modules'));
      const script = join(dir.dir, 'raw-client.mjs');
      writeFileSync(script, exampleAfter('### With a raw WebSocket client in Node'));
      const { stdout } = await run(process.execPath, [script, repo.dir], { env: { ...process.env, CORTEX_DATA_DIR: t.dataDir }, timeout: 30_000 });
      expect(stdout).toMatch(/^attached at seq \d+ \(snapshot \d+ chars\)$/m);
      const m = /^exited with code 3; output had (\d+) chars$/m.exec(stdout);
      expect(m, stdout).not.toBeNull();
      // The output it streamed holds `ls`'s listing of the folder.
      expect(Number(m![1])).toBeGreaterThan('hello-from-docs.txt'.length);
      expect(stdout).toContain('hello-from-docs.txt');
    } finally {
      repo.cleanup();
      dir.cleanup();
    }
  });
});
