import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CdpPage } from './harness/cdp-page.js';
import { openPage } from './harness/chromium.js';
import { pageProfiler } from './harness/cpu-profile.js';
import { fmt, type Figure } from './harness/figures.js';
import {
  appPeer,
  codeServerPeer,
  floorPeer,
  PEER_PROMPT,
  PEER_SCROLLBACK,
  pressChord,
  treeRss,
  wettyPeer,
  type Peer,
  type PeerInstance,
  type PeerTerminal,
} from './harness/peer-drivers.js';
import { residentGrowthByKind } from './harness/smaps.js';
import { median, percentile, sleep, withTimeout } from './harness/stats.js';
import type { BenchText } from './harness/text-file.js';

/** Keystrokes per echo measurement (idle, and with another terminal flooding); env BENCH_PEER_KEYS. */
export const PEER_KEYS = Number(process.env['BENCH_PEER_KEYS'] ?? 40);
/** Size of the text the peers cat, MB (at most BENCH_MB); env BENCH_PEER_MB. */
export const PEER_MB = Number(process.env['BENCH_PEER_MB'] ?? 20);
/** Paired rounds of the side-by-side bench; env BENCH_PEER_ROUNDS. */
export const PEER_ROUNDS = Number(process.env['BENCH_PEER_ROUNDS'] ?? 2);
/** Peers to run (ids, comma list); env BENCH_PEERS. The floor always runs. */
const PEER_FILTER = process.env['BENCH_PEERS'];
/** Pause between keystrokes, ms: a fast typist, jittered ±20 ms (as the backend echo bench). */
const KEY_GAP_MS = 60;
const KEY_GAP_JITTER_MS = 20;
/** Clear the line (Ctrl-U) after this many keys, so it never wraps. */
const KEYS_PER_LINE = 30;
/** Typed letters: rare at the start of a word, so "$ " + what was typed appears only on the typed line. */
const KEYS = 'qxzjvkwy';
/** A keystroke whose echo takes longer counts as lost, ms. */
const ECHO_TIMEOUT_MS = 15_000;
/** Longest wait for the text to be drawn to its sentinel, ms. */
const THROUGHPUT_TIMEOUT_MS = 600_000;
/** Let a flood reach full speed before typing beside it, ms. */
const FLOOD_RAMP_MS = 1_500;
/** Settle time before a memory reading, ms (batches, timers and snapshots). */
const SETTLE_MS = 1_500;
/** The in-page probe (window.peerProbe), injected at document start. */
const PROBE = readFileSync(fileURLToPath(new URL('./pages/peer-probe.js', import.meta.url)), 'utf8');
const MiB = 2 ** 20;

/**
 * Page expression: bytes on the wire of the navigation and every resource fetched so far
 * (`transferSize`: compressed body plus headers; 0 for a cached one, and nothing is cached in
 * the bench's fresh profile). WebSocket traffic is not a resource and is not counted.
 */
const TRANSFER_EXPRESSION = `(performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((s, e) => s + (e.transferSize || 0), 0))`;

/** What one peer measured in one round. */
export interface PeerRound {
  /** Navigation → prompt drawn in the first terminal, ms (including the keys or clicks a user needs to open it). */
  startupMs: number;
  /** Bytes on the wire (compressed, headers included) of the page and every resource it fetched by then, from the page's Resource Timing. */
  transferBytes: number;
  /** Keydown → glyph in the terminal's DOM rows, ms, one per key. */
  echoIdle: number[];
  /** Where {@link echoIdle} went, hop by hop (p50/p95 of each, ms; {@link echoHops}). */
  echoIdleHops: string;
  /** The same while another terminal of the page floods; null when the peer shows one terminal per page. */
  echoFlood: number[] | null;
  /** Why there is no {@link echoFlood}, when there is none. */
  floodNote: string;
  /** MB (10^6 B) of the text per second, Enter keydown → sentinel drawn. */
  mbps: number;
  /** Server tree RSS growth, bytes, from a fresh terminal to one holding {@link PEER_SCROLLBACK} lines. */
  serverBytes: number;
  /** {@link serverBytes} by command name of the tree's processes (a process that came or went counts whole). */
  serverByProcess: Map<string, number>;
  /** Page JS heap + ArrayBuffer backing stores growth over the same, bytes (after a full GC). */
  pageBytes: number;
  grid: string;
}

