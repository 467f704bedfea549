import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { busyMeter, busySince, openPage } from './harness/chromium.js';
import { pageProfiler } from './harness/cpu-profile.js';
import { busyFigure, type Figure } from './harness/figures.js';
import { startStaticServer } from './harness/static-server.js';
import { mbPerSecond, withTimeout } from './harness/stats.js';
import type { BenchText } from './harness/text-file.js';
import { CONSOLE_SCROLLBACK_LINES } from '../backend/contract/index.js';

/** Chars per write: the backend's BATCH_MAX_CHARS (64 Ki, backend/pty/constants.ts). */
export const CHUNK_CHARS = 64 * 1024;
/** The console's font size (px) and line height (frontend/app/consoles/terminal-themes.ts, terminal-view.component.ts). */
const FONT_SIZE = 13;
const LINE_HEIGHT = 1.15;
/** Longest a run may take before the bench calls it broken, ms. */
const TIMEOUT_MS = 300_000;

/** Longest wait for the page to load xterm.js, ms. */
const READY_TIMEOUT_MS = 30_000;

/** What the page's `benchRun()` resolves with (performance.now() ms). */
interface PageResult {
  t0: number;
  tLastCallback: number;
  tSeen: number;
  chars: number;
  size: { cols: number; rows: number };
}

/**
 * (c) Bare xterm.js in Chromium, no backend: the limit of what a user can see. A static
 * page (bench/pages/xterm-bench.html, served on 127.0.0.1) loads @xterm/xterm from
 * node_modules with its default DOM renderer, fetches the text with "\r\n" line ends (what
 * a PTY emits), decodes it into {@link CHUNK_CHARS}-char strings before timing, then
 * writes them, each made inside the previous write's callback, and a sentinel line. Time
 * runs from the first write to the sentinel being in the DOM (the last write callback is
 * reported too). Same size as the app's console in (d) when known. MB/s of the file's bytes.
 *
 * Earlier figures gave ~10 MB/s here; that is what a page gets when it awaits each write's
 * callback through a promise: xterm.js's write loop then
 * ends after every chunk and restarts through a nested, clamped setTimeout, and the main
 * thread idles half the time. Writing from the callback keeps the loop running: ~25–31 MB/s.
 *
 * The page is driven over a raw DevTools pipe with the Network domain off
 * (harness/cdp-page.ts), as (d) is, so both pay the same (small) driver cost.
 */
export async function benchBareXterm(
  text: BenchText,
  sentinel: string,
  size: { cols: number; rows: number },
): Promise<{ figures: Figure[]; mbps: number; mbPerBusy: number }> {
  const require = createRequire(import.meta.url);
  const xtermDir = fileURLToPath(new URL('.', `file://${require.resolve('@xterm/xterm/package.json')}`));
  const server = await startStaticServer({
    '/': { body: readFileSync(fileURLToPath(new URL('./pages/xterm-bench.html', import.meta.url)), 'utf8'), type: 'text/html' },
    '/xterm.js': { file: `${xtermDir}lib/xterm.js`, type: 'text/javascript' },
    '/xterm.css': { file: `${xtermDir}css/xterm.css`, type: 'text/css' },
    '/data': { file: text.crlfFile, type: 'application/octet-stream' },
  });
  let browser: Awaited<ReturnType<typeof openPage>> | null = null;
  try {
    browser = await openPage();
    const { page } = browser;
    await page.goto(`${server.url}/`);
    await page.waitFor('window.benchReady === true', READY_TIMEOUT_MS, 'the page to load xterm.js');
    const opts = { ...size, scrollback: CONSOLE_SCROLLBACK_LINES, fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT, chunkChars: CHUNK_CHARS, sentinel };
    await withTimeout(page.evaluate(`window.benchPrepare(${JSON.stringify(opts)})`), TIMEOUT_MS, '(c) loading the text into the page');
    const profiler = await pageProfiler(page);
    await profiler.start();
    const meter = await busyMeter(page);
    const busy0 = await meter.read();
    const r = await withTimeout(page.evaluate<PageResult>('window.benchRun()'), TIMEOUT_MS, '(c) bare xterm.js writing the text');
    const busy = busySince(busy0, await meter.read());
    await profiler.stop('c-xterm');
    await meter.close();
    const ms = r.tSeen - r.t0;
    const mbps = mbPerSecond(text.bytes, ms);
    const parsedMbps = mbPerSecond(text.bytes, r.tLastCallback - r.t0);
    const mbPerBusy = text.bytes / 1e6 / busy.task;
    return {
      mbps,
      mbPerBusy,
      figures: [
        {
          id: 'c.xterm',
          name: '(c) bare xterm.js in Chromium (DOM renderer), to sentinel on screen',
          value: mbps,
          unit: 'MB/s',
          pass: null,
          note: `${(ms / 1000).toFixed(2)} s; ${r.size.cols}×${r.size.rows}; ${CHUNK_CHARS}-char writes, each made in the previous one's callback; last write callback at ${parsedMbps.toFixed(1)} MB/s; raw CDP pipe, no Network domain`,
        },
        busyFigure('c.busy', '(c)', mbPerBusy, busy, ms),
      ],
    };
  } finally {
    await browser?.close();
    await server.close();
  }
}
