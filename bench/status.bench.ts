/**
 * Live-status benchmarks. Run: `npx tsx bench/status.bench.ts` (prints JSON), or import
 * and call `run()`.
 *
 * 1. Screen latency: a fake agent on a real PTY draws a working frame, an approval menu and an
 *    idle box on command. Measured two ways per transition: from the agent's draw (an OSC 7777
 *    stamp the agent prints just before the frame, read from the raw PTY output; same machine
 *    clock) to the status event, and from our key write to the event (adds the agent's reaction).
 *    Idle figures have the deliberate debounce subtracted (goal p95 < 300 ms, debounce excluded).
 * 2. Hook latency: from just before `fetch` POSTs a hook to the status event, in process
 *    (goal p95 < 50 ms); plus a few end-to-end calls through hook-client.mjs (includes Node startup).
 * 2b. OSC latency: a program on a real PTY prints an OSC 133 mark (after an OSC 7777 stamp) on
 *    each key; from the stamp to the status event (goal p95 < 50 ms).
 * 0. Accuracy: every recorded real screen (test/fixtures/status, labelled by a person) through the
 *    classifier as a still screen; per profile, and how many unrecognised screens read idle (goal 0).
 * 4. The same latencies (1, 2, 2b) again under load: one concurrent flood session on its own real
 *    PTY (a program writing numbered text lines as fast as the PTY takes them), with its mirror
 *    and detector attached like any session's; the flood's rate is reported as the load profile.
 * 3. CPU of detection over 20 idle sessions for 10 s (goal < 1 % of one core): the process's
 *    `process.cpuUsage()` with 20 still idle agents; then 20 agents repainting their idle screen
 *    10×/s (identical frames), with and without detectors attached — the difference is detection.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PROFILES } from '../backend/agents/profile-loader.js';
import { PtySession } from '../backend/pty/pty-session.js';
import { attachStatusDetector } from '../backend/sessions/attach-status.js';
import { HOOK_CLIENT_PATH } from '../backend/sessions/hook-launch.js';
import { HookServer, HOOK_TOKEN_HEADER } from '../backend/status/hook-server.js';
import type { AgentState, StatusEvent } from '../backend/status/status-types.js';
import type { StatusDetector } from '../backend/status/status-detector.js';
import { compileStatus } from '../backend/status/compiled-status.js';
import { GENERIC_STATUS } from '../backend/status/generic-status.js';
import { classifyStill } from '../backend/status/screen-classifier.js';
import { loadStatusFixtures } from '../test/support/status-fixtures.js';

const FAKE_AGENT = fileURLToPath(new URL('../test/fixtures/fake-agent.mjs', import.meta.url));
const SCREEN_CYCLES = 30;
const BENCH_DEBOUNCE_MS = 500;
const HOOK_CALLS = 200;
const HOOK_CLIENT_CALLS = 10;
const IDLE_SESSIONS = 20;
const CPU_WINDOW_MS = 10_000;

const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function profile(id: string) {
  const p = BUILTIN_PROFILES.find((x) => x.id === id);
  if (!p) throw new Error(`no profile ${id}`);
  return p;
}

function stats(xs: number[]): { n: number; p50: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))] ?? NaN;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(q(0.5)), p95: r(q(0.95)), max: r(s[s.length - 1] ?? NaN) };
}

interface Session {
  pty: PtySession;
  detector: StatusDetector | null;
  close(): Promise<void>;
}

function spawnFake(profileId: string, script: string, withDetector: boolean, debounce?: number, beforeDetector?: (pty: PtySession) => void): Session {
  const pty = new PtySession({ argv: [process.execPath, FAKE_AGENT, profileId, script], cwd: process.cwd(), cols: 100, rows: 30 });
  beforeDetector?.(pty);
  const att = withDetector ? attachStatusDetector(pty, profile(profileId), debounce) : null;
  return {
    pty,
    detector: att?.detector ?? null,
    async close() {
      if (!pty.process.exit) await pty.kill();
      att?.detach();
      pty.dispose();
    },
  };
}

function nextState(d: StatusDetector, state: AgentState, timeoutMs = 10_000): Promise<{ e: StatusEvent; at: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (sub.unsubscribe(), reject(new Error(`no ${state} within ${timeoutMs} ms`))), timeoutMs);
    const sub = d.status$.subscribe((e) => {
      if (e.state !== state) return;
      clearTimeout(timer);
      sub.unsubscribe();
      resolve({ e, at: nowMs() });
    });
  });
}

/**
 * Screen → state, per transition, split into its hops: the agent's draw (its OSC 7777 stamp)
 * → the output batch on this thread (PTY, node-pty, the 5 ms batcher: what any terminal of the
 * app pays, the baseline) → the mirror worker's parse report back on this thread → the status
 * event (the detector; for idle also the debounce, subtracted, and the termios probe).
 */