/** A second built renderer (env BENCH_RENDERER_B): runs as the peer `app-b` beside `app`, to compare two builds in one run. */
const RENDERER_B = process.env['BENCH_RENDERER_B'] || null;

/** The peers of `npm run bench`: the floor first. */
export function benchPeers(rendererDir: string | null): Peer[] {
  const all = [floorPeer, appPeer(rendererDir), ...(RENDERER_B ? [appPeer(RENDERER_B, 'app-b')] : []), codeServerPeer, wettyPeer];
  if (!PEER_FILTER) return all;
  const wanted = new Set(PEER_FILTER.split(',').map((s) => s.trim()));
  if (wanted.has('app')) wanted.add('app-b');
  return all.filter((p) => p.id === 'floor' || wanted.has(p.id));
}

/** Growth of each command's RSS from `before` to `after` (both of {@link treeRss}), bytes. */
function rssGrowth(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of new Set([...before.keys(), ...after.keys()])) out.set(name, (after.get(name) ?? 0) - (before.get(name) ?? 0));
  return out;
}

/** "node +3.2, esbuild -40.1" (MiB), the processes whose RSS moved by at least 0.1 MiB. */
function formatGrowth(growth: Map<string, number>): string {
  const parts = [...growth].filter(([, b]) => Math.abs(b) >= 0.1 * MiB).map(([name, b]) => `${name} ${b >= 0 ? '+' : ''}${fmt(b / MiB)}`);
  return parts.length ? parts.join(', ') : 'none moved';
}

/** Page heap in use after a full GC: V8 heap + embedder (DOM) heap + ArrayBuffer backing stores, bytes. */
async function pageHeapBytes(page: CdpPage): Promise<number> {
  await page.send('HeapProfiler.collectGarbage');
  const h = await page.send<{ usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
  return h.usedSize + (h.embedderHeapUsedSize ?? 0) + (h.backingStorageSize ?? 0);
}

async function typeChar(page: CdpPage, ch: string): Promise<void> {
  const code = `Key${ch.toUpperCase()}`;
  const keyCode = ch.toUpperCase().charCodeAt(0);
  await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, code, text: ch, unmodifiedText: ch, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode });
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode });
}

async function ctrl(page: CdpPage, letter: string): Promise<void> {
  await pressChord(page, { key: letter, code: `Key${letter.toUpperCase()}`, keyCode: letter.toUpperCase().charCodeAt(0), modifiers: 2 });
}

async function pressEnter(page: CdpPage): Promise<void> {
  await page.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', text: '\r', unmodifiedText: '\r', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
  await page.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
}

/** Types a command line (CDP insertText, as an IME or a paste would) and Enter. */
async function runCommand(page: CdpPage, line: string): Promise<void> {
  await page.send('Input.insertText', { text: line });
  await sleep(100);
  await pressEnter(page);
}

/** What the probe saw after one keydown (page clock, ms), in order: WebSocket sends, messages received, animation frames asked and run. */
export interface EchoTrail {
  sends: number[];
  msgs: number[];
  asks: number[];
  frames: number[];
}

/** One key's echo as the probe saw it. */
export interface EchoKey {
  keyAt: number;
  seenAt: number;
  trail: EchoTrail;
}

/**
 * The p50/p95 of each hop of the keys' echoes, ms: keydown → first WebSocket send; send →
 * the echo's message (the last message before the glyph was seen: network, server, PTY,
 * shell); echo message → the animation frame that drew it starts (the page's handling,
 * xterm.js's parse and the wait for the frame); that frame → glyph in the rows (the
 * frame's callbacks up to the renderer's DOM change). A key whose stage the probe did not
 * see is left out of that hop.
 */
