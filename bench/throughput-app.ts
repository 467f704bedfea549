import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLOW_CONTROL } from '../backend/contract/index.js';
import type { BackendProcess } from './harness/backend-process.js';
import { visibleExpression } from './harness/cdp-page.js';
import { busyMeter, busySince, openPage } from './harness/chromium.js';
import { pageProfiler } from './harness/cpu-profile.js';
import { busyFigure, type Figure } from './harness/figures.js';
import { PROFILE } from './harness/profiles.js';
import { mbPerSecond, sleep, withTimeout } from './harness/stats.js';
import { TEXT_COLUMNS, type BenchText } from './harness/text-file.js';

/** Where `npm run build:frontend` puts the renderer (angular.json). */
export const RENDERER_DIR = join(process.cwd(), 'dist', 'frontend', 'browser');
/** Rows the session starts with (the console fits it to its size on attach). */
const SESSION_ROWS = 40;
/** Longest wait for the console to show up and attach, ms. */
const UI_TIMEOUT_MS = 60_000;
/** The console's size counts as settled once unchanged this long, ms (its fit is debounced by 60 ms). */
const SIZE_SETTLE_MS = 500;
/** Longest a run may take before the bench calls it broken, ms. */
const TIMEOUT_MS = 300_000;

/** The in-page timing probe (window.benchProbe). */
const PROBE_SCRIPT = fileURLToPath(new URL('./pages/app-probe.js', import.meta.url));

/** True when the built renderer is there to serve (else (d) is skipped). */
export function rendererBuilt(): boolean {
  return existsSync(join(RENDERER_DIR, 'index.html'));
}

/**
 * (d) The whole path: PTY → backend (batching, mirror, flow control) → WebSocket → the
 * app's console (xterm.js, DOM renderer here) in Chromium, which acks what it parsed.
 * The backend child serves the built renderer; the session (`gatedCat` profile) is
 * started through the contract and shown by clicking its row in the sidebar, as a user
 * would. Timing runs in the page: from the Enter keydown typed into the console (which
 * releases `cat`) to the sentinel line appearing in the console's DOM rows (a
 * MutationObserver; no polling). MB/s of the file's bytes.
 *
 * The page is driven over a raw DevTools pipe with the Network domain off
 * (harness/cdp-page.ts), not Playwright: Playwright enables Network on every page, and
 * Chromium then copies every WebSocket frame's payload (all the terminal output) to the
 * DevTools client, which no user pays for and which cost (d) about a quarter of its speed.
 * Clicks and the Enter are real input events (CDP Input), as a user's would be.
 * @param label names the figures and the page profile (`d`, or `dB` for a second renderer)
 * @returns the console's size, so (c) can draw the same grid
 * @throws TimeoutError (name 'TimeoutError') when the sidebar row or the attached console never shows up
 */
