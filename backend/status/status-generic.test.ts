import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtin, pause, watch, type Watched } from '../../test/support/status-harness.js';
import { tempDir } from '../../test/support/temp.js';

const DEBOUNCE_MS = 400;
const open: Watched[] = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

/** An interactive bash with a plain prompt, under the shell profile (no status block: the generic fallback). */
function bash(idleDebounceMs = DEBOUNCE_MS): Watched {
  const shell = builtin('shell');
  expect(shell.status).toBeUndefined();
  const w = watch(['/bin/bash', '--norc', '--noprofile', '-i'], shell, { env: { PS1: '$ ' }, idleDebounceMs });
  open.push(w);
  return w;
}

describe.concurrent('generic fallback on real programs', () => {
  it('bash at its prompt is idle; read -p "[y/N]" and a select menu are waiting; answering returns to idle', async () => {
    const w = bash();
    let e = await w.until('idle');
    expect(e.reason).toMatch(/shell prompt/);
    let from = w.events.length;
    w.type('read -p "Continue? [y/N] " answer\r');
    e = await w.until('waiting', 8000, from);
    expect(e.reason).toMatch(/yes\/no question/);
    from = w.events.length;
    w.type('y\r');
    await w.until('idle', 8000, from);
    from = w.events.length;
    w.type('select fruit in apple banana cherry; do echo "got $fruit"; break; done\r');
    e = await w.until('waiting', 8000, from);
    expect(e.reason).toMatch(/question at the cursor|numbered menu/);
    from = w.events.length;
    w.type('2\r');
    await w.until('idle', 8000, from);
  });

  it('a spinner over a long sleep is working for as long as it spins, then idle', { timeout: 2 * 60_000 }, async () => {
    // The spinner turns until the test removes its reason to (a flag file), not for a fixed
    // time: on a loaded machine a timed one could end before it was seen. Each frame forks a
    // `sleep 0.1`, which a loaded machine can stretch: the profile's own 1.5 s debounce keeps
    // such a gap from reading as a still screen.
    const debounce = 1500;
    const dir = tempDir('cortex-spinner-');
    const stop = join(dir.dir, 'stop');
    const w = bash(debounce);
    await w.until('idle');
    const from = w.events.length;
    w.type(`while [ ! -e '${stop}' ]; do for c in '|' / - '\\\\'; do printf '\\r%s building' "$c"; sleep 0.1; done; done; echo\r`);
    const working = await w.until('working', 30_000, from);
    await pause(3 * debounce); // three times the debounce: the spinner keeps it working
    // Only working since the command went in (Enter, then the spinner turning in place); the reason follows the evidence.
    expect(new Set(w.events.slice(from).map((e) => e.state))).toEqual(new Set(['working']));
    expect(w.detector.status.reason).toMatch(/spinner turning in place|output flowing/);
    expect(working.since).toBeGreaterThan(0);
    writeFileSync(stop, '');
    await w.until('idle', 30_000, from);
    dir.cleanup();
  });

  it('exit 3 is exited with code 3; a signal is reported as such', async () => {
    const w = bash();
    await w.until('idle');
    w.type('exit 3\r');
    const e = await w.until('exited');
    expect(e).toMatchObject({ state: 'exited', exitCode: 3, signal: null, source: 'process' });
    const k = watch(['/bin/bash', '--norc', '-c', 'kill -TERM $$'], builtin('shell'), { idleDebounceMs: DEBOUNCE_MS });
    open.push(k);
    expect((await k.until('exited')).signal).toBe(15);
  });

  it('"Press Enter to continue" on a still screen is waiting', async () => {
    const w = bash();
    await w.until('idle');
    const from = w.events.length;
    w.type('echo "Installation finished."; echo "Press Enter to continue"; read -s\r');
    const e = await w.until('waiting', 8000, from);
    expect(e.reason).toMatch(/press enter/);
  });
});