export function echoHops(keys: EchoKey[]): string {
  const echoMsg = (k: EchoKey) => k.trail.msgs.filter((m) => m <= k.seenAt).pop() ?? null;
  const frame = (k: EchoKey) => k.trail.frames.filter((f) => f <= k.seenAt).pop() ?? null;
  const hops: [string, (k: EchoKey) => number | null][] = [
    ['key→send', (k) => (k.trail.sends.length ? k.trail.sends[0]! - k.keyAt : null)],
    ['send→echo msg', (k) => (k.trail.sends.length && echoMsg(k) !== null ? echoMsg(k)! - k.trail.sends[0]! : null)],
    ['msg→frame', (k) => (echoMsg(k) !== null && frame(k) !== null && frame(k)! >= echoMsg(k)! ? frame(k)! - echoMsg(k)! : null)],
    ['frame→seen', (k) => (frame(k) !== null ? k.seenAt - frame(k)! : null)],
    ['msg→seen', (k) => (echoMsg(k) !== null ? k.seenAt - echoMsg(k)! : null)],
    ['msgs', (k) => k.trail.msgs.filter((m) => m <= k.seenAt).length],
    ['asks', (k) => k.trail.asks.filter((m) => m <= k.seenAt).length],
    ['frames', (k) => k.trail.frames.filter((m) => m <= k.seenAt).length],
  ];
  return hops
    .map(([name, of]) => {
      const v = keys.map(of).filter((x): x is number => x !== null);
      return `${name} ${v.length ? `${fmt(percentile(v, 50))}/${fmt(percentile(v, 95))}` : '—'}`;
    })
    .join(', ');
}

/** Types `count` keys into `t` one at a time; each key's keydown → glyph drawn in its rows, ms. */
async function typeKeys(page: CdpPage, t: PeerTerminal, count: number, trails?: EchoKey[]): Promise<number[]> {
  const out: number[] = [];
  let typed = '';
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % KEYS_PER_LINE === 0) {
      await ctrl(page, 'u');
      typed = '';
      await sleep(KEY_GAP_MS * 3);
    }
    const ch = KEYS[Math.floor(Math.random() * KEYS.length)]!;
    typed += ch;
    await page.evaluate(`window.peerProbe.expect(${JSON.stringify(t.rows)}, ${JSON.stringify(PEER_PROMPT + typed)})`);
    await typeChar(page, ch);
    const r = await withTimeout(page.evaluate<EchoKey>('window.peerProbe.seen()'), ECHO_TIMEOUT_MS, `the echo of key ${i + 1}`);
    out.push(r.seenAt - r.keyAt);
    trails?.push(r);
    await sleep(KEY_GAP_MS + (Math.random() * 2 - 1) * KEY_GAP_JITTER_MS);
  }
  await ctrl(page, 'u');
  return out;
}

/**
 * One round of one peer: start it, open its page in a fresh Chromium (1600×900, the same
 * flags as (c) and (d)), then measure startup, idle echo, throughput (`cat` of the text
 * and a sentinel, typed into bash), memory, and echo beside a flood; stop it.
 */