async function screenLatency() {
  let stamp = NaN;
  let stampSeq = -1;
  let batchAt = NaN;
  let parsedAt = NaN;
  const s = spawnFake('claude', 'idle,driven', true, BENCH_DEBOUNCE_MS, (pty) => {
    pty.onBatch((data, seq) => {
      const m = /\x1b\]7777;([\d.]+)\x07/.exec(data);
      if (!m) return;
      stamp = Number(m[1]);
      stampSeq = seq;
      batchAt = nowMs();
      parsedAt = NaN;
    });
    pty.mirror.onParsed(() => {
      if (Number.isNaN(parsedAt) && stampSeq >= 0 && pty.mirror.parsedSeq >= stampSeq) parsedAt = nowMs();
    });
  });
  const d = s.detector!;
  await nextState(d, 'idle');
  const states = ['working', 'waiting', 'idle'] as const;
  const series = () => Object.fromEntries(states.map((k) => [k, [] as number[]])) as Record<(typeof states)[number], number[]>;
  const fromDraw = series();
  const fromKey = series();
  const drawToBatch = series();
  const batchToParsed = series();
  const parsedToEvent = series();
  const steps: [string, (typeof states)[number]][] = [['w', 'working'], ['a', 'waiting'], ['i', 'idle']];
  for (let i = 0; i < SCREEN_CYCLES; i++) {
    for (const [key, state] of steps) {
      const wait = nextState(d, state);
      const sent = nowMs();
      s.pty.write(key); // the agent's own key, not user input: not fed to onInput
      const { at } = await wait;
      const extra = state === 'idle' ? BENCH_DEBOUNCE_MS : 0;
      fromKey[state].push(at - sent - extra);
      fromDraw[state].push(at - stamp - extra);
      drawToBatch[state].push(batchAt - stamp);
      batchToParsed[state].push(parsedAt - batchAt);
      parsedToEvent[state].push(at - parsedAt - extra);
      await sleep(50);
    }
  }
  s.pty.write('x');
  await s.close();
  const all = (x: Record<string, number[]>) => Object.values(x).flat();
  const byState = (x: Record<string, number[]>) => ({ working: stats(x.working!), waiting: stats(x.waiting!), idleBeyondDebounce: stats(x.idle!) });
  const worst = Math.max(stats(fromDraw.working).p95, stats(fromDraw.waiting).p95, stats(fromDraw.idle).p95);
  const baseline = stats(all(drawToBatch));
  return {
    method: 'fake claude on a real PTY; draw stamp (OSC 7777) or key write → status event; idle has the debounce subtracted; hops: draw → batch on this thread (baseline) → mirror worker parse report → event',
    idleDebounceMs: BENCH_DEBOUNCE_MS,
    drawToEventMs: byState(fromDraw),
    keyToEventMs: byState(fromKey),
    hopsMs: { drawToBatch: byState(drawToBatch), batchToParsed: byState(batchToParsed), parsedToEvent: byState(parsedToEvent) },
    baselineDrawToBatchMs: baseline,
    /** Worst transition's p95 ÷ the p95 of draw → batch (all transitions): what detection costs over receiving the bytes. */
    p95OverBaseline: ratio(worst, baseline.p95),
  };
}