export async function benchWholeApp(
  backend: BackendProcess,
  text: BenchText,
  sentinel: string,
  label = 'd',
): Promise<{ figures: Figure[]; mbps: number; mbPerBusy: number; size: { cols: number; rows: number } }> {
  const client = await backend.connect();
  let browser: Awaited<ReturnType<typeof openPage>> | null = null;
  try {
    browser = await openPage();
    const { page } = browser;
    const session = await client.call('sessions.start', { path: text.dir, agent: PROFILE.gatedCat, cols: TEXT_COLUMNS, rows: SESSION_ROWS });
    await page.goto(backend.url);
    await page.click(`[data-testid="session-row"][data-session-id="${session.id}"] [data-testid="session-open"]`, UI_TIMEOUT_MS);
    const panel = `[data-testid="console-panel"][data-session-id="${session.id}"]`;
    try {
      await page.waitFor(visibleExpression(`${panel} [data-testid="terminal"][data-attached="true"]`), UI_TIMEOUT_MS, 'the console to attach');
    } catch (err) {
      // Say what the console shows instead (an error text, a banner) and keep a screenshot.
      const shown = (await page.innerText(panel).catch(() => null)) ?? '(no console panel)';
      const shot = join(process.cwd(), 'bench-results', 'd-console-not-attached.png');
      await page.screenshot(shot).catch(() => undefined);
      (err as Error).message = `the console never attached; it shows: ${JSON.stringify(shown.slice(0, 300))}; screenshot ${shot}. ${(err as Error).message}`;
      throw err;
    }
    const size = await settledSize(client, session.id);
    const renderer = await page.evaluate<string | null>(
      `document.querySelector(${JSON.stringify(`${panel} [data-testid="terminal"]`)})?.getAttribute('data-renderer') ?? null`,
    );
    // Real mouse events on the terminal focus its textarea, so the Enter below goes to it.
    await page.click(`${panel} .xterm-screen`, UI_TIMEOUT_MS);

    // In the page (bench/pages/app-probe.js): t0 at the Enter keydown, tSeen when the sentinel is in the rows.
    // Evaluated over the DevTools protocol (Runtime.evaluate): the app's CSP (script-src 'self') stays as shipped.
    await page.evaluate(readFileSync(PROBE_SCRIPT, 'utf8'));
    await page.evaluate(`window.benchProbe.install(${JSON.stringify(`${panel} .xterm-rows`)}, ${JSON.stringify(sentinel)})`);
    // Diagnostics: code run in the page before timing (e.g. a CSS rule to try without a rebuild).
    const pageEval = process.env[label === 'd' ? 'BENCH_PAGE_EVAL' : 'BENCH_PAGE_EVAL_B'];
    if (pageEval) await page.evaluate(pageEval);
    const profiler = await pageProfiler(page);
    await profiler.start();
    const meter = await busyMeter(page);
    const busy0 = await meter.read();
    const cpu0 = await backend.cpuMs();
    await page.pressKey('Enter');
    const r = await withTimeout(
      page.evaluate<{ t0: number; tSeen: number; acked: number }>('window.benchProbe.result()'),
      TIMEOUT_MS,
      '(d) the sentinel in the app console',
    );
    const busy = busySince(busy0, await meter.read());
    await profiler.stop(`${label}-app`);
    const cpuMs = (await backend.cpuMs()) - cpu0;
    await meter.close();
    const ms = r.tSeen - r.t0;
    const mbps = mbPerSecond(text.bytes, ms);
    const mbPerBusy = text.bytes / 1e6 / busy.task;
    // What the page parsed: it acks in steps of ACK_SIZE_CHARS, so at most one step more than acked.
    const parsedMin = r.acked / text.ptyChars;
    const parsedMax = Math.min(1, (r.acked + FLOW_CONTROL.ackSizeChars) / text.ptyChars);
    // Removed, not only killed: an exited session keeps its console open, and the next
    // round's console would share the page with it at a half or a third of the width.
    await client.call('sessions.remove', { id: session.id }).catch(() => undefined);
    return {
      mbps,
      mbPerBusy,
      size,
      figures: [
        {
          id: `${label}.app`,
          name: `(${label}) whole path: PTY → backend → WebSocket → app console in Chromium`,
          value: mbps,
          unit: 'MB/s',
          pass: null,
          note: `${(ms / 1000).toFixed(2)} s; console ${size.cols}×${size.rows}, renderer ${renderer ?? '?'}; backend used ${(cpuMs / 1000).toFixed(2)} s CPU; raw CDP pipe, no Network domain (no copy of each WebSocket frame to the driver)`,
        },
        busyFigure(`${label}.busy`, `(${label}) app`, mbPerBusy, busy, ms),
        {
          id: `${label}.parsed`,
          name: `(${label}) share of the output the page parsed (the rest the backend skipped: lines it could never show)`,
          value: parsedMin * 100,
          unit: '%',
          pass: null,
          note: `${(parsedMin * 100).toFixed(1)}–${(parsedMax * 100).toFixed(1)} %: ${(r.acked / 1e6).toFixed(2)} M chars acknowledged by the page (steps of ${FLOW_CONTROL.ackSizeChars.toLocaleString('en')}) of ${(text.ptyChars / 1e6).toFixed(2)} M the PTY delivered`,
        },
      ],
    };
  } finally {
    await browser?.close();
    await client.close();
  }
}

/** The session's size once the console's fit has stopped changing it. */
async function settledSize(client: Awaited<ReturnType<BackendProcess['connect']>>, id: string): Promise<{ cols: number; rows: number }> {
  let last = '';
  let since = performance.now();
  const until = since + UI_TIMEOUT_MS;
  for (;;) {
    const s = await client.call('sessions.screen', { id });
    const key = `${s.cols}x${s.rows}`;
    if (key !== last) {
      last = key;
      since = performance.now();
    } else if (performance.now() - since >= SIZE_SETTLE_MS) return { cols: s.cols, rows: s.rows };
    if (performance.now() > until) throw new Error('(d) the console size never settled');
    await sleep(100);
  }
}