async function measurePeer(peer: Peer, text: BenchText, sentinel: string, keys: number): Promise<PeerRound> {
  const inst: PeerInstance = await peer.start(text.dir);
  let browser: Awaited<ReturnType<typeof openPage>> | null = null;
  try {
    browser = await openPage();
    const { page } = browser;
    await page.send('Page.addScriptToEvaluateOnNewDocument', { source: PROBE });
    await inst.beforeNavigate?.(page);
    const profiler = await pageProfiler(page);
    await profiler.start();
    const t0 = performance.now();
    await page.goto(inst.url, 90_000);
    const first = await inst.firstTerminal(page);
    const startupMs = performance.now() - t0;
    await profiler.stop(`startup-${peer.id}-${Date.now()}`);
    const transferBytes = await page.evaluate<number>(TRANSFER_EXPRESSION);
    await first.focus(page);
    await sleep(300);
    const idleTrails: EchoKey[] = [];
    const echoIdle = await typeKeys(page, first, keys, idleTrails);
    const echoIdleHops = echoHops(idleTrails);
    process.stderr.write(`bench: peers: ${peer.id} idle echo p50/p95 ${fmt(percentile(echoIdle, 50))}/${fmt(percentile(echoIdle, 95))} ms; hops p50/p95: ${echoIdleHops}\n`);

    await sleep(SETTLE_MS);
    const server0 = treeRss(inst.pid);
    let smaps0 = '';
    if (process.env['BENCH_MEM_TRACE']) {
      process.stderr.write(`bench: peers: ${peer.id} memory before the flood at ${Date.now()}\n`);
      smaps0 = readFileSync(`/proc/${inst.pid}/smaps`, 'utf8');
      writeFileSync(`${process.env['BENCH_MEM_TRACE']}.${peer.id}.before.smaps`, smaps0);
    }
    const page0 = await pageHeapBytes(page);
    const [a, b] = [sentinel.slice(0, 6), sentinel.slice(6)];
    await page.evaluate(`window.peerProbe.expect(${JSON.stringify(first.rows)}, ${JSON.stringify(sentinel)})`);
    await runCommand(page, `cat ${text.file}; printf '%s%s\\n' ${a} ${b}`);
    const seen = await withTimeout(page.evaluate<{ keyAt: number; seenAt: number }>('window.peerProbe.seen()'), THROUGHPUT_TIMEOUT_MS, `${peer.id}: the sentinel`);
    const mbps = text.bytes / 1e6 / ((seen.seenAt - seen.keyAt) / 1000);
    await inst.settle?.();
    await sleep(SETTLE_MS);
    const server1 = treeRss(inst.pid);
    const serverByProcess = rssGrowth(server0, server1);
    const serverBytes = [...serverByProcess.values()].reduce((a, b) => a + b, 0);
    if (process.env['BENCH_MEM_TRACE']) {
      process.stderr.write(`bench: peers: ${peer.id} memory after the flood at ${Date.now()}\n`);
      const smaps1 = readFileSync(`/proc/${inst.pid}/smaps`, 'utf8');
      writeFileSync(`${process.env['BENCH_MEM_TRACE']}.${peer.id}.after.smaps`, smaps1);
      const kinds = residentGrowthByKind(smaps0, smaps1).map(([kind, b]) => `${kind} ${b >= 0 ? '+' : ''}${fmt(b / MiB)}`);
      process.stderr.write(`bench: peers: ${peer.id} server process RSS growth by mapping, MiB: ${kinds.join(', ')}\n`);
    }
    const pageBytes = (await pageHeapBytes(page)) - page0;
    const grid = await page.evaluate<string>(`(() => { const r = document.querySelector(${JSON.stringify(first.rows)}); const n = r ? r.children.length : 0; return n + ' rows'; })()`);

    let echoFlood: number[] | null = null;
    let floodNote = inst.noSecond ?? '';
    if (inst.secondTerminal) {
      let second: PeerTerminal;
      try {
        second = await inst.secondTerminal(page);
      } catch (err) {
        floodNote = `no second terminal: ${(err as Error).message.split('\n')[0]}`;
        return { startupMs, transferBytes, echoIdle, echoIdleHops, echoFlood, floodNote, mbps, serverBytes, serverByProcess, pageBytes, grid };
      }
      await second.focus(page);
      await runCommand(page, `while :; do cat ${text.file}; done`);
      await sleep(FLOOD_RAMP_MS);
      await first.focus(page);
      await sleep(200);
      echoFlood = await typeKeys(page, first, keys);
      await second.focus(page);
      await ctrl(page, 'c');
    }
    return { startupMs, transferBytes, echoIdle, echoIdleHops, echoFlood, floodNote, mbps, serverBytes, serverByProcess, pageBytes, grid };
  } finally {
    await browser?.close();
    await inst.stop();
  }
}

