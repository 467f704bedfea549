import { afterAll, describe, expect, it } from 'vitest';
import { builtin, FAKE_AGENT, pause, watch, type Watched } from '../../test/support/status-harness.js';

/** Tests shorten the 1.5 s idle debounce; one test below keeps the profile's own. */
const DEBOUNCE_MS = 400;
const open: Watched[] = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((w) => w.close()));
});

/** @param idleDebounceMs null = the profile's own debounce */
function fake(profile: string, script: string, env: Record<string, string> = {}, idleDebounceMs: number | null = DEBOUNCE_MS): Watched {
  const w = watch([process.execPath, FAKE_AGENT, profile, script], builtin(profile), { env, idleDebounceMs: idleDebounceMs ?? undefined });
  open.push(w);
  return w;
}

/** How long one step may take before the test fails: a bound for a broken detector, never a pace (the steps wait for events). */
const STEP_MS = 30_000;

// Each kind of waiting the profile's fake agent shows: a tool approval, a question, a menu.
// Every phase lasts until the test has seen its state and pressed a key (`working:key`,
// `wait`): a timed phase could end unseen on a loaded machine, where the mirror worker (which
// runs at a lower priority) may parse two phases' frames together.
const SCRIPT = 'working:key,approval,wait,working:key,question,wait,working:key,menu,wait,working:key,idle,wait,typed,sleep:1200,exit:3';

describe.concurrent.each(['claude', 'codex', 'gemini', 'copilot', 'opencode', 'aider'])('screen patterns of %s on a real PTY', (profile) => {
  it('detects working, each kind of waiting, idle and exit; busy words typed into the input box stay idle', async () => {
    const w = fake(profile, SCRIPT);
    // Whether the screen each verdict was read from was blank (an agent that left its alternate screen to exit).
    const blankAt = new Map<object, boolean>();
    w.detector.status$.subscribe((e) => blankAt.set(e, w.pty.mirror.screenSource().read().lines.every((l) => l.trim() === '')));
    const seen: string[] = [];
    let from = 0;
    /** Waits for `state`, then moves the agent on: `answer` as the person (a key the detector sees), else as the agent's own pace. */
    const step = async (state: 'working' | 'waiting' | 'idle', answer: boolean) => {
      const e = await w.until(state, STEP_MS, from);
      seen.push(`${e.state}/${e.source}`);
      from = w.events.indexOf(e) + 1;
      if (answer) w.type('k');
      else w.pty.write('k');
    };
    await step('working', false);
    await step('waiting', true); // approval
    await step('working', false);
    await step('waiting', true); // question
    await step('working', false);
    await step('waiting', true); // menu
    await step('working', false);
    const idleAt = w.events.length;
    await step('idle', false); // the agent then shows busy words typed into its input box
    const exited = await w.until('exited', STEP_MS, from);
    // The input box held busy words for 1.2 s (longer than the debounce): nothing but the exit followed idle.
    // An agent that leaves its alternate screen to exit shows a blank screen until its exit is
    // seen; on a loaded machine that can outlast the debounce, and a still screen nothing
    // recognises reads `waiting` by rule. That verdict is about the blank screen, not the typed words.
    const afterIdle = w.events.slice(idleAt).filter((e) => !(e.state === 'waiting' && blankAt.get(e) === true));
    expect(afterIdle.map((e) => e.state)).toEqual(['idle', 'exited']);
    expect(exited.exitCode).toBe(3);
    expect(seen).toEqual(['working/screen', 'waiting/screen', 'working/screen', 'waiting/screen', 'working/screen', 'waiting/screen', 'working/screen', 'idle/screen']);
  }, 4 * 60_000);
});

describe.concurrent('screen safeguards', () => {
  it('a repaint of identical text is not activity, and idle waits for the profile debounce (1.5 s)', async () => {
    const w = fake('claude', 'idle,repaint:2600,exit:0', {}, null);
    const idle = await w.until('idle', 6000);
    // Entered only after the screen had been still for the debounce, even though it was redrawn every 100 ms.
    expect(idle.since - w.startedAt, JSON.stringify(w.events)).toBeGreaterThanOrEqual(1500);
    expect(idle.reason).toMatch(/screen still/);
    await w.until('exited');
    expect(w.events.map((e) => e.state)).toEqual(['idle', 'exited']);
  });

  it('a redraw held open in a synchronized update (DEC 2026) is read only once it ends: a slow repaint is not activity', async () => {
    // Each repaint clears the live region and draws it again in two writes 200 ms apart; read
    // half-way, the screen would change twice within the flow window and count as working.
    const w = fake('claude', 'idle,sleep:800,splitrepaint:200,sleep:100,splitrepaint:200,sleep:100,splitrepaint:200,sleep:800,exit:0');
    await w.until('exited', 8000);
    expect(w.events.map((e) => `${e.state}/${e.reason}`), JSON.stringify(w.events)).toEqual([expect.stringMatching(/^idle\//), expect.stringMatching(/^exited\//)]);
  });

  it('a Braille spinner title means working even on a still screen, questions still win', async () => {
    const w = fake('claude', 'idle,wait,idle:key,approval,wait,exit:0', { FAKE_TITLES: '1' });
    await w.until('idle', STEP_MS);
    w.pty.write('k'); // the idle screen stays, under a turning spinner title
    const working = await w.until('working', STEP_MS);
    expect(working.source, JSON.stringify(w.events)).toBe('title');
    w.pty.write('k');
    const waiting = await w.until('waiting', STEP_MS);
    expect(waiting.source).toBe('screen');
    w.type('x');
    await w.until('exited', STEP_MS);
  }, 2 * 60_000);

  it('markSeen tells "waiting, not yet seen" from "waiting, seen"', async () => {
    const w = fake('codex', 'approval,wait,exit:0');
    const waiting = await w.until('waiting');
    expect(waiting.seen).toBe(false);
    w.detector.markSeen();
    expect(w.events.at(-1)).toMatchObject({ state: 'waiting', seen: true });
    w.detector.markSeen();
    expect(w.events.filter((e) => e.seen)).toHaveLength(1);
    w.type('x');
    await w.until('exited');
  });
});
