import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from '../../test/support/instance.js';
import { tempDir, waitFor } from '../../test/support/temp.js';

/** A prompt with everything a shell would mangle: lines, quotes, $(), backticks, globs, a trailing space. */
const PROMPT = 'Fix the "login" bug\nin src/*.ts — don\'t run $(rm -rf ~) or `id`;\n\tkeep  spacing & ünïcode ';

let t: TestInstance;
const work = tempDir('cortex-prompt-');

/** Writes an agent script that saves its argv (NUL-separated) and, if asked, what is typed into it. */
function agentScript(name: string): string {
  const file = join(work.dir, name);
  writeFileSync(
    file,
    `#!/usr/bin/env node
const fs = require('fs');
// Written whole, then renamed: the test polls for the file and must never read it half written.
const save = (file, text) => { fs.writeFileSync(file + '.tmp', text); fs.renameSync(file + '.tmp', file); };
save(${JSON.stringify(join(work.dir, name + '.argv'))}, process.argv.slice(2).join('\\0'));
process.stdin.setRawMode(true);
process.stdout.write('\\x1b[?2004hready> ');
let got = '';
process.stdin.on('data', (d) => {
  got += d.toString('utf8');
  if (got.endsWith('\\r')) {
    save(${JSON.stringify(join(work.dir, name + '.typed'))}, got);
    process.stdout.write('\\r\\nreceived\\r\\n');
  }
});
`,
  );
  chmodSync(file, 0o755);
  return file;
}

beforeAll(async () => {
  t = await startTestInstance();
  writeFileSync(
    join(t.dataDir, 'profiles.json'),
    JSON.stringify({
      profiles: [
        { id: 'as-arg', name: 'As argument', command: agentScript('as-arg'), args: ['--model', 'x'], promptMode: { kind: 'arg' } },
        { id: 'as-flag', name: 'As flag', command: agentScript('as-flag'), promptMode: { kind: 'flag', flag: '--prompt' } },
        { id: 'as-typed', name: 'Typed', command: agentScript('as-typed'), promptMode: { kind: 'type', delayMs: 400 } },
      ],
    }),
  );
});
afterAll(async () => {
  await t?.stop();
  work.cleanup();
});

const argvOf = (name: string) => readFileSync(join(work.dir, `${name}.argv`), 'utf8').split('\0');

describe('first prompt, as each profile says, never through a shell', () => {
  it('as the last argument: multi-line and shell characters arrive intact', async () => {
    await t.client.call('sessions.start', { path: work.dir, agent: 'as-arg', prompt: PROMPT });
    await waitFor(() => existsSync(join(work.dir, 'as-arg.argv')), 10_000, 'argv written');
    expect(argvOf('as-arg')).toEqual(['--model', 'x', PROMPT]);
  });

  it('after a flag', async () => {
    await t.client.call('sessions.start', { path: work.dir, agent: 'as-flag', prompt: PROMPT });
    await waitFor(() => existsSync(join(work.dir, 'as-flag.argv')), 10_000, 'argv written');
    expect(argvOf('as-flag')).toEqual(['--prompt', PROMPT]);
  });

  it('typed once the agent is ready, as a bracketed paste, then Enter', async () => {
    const s = await t.client.call('sessions.start', { path: work.dir, agent: 'as-typed', prompt: PROMPT });
    await waitFor(() => existsSync(join(work.dir, 'as-typed.typed')), 10_000, 'typed prompt received');
    expect(argvOf('as-typed')).toEqual(['']);
    expect(readFileSync(join(work.dir, 'as-typed.typed'), 'utf8')).toBe(`\x1b[200~${PROMPT}\x1b[201~\r`);
    await waitFor(async () => (await t.client.call('sessions.screen', { id: s.id })).text.includes('received'), 5_000, 'agent answered');
  });
});