/** One peer's figures over all rounds. */
interface PeerSummary {
  peer: Peer;
  rounds: (PeerRound | undefined)[];
  skipped?: string;
  errors: string[];
}

/**
 * The side-by-side bench: the floor (bare xterm.js + node-pty), the app, VS Code's terminal
 * (code-server) and wetty, each installed (once, into .cache/peers) from its pinned manifest
 * under bench/peers/, started on 127.0.0.1 and driven in the same Chromium at the same
 * viewport with the same text, in alternating rounds (floor first in odd rounds, last in
 * even ones). Every figure is a ratio to the floor measured in the same round; the median of
 * the rounds' ratios is printed side by side. A peer that cannot be installed or started
 * is skipped with its reason; it never fails the bench.
 * @returns the figures, and a table for the report
 */
export async function benchPeersSideBySide(text: BenchText, sentinel: string, rendererDir: string | null): Promise<{ figures: Figure[]; table: string[] }> {
  const peers = benchPeers(rendererDir);
  const summaries: PeerSummary[] = [];
  for (const peer of peers) {
    process.stderr.write(`bench: peers: preparing ${peer.name}…\n`);
    let why: string | null;
    try {
      why = await peer.prepare();
    } catch (err) {
      why = (err as Error).message;
    }
    summaries.push({ peer, rounds: [], skipped: why ?? undefined, errors: [] });
  }
  const runnable = summaries.filter((s) => !s.skipped);
  for (let r = 0; r < PEER_ROUNDS; r++) {
    const order = r % 2 === 0 ? runnable : [...runnable].reverse();
    for (const s of order) {
      process.stderr.write(`bench: peers round ${r + 1}/${PEER_ROUNDS}: ${s.peer.name}…\n`);
      try {
        s.rounds[r] = await measurePeer(s.peer, text, sentinel, PEER_KEYS);
      } catch (err) {
        s.errors.push(`round ${r + 1}: ${((err as Error).message ?? String(err)).split('\n')[0]}`);
        process.stderr.write(`bench: peers: ${s.peer.id} round ${r + 1} broke: ${(err as Error).stack}\n`);
      }
    }
  }
  return summarize(summaries);
}

type Metric = { id: string; label: string; unit: string; higherIsBetter: boolean; of(r: PeerRound): number | null };

const METRICS: Metric[] = [
  { id: 'mbps', label: 'throughput', unit: 'MB/s', higherIsBetter: true, of: (r) => r.mbps },
  { id: 'echo.idle.p50', label: 'echo idle p50', unit: 'ms', higherIsBetter: false, of: (r) => percentile(r.echoIdle, 50) },
  { id: 'echo.idle.p95', label: 'echo idle p95', unit: 'ms', higherIsBetter: false, of: (r) => percentile(r.echoIdle, 95) },
  { id: 'echo.flood.p50', label: 'echo, other terminal flooding, p50', unit: 'ms', higherIsBetter: false, of: (r) => (r.echoFlood ? percentile(r.echoFlood, 50) : null) },
  { id: 'echo.flood.p95', label: 'echo, other terminal flooding, p95', unit: 'ms', higherIsBetter: false, of: (r) => (r.echoFlood ? percentile(r.echoFlood, 95) : null) },
  { id: 'startup', label: 'navigation → first interactive terminal', unit: 'ms', higherIsBetter: false, of: (r) => r.startupMs },
  { id: 'transfer', label: 'bytes on the wire by the first interactive terminal', unit: 'KB', higherIsBetter: false, of: (r) => r.transferBytes / 1e3 },
  { id: 'mem', label: `memory per terminal, ${PEER_SCROLLBACK} lines (server + page)`, unit: 'MiB', higherIsBetter: false, of: (r) => (r.serverBytes + r.pageBytes) / MiB },
];