function ratio(a: number, b: number): number {
  return Math.round((a / b) * 100) / 100;
}

/** ms from spawning `argv` to its exit. */
function timedRun(argv: string[], env: NodeJS.ProcessEnv = process.env, stdin?: string): Promise<number> {
  const t0 = nowMs();
  const p = spawn(argv[0]!, argv.slice(1), { env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'] });
  if (stdin !== undefined) p.stdin!.end(stdin);
  return new Promise((resolve) => p.on('close', () => resolve(nowMs() - t0)));
}

/**
 * Hook → state. In process: `fetch` POSTs a hook to the hook server, to the status event;
 * its baseline, interleaved call by call, is the same POST (same client, body, keep-alive) to a
 * bare HTTP server in the same process that answers 204 once the body is read (no parsing, no
 * token check, no detector). Through the hook client (the agent's real
 * path): spawn of hook-client.mjs → the server hands the call over → the status event; its
 * baseline, interleaved, is one `node -e 0` start to exit.
 */
async function hookLatency() {
  const server = await HookServer.start();
  const s = spawnFake('claude', 'idle,wait,exit:0', true, BENCH_DEBOUNCE_MS);
  const d = s.detector!;
  let handedAt = NaN;
  const reg = server.register('bench', (e) => {
    handedAt = nowMs();
    d.onHook(e);
  });
  await nextState(d, 'idle');
  const post = (event: string, url = server.url) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [HOOK_TOKEN_HEADER]: reg.token },
      body: JSON.stringify({ sessionId: 'bench', event, payload: { session_id: 'bench-agent', hook_event_name: event } }),
    });
  // The baseline server: answers every POST with 204 once its body is read, keep-alive like the hook server.
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/hook`;
  const inProcess: number[] = [];
  const bareHttp: number[] = [];
  for (let i = 0; i < HOOK_CALLS; i++) {
    const [event, state]: [string, AgentState] = i % 2 === 0 ? ['UserPromptSubmit', 'working'] : ['Stop', 'idle'];
    const wait = nextState(d, state);
    const sent = nowMs();
    await post(event);
    inProcess.push((await wait).at - sent);
    const t0 = nowMs();
    const r = await post(event, bareUrl);
    await r.arrayBuffer();
    if (r.status !== 204) throw new Error(`baseline POST answered ${r.status}, expected 204`);
    bareHttp.push(nowMs() - t0);
  }
  const viaClient: number[] = [];
  const spawnToHanded: number[] = [];
  const handedToEvent: number[] = [];
  const nodeStart: number[] = [];
  const env = { ...process.env, CORTEX_HOOK_URL: server.url, CORTEX_HOOK_TOKEN: reg.token, CORTEX_SESSION_ID: 'bench' };
  for (let i = 0; i < HOOK_CLIENT_CALLS; i++) {
    const [event, state]: [string, AgentState] = d.status.state === 'idle' ? ['UserPromptSubmit', 'working'] : ['Stop', 'idle'];
    const wait = nextState(d, state);
    const sent = nowMs();
    const exited = timedRun([process.execPath, HOOK_CLIENT_PATH, event], env, JSON.stringify({ session_id: 'bench-agent', hook_event_name: event }));
    const { at } = await wait;
    viaClient.push(at - sent);
    spawnToHanded.push(handedAt - sent);
    handedToEvent.push(at - handedAt);
    await exited;
    nodeStart.push(await timedRun([process.execPath, '-e', '0']));
  }
  s.pty.write('k');
  await s.close();
  await server.close();
  bare.closeAllConnections();
  await new Promise((r) => bare.close(r));
  const inP = stats(inProcess);
  const bareMs = stats(bareHttp);
  const client = stats(viaClient);
  const start = stats(nodeStart);
  return {
    method: 'fetch POST → status event in the same process, vs the bare HTTP round trip to the same server (interleaved); and hook-client.mjs spawned per call (Node start included), vs `node -e 0` (interleaved)',
    inProcessMs: inP,
    baselineBareHttpMs: bareMs,
    /** In-process p95 ÷ bare HTTP round trip p95. */
    inProcessP95OverHttp: ratio(inP.p95, bareMs.p95),
    viaHookClientMs: client,
    viaHookClientHopsMs: { spawnToServerHandler: stats(spawnToHanded), handlerToEvent: stats(handedToEvent) },
    baselineNodeStartMs: start,
    /** Hook-client path p95 ÷ one `node -e 0` start p95. */
    viaHookClientP95OverNodeStart: ratio(client.p95, start.p95),
  };
}

async function cpuOver(sessions: Session[], ms: number): Promise<number> {
  const start = process.cpuUsage();
  const t0 = nowMs();
  await sleep(ms);
  const used = process.cpuUsage(start);
  return ((used.user + used.system) / 1000 / (nowMs() - t0)) * 100;
}

async function idleCpu() {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const still = Array.from({ length: IDLE_SESSIONS }, () => spawnFake('claude', 'idle', true));
  await Promise.all(still.map((s) => nextState(s.detector!, 'idle', 30_000)));
  const stillPct = await cpuOver(still, CPU_WINDOW_MS);
  await Promise.all(still.map((s) => s.close()));

  const repaint = `idle,repaint:${CPU_WINDOW_MS + 4000}`;
  const without = Array.from({ length: IDLE_SESSIONS }, () => spawnFake('claude', repaint, false));
  await sleep(2500);
  const withoutPct = await cpuOver(without, CPU_WINDOW_MS);
  await Promise.all(without.map((s) => s.close()));
  const withD = Array.from({ length: IDLE_SESSIONS }, () => spawnFake('claude', repaint, true));
  await sleep(2500);
  const withPct = await cpuOver(withD, CPU_WINDOW_MS);
  const stayedIdle = withD.every((s) => s.detector!.status.state === 'idle');
  const states: Record<string, number> = {};
  for (const s of withD) states[`${s.detector!.status.state}: ${s.detector!.status.reason}`] = (states[`${s.detector!.status.state}: ${s.detector!.status.reason}`] ?? 0) + 1;
  await Promise.all(withD.map((s) => s.close()));
  return {
    method: `process.cpuUsage over ${CPU_WINDOW_MS / 1000} s with ${IDLE_SESSIONS} sessions (PTY + mirror + detection, % of one core)`,
    stillIdleSessionsPct: round(stillPct),
    repaintingIdleSessions: {
      note: 'each session redraws its identical idle screen every 100 ms',
      withoutDetectorsPct: round(withoutPct),
      withDetectorsPct: round(withPct),
      detectionPct: round(withPct - withoutPct),
      stayedIdle,
      states,
    },
  };
}

/** Classifier accuracy on the recorded real screens, per profile (fractions 0–1, counts). */
function accuracy() {
  const fixtures = loadStatusFixtures(fileURLToPath(new URL('../test/fixtures/status', import.meta.url)));
  const perProfile: Record<string, { screens: number; correct: number; accuracy: number; notIdleReadIdle: number; misread: string[] }> = {};
  for (const f of fixtures) {
    const status = BUILTIN_PROFILES.find((p) => p.id === f.profile)?.status ?? GENERIC_STATUS;
    const v = classifyStill(f.screen, compileStatus(status));
    const row = (perProfile[f.profile] ??= { screens: 0, correct: 0, accuracy: 0, notIdleReadIdle: 0, misread: [] });
    row.screens++;
    const ok = v?.state === f.label.state && (!f.label.ask || v?.ask === f.label.ask);
    if (ok) row.correct++;
    else row.misread.push(`${f.file}: ${v?.state ?? 'nothing'} (${v?.reason ?? ''})`);
    if (f.label.state !== 'idle' && v?.state === 'idle') row.notIdleReadIdle++;
  }
  for (const r of Object.values(perProfile)) r.accuracy = r.screens ? Math.round((r.correct / r.screens) * 1000) / 1000 : 0;
  return { method: 'recorded real screens (test/fixtures/status) through classifyStill vs the person\'s label (state and asked line)', perProfile };
}

/** From a program's OSC 7777 stamp to the status event its OSC 133 mark causes (ms). */
async function oscLatency() {
  const script = [
    'import sys, time, tty',
    'tty.setraw(0)',
    'n = 0',
    'while True:',
    '    c = sys.stdin.read(1)',
    "    if c == 'x': break",
    "    mark = 'C' if n % 2 == 0 else 'D;0'",
    '    n += 1',
    "    sys.stdout.write('\\x1b]7777;%.3f\\x07\\x1b]133;%s\\x07' % (time.time() * 1000, mark))",
    '    sys.stdout.flush()',
  ].join('\n');
  const pty = new PtySession({ argv: ['/usr/bin/python3', '-c', script], cwd: process.cwd(), cols: 100, rows: 30 });
  const att = attachStatusDetector(pty, profile('shell'), BENCH_DEBOUNCE_MS);
  let stamp = NaN;
  let batchAt = NaN;
  pty.onBatch((data) => {
    const m = /\x1b\]7777;([\d.]+)\x07/.exec(data);
    if (m) {
      stamp = Number(m[1]);
      batchAt = nowMs();
    }
  });
  await sleep(500);
  const xs: number[] = [];
  const toBatch: number[] = [];
  for (let i = 0; i < 100; i++) {
    const state: AgentState = i % 2 === 0 ? 'working' : 'idle';
    const wait = nextState(att.detector, state);
    pty.write('k');
    const { at } = await wait;
    xs.push(at - stamp);
    toBatch.push(batchAt - stamp);
    await sleep(20);
  }
  pty.write('x');
  if (!pty.process.exit) await pty.kill();
  att.detach();
  pty.dispose();
  const osc = stats(xs);
  const base = stats(toBatch);
  return {
    method: 'python on a real PTY prints OSC 7777 stamp + OSC 133 C/D per key → status event; baseline: stamp → its output batch on this thread',
    stampToEventMs: osc,
    baselineStampToBatchMs: base,
    p95OverBaseline: ratio(osc.p95, base.p95),
  };
}

/** The flood program: numbered 100-column text lines, as fast as the PTY takes them. */
const FLOOD_SCRIPT = [
  'import sys',
  "pad = 'x' * 80",
  'i = 0',
  'w = sys.stdout.write',
  'while True:',
  "    w('flood %010d %s\\n' % (i, pad))",
  '    i += 1',
].join('\n');

/**
 * Runs `measure` while one flood session (real PTY + mirror + detector) writes text as fast as
 * it can; returns the figures and the load profile (the flood's rate in MB/s of PTY output,
 * its batches per second, and the state its detector read).
 */
async function underFlood<T>(
  measure: () => Promise<T>,
): Promise<{ load: { profile: string; floodMBps: number; floodBatchesPerS: number; floodState: string; machineLoadAvg1m: number }; figures: T }> {
  const pty = new PtySession({ argv: ['/usr/bin/python3', '-c', FLOOD_SCRIPT], cwd: process.cwd(), cols: 100, rows: 30 });
  const att = attachStatusDetector(pty, profile('shell'), BENCH_DEBOUNCE_MS);
  let chars = 0;
  let batches = 0;
  pty.onBatch((data) => {
    chars += data.length;
    batches++;
  });
  await sleep(1000); // the flood is at full rate
  const c0 = chars;
  const b0 = batches;
  const t0 = nowMs();
  const figures = await measure();
  const secs = (nowMs() - t0) / 1000;
  const floodState = att.detector.status.state;
  if (!pty.process.exit) await pty.kill();
  att.detach();
  pty.dispose();
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    load: {
      profile: '1 concurrent flood session: python3 writing 100-column numbered text lines as fast as its real PTY takes them, mirror and detector attached',
      floodMBps: round((chars - c0) / secs / 1e6),
      floodBatchesPerS: Math.round((batches - b0) / secs),
      floodState,
      // The machine's own load (other processes) weighs on every figure here: named with them.
      machineLoadAvg1m: round(loadavg()[0] ?? NaN),
    },
    figures,
  };
}

/** The parts `BENCH_STATUS_PARTS` may name (comma list; default all): a diagnosis runs one alone. */
const PARTS = ['accuracy', 'screen', 'hooks', 'osc', 'flood', 'cpu'] as const;

/** Runs the status benchmarks and returns the figures (ms, % of one core, fractions, ratios); a part left out is null. */
export async function run() {
  const only = new Set((process.env.BENCH_STATUS_PARTS ?? PARTS.join(',')).split(',').map((x) => x.trim()));
  const want = (p: (typeof PARTS)[number]) => only.has(p);
  const classifier = want('accuracy') ? accuracy() : null;
  const screen = want('screen') ? await screenLatency() : null;
  const hooks = want('hooks') ? await hookLatency() : null;
  const osc = want('osc') ? await oscLatency() : null;
  const underLoad = want('flood')
    ? {
        screen: want('screen') ? await underFlood(screenLatency) : null,
        hooks: want('hooks') ? await underFlood(hookLatency) : null,
        osc: want('osc') ? await underFlood(oscLatency) : null,
      }
    : null;
  const cpu = want('cpu') ? await idleCpu() : null;
  const goals = { accuracy: 1, notIdleReadIdle: 0, screenP95Ms: 300, hookP95Ms: 50, oscP95Ms: 50, idleCpuPct: 1 };
  /** The p95s the goals name, worst transition per channel (ms), whether each meets its goal, and each as a ratio to its same-run baseline. */
  const latency = (sc: Awaited<ReturnType<typeof screenLatency>> | null, hk: Awaited<ReturnType<typeof hookLatency>> | null, os: Awaited<ReturnType<typeof oscLatency>> | null) => {
    const screenP95 = sc ? Math.max(sc.drawToEventMs.working.p95, sc.drawToEventMs.waiting.p95, sc.drawToEventMs.idleBeyondDebounce.p95) : null;
    const hookP95 = hk?.inProcessMs.p95 ?? null;
    const oscP95 = os?.stampToEventMs.p95 ?? null;
    return {
      screenP95Ms: screenP95,
      screenMet: screenP95 === null ? null : screenP95 < goals.screenP95Ms,
      screenP95OverDrawToBatch: sc?.p95OverBaseline ?? null,
      hookP95Ms: hookP95,
      hookMet: hookP95 === null ? null : hookP95 < goals.hookP95Ms,
      hookP95OverBareHttp: hk?.inProcessP95OverHttp ?? null,
      hookClientP95OverNodeStart: hk?.viaHookClientP95OverNodeStart ?? null,
      oscP95Ms: oscP95,
      oscMet: oscP95 === null ? null : oscP95 < goals.oscP95Ms,
      oscP95OverStampToBatch: os?.p95OverBaseline ?? null,
    };
  };
  const latencyGoals = {
    noFlood: latency(screen, hooks, osc),
    underFlood: underLoad ? latency(underLoad.screen?.figures ?? null, underLoad.hooks?.figures ?? null, underLoad.osc?.figures ?? null) : null,
    machineLoadAvg1m: Math.round((loadavg()[0] ?? NaN) * 100) / 100,
  };
  return { classifier, screen, hooks, osc, underLoad, latencyGoals, cpu, goals };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