/** Goal: the app's in-page echo p95 beside a flood, ms. */
export const PAGE_ECHO_FLOOD_P95_GOAL_MS = 50;
/** Goal: the app's idle in-page echo p95 at most this much over the floor's, ms. */
export const PAGE_ECHO_IDLE_OVER_FLOOR_GOAL_MS = 5;

/** Goal: navigation → the app's first console interactive (prompt drawn, with the click a user needs), ms. */
export const FIRST_CONSOLE_GOAL_MS = 1_000;

/** Goal: the page's initial transfer (compressed), bytes (1 MB). */
export const INITIAL_TRANSFER_GOAL_BYTES = 1e6;

/** The app's in-page echo and first-console goals (median over rounds), or null figures when it did not run. */
function appGoals(app: PeerSummary | undefined, floor: PeerSummary): Figure[] {
  const flood: number[] = [];
  const over: number[] = [];
  const startup: number[] = [];
  const startupRatio: number[] = [];
  app?.rounds.forEach((r, i) => {
    if (!r) return;
    if (r.echoFlood) flood.push(percentile(r.echoFlood, 95));
    startup.push(r.startupMs);
    const f = floor.rounds[i];
    if (f) over.push(percentile(r.echoIdle, 95) - percentile(f.echoIdle, 95));
    if (f && f.startupMs > 0) startupRatio.push(r.startupMs / f.startupMs);
  });
  const floodP95 = flood.length ? median(flood) : null;
  const overP95 = over.length ? median(over) : null;
  const startupMs = startup.length ? median(startup) : null;
  const transfers = (app?.rounds ?? []).filter((r): r is PeerRound => !!r).map((r) => r.transferBytes);
  const transfer = transfers.length ? Math.max(...transfers) : null;
  return [
    {
      id: 'goal.initial_transfer',
      name: 'initial transfer of the page, compressed, by the first console interactive (app)',
      value: transfer === null ? null : transfer / 1e3,
      unit: 'KB',
      goal: `< ${INITIAL_TRANSFER_GOAL_BYTES / 1e3} KB`,
      pass: transfer === null ? null : transfer < INITIAL_TRANSFER_GOAL_BYTES,
      note: transfer === null ? 'not measured in this run' : `largest of the rounds: ${transfers.map((v) => fmt(v / 1e3)).join(', ')} KB (navigation and resources, Resource Timing transferSize)`,
    },
    {
      id: 'goal.first_console',
      name: 'navigation → first console interactive (app; prompt drawn, the sidebar click included)',
      value: startupMs,
      unit: 'ms',
      goal: `< ${FIRST_CONSOLE_GOAL_MS} ms`,
      pass: startupMs === null ? null : startupMs < FIRST_CONSOLE_GOAL_MS,
      note:
        startupMs === null
          ? 'not measured in this run'
          : `rounds: ${startup.map((v) => fmt(v)).join(', ')} ms; ${startupRatio.length ? `${fmt(median(startupRatio))}× the bare xterm.js floor's (ratios ${startupRatio.map((x) => x.toFixed(2)).join(', ')})` : 'no floor round to compare'}`,
    },
    {
      id: 'goal.page_echo.flood.p95',
      name: 'in-page echo p95, another console of the page flooding (app)',
      value: floodP95,
      unit: 'ms',
      goal: `< ${PAGE_ECHO_FLOOD_P95_GOAL_MS} ms`,
      pass: floodP95 === null ? null : floodP95 < PAGE_ECHO_FLOOD_P95_GOAL_MS,
      note: floodP95 === null ? 'not measured in this run' : `rounds: ${flood.map((v) => fmt(v)).join(', ')} ms (keydown → glyph in the console's DOM rows)`,
    },
    {
      id: 'goal.page_echo.idle.over_floor',
      name: 'in-page echo p95 idle, app minus bare xterm.js floor',
      value: overP95,
      unit: 'ms',
      goal: `≤ ${PAGE_ECHO_IDLE_OVER_FLOOR_GOAL_MS} ms`,
      pass: overP95 === null ? null : overP95 <= PAGE_ECHO_IDLE_OVER_FLOOR_GOAL_MS,
      note: overP95 === null ? 'not measured in this run' : `rounds: ${over.map((v) => fmt(v)).join(', ')} ms`,
    },
  ];
}

function summarize(summaries: PeerSummary[]): { figures: Figure[]; table: string[] } {
  const floor = summaries.find((s) => s.peer.id === 'floor')!;
  const figures: Figure[] = appGoals(summaries.find((s) => s.peer.id === 'app' && !s.skipped), floor);
  const cols = summaries.filter((s) => s.peer.id !== 'floor');
  const table: string[] = [];
  const w = 24;
  table.push(`  ${'side by side (× floor, median of rounds; < 1 is faster/lighter except throughput)'.padEnd(58)}${['floor', ...cols.map((s) => s.peer.id)].map((h) => h.padStart(w)).join('')}`);
  for (const m of METRICS) {
    const floorValues = floor.rounds.map((r) => (r ? m.of(r) : null));
    const floorMedian = median(floorValues.filter((v): v is number => v !== null && Number.isFinite(v)));
    const cells = [`${fmt(floorMedian)} ${m.unit}`];
    for (const s of cols) {
      const ratios: number[] = [];
      const values: number[] = [];
      s.rounds.forEach((r, i) => {
        const v = r ? m.of(r) : null;
        const f = floorValues[i];
        if (v === null || !Number.isFinite(v)) return;
        values.push(v);
        if (f !== null && f !== undefined && Number.isFinite(f) && f > 0) ratios.push(v / f);
      });
      const ratio = ratios.length ? median(ratios) : null;
      cells.push(s.skipped ? 'skipped' : ratio === null ? '—' : `${fmt(ratio)}× (${fmt(median(values))})`);
      figures.push({
        id: `peers.${s.peer.id}.${m.id}`,
        name: `${s.peer.id}: ${m.label} ÷ floor`,
        value: ratio,
        unit: '×',
        pass: null,
        note: s.skipped ? `skipped: ${s.skipped}` : `${values.map((v) => fmt(v)).join(', ')} ${m.unit} vs floor ${floorValues.map((v) => fmt(v)).join(', ')}; ratios ${ratios.map((x) => x.toFixed(3)).join(', ')}`,
      });
    }
    table.push(`  ${m.label.padEnd(58)}${cells.map((c) => c.padStart(w)).join('')}`);
  }
  for (const s of summaries) {
    const r = s.rounds.find((x) => x);
    const state = s.skipped ? `skipped: ${s.skipped}` : `${s.peer.note}${r ? `; ${r.grid}` : ''}`;
    table.push(`  ${s.peer.id}: ${s.peer.name} — ${state}${s.errors.length ? `; broke in ${s.errors.join('; ')}` : ''}`);
  }
  for (const s of summaries) {
    s.rounds.forEach((r, i) => {
      if (!r) return;
      figures.push({
        id: `peers.${s.peer.id}.r${i + 1}`,
        name: `${s.peer.id} round ${i + 1}: MB/s, startup ms, memory MiB (server + page)`,
        value: r.mbps,
        unit: 'MB/s',
        pass: null,
        note: `startup ${r.startupMs.toFixed(0)} ms; echo idle p50/p95 ${fmt(percentile(r.echoIdle, 50))}/${fmt(percentile(r.echoIdle, 95))} ms (hops p50/p95: ${r.echoIdleHops}); flooding ${r.echoFlood ? `${fmt(percentile(r.echoFlood, 50))}/${fmt(percentile(r.echoFlood, 95))} ms` : `— (${r.floodNote})`}; memory server ${fmt(r.serverBytes / MiB)} (${formatGrowth(r.serverByProcess)}) + page ${fmt(r.pageBytes / MiB)} MiB`,
      });
    });
  }
  return { figures, table };
}
