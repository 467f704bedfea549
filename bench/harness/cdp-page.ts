import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

// A minimal Chrome DevTools protocol driver for the Chromium benches ((c), (d)): one
// headless Chromium over --remote-debugging-pipe, one page in a flat session. Unlike
// Playwright it never sends Network.enable, so Chromium does not copy every WebSocket
// frame's payload to the client (a cost no user has, which slowed (d) by about a quarter).
// Page-side code goes in as expression strings, not functions: tsx/esbuild wraps functions
// in `__name(...)`, which does not exist in the page.

/** Longest wait for Chromium to start and give a page, and for a page load, ms. */
const START_TIMEOUT_MS = 30_000;
/** Default longest wait of {@link CdpPage.goto}, {@link CdpPage.waitFor} and {@link CdpPage.click}, ms. */
const DEFAULT_TIMEOUT_MS = 30_000;
/** How often {@link CdpPage.waitFor} evaluates its expression, ms. */
const POLL_MS = 50;
/** Longest wait for Chromium to exit after Browser.close, then after SIGKILL, ms. */
const EXIT_WAIT_MS = 5_000;
/** Characters of Chromium's stderr kept for error messages. */
const STDERR_TAIL_CHARS = 2_000;

/** A CDP command answered with an error (`{ code, message }` from Chromium). */
export class CdpProtocolError extends Error {
  override name = 'CdpProtocolError';
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (CDP error ${code})`);
  }
}

/**
 * A wait that ran out. Named 'TimeoutError' like Playwright's, which bench/run.ts turns
 * into "skipped: UI not ready" for (d).
 */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Page-side code that threw, or whose promise rejected, in {@link CdpPage.evaluate}. */
export class PageEvaluateError extends Error {
  override name = 'PageEvaluateError';
}

type Listener = (params: Record<string, unknown>) => void;

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  sessionId?: string;
}

/**
 * The DevTools connection over Chromium's pipe: JSON messages ended by a NUL byte, written
 * to the child's fd 3, read from its fd 4. Commands are matched to replies by id; events are
 * handed to listeners by session and method. Once {@link fail} is called (the process
 * exited, a stream broke) every pending and later command rejects with that error.
 */
class CdpPipe {
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly failures = new Set<(err: Error) => void>();
  private partial: Buffer[] = [];
  /** Set once the connection is gone. */
  failure: Error | null = null;

  constructor(
    private readonly toChromium: Writable,
    fromChromium: Readable,
  ) {
    fromChromium.on('data', (chunk: Buffer) => this.onData(chunk));
    fromChromium.on('error', (err) => this.fail(new Error(`DevTools pipe read failed: ${err.message}`)));
    toChromium.on('error', (err) => this.fail(new Error(`DevTools pipe write failed: ${err.message}`)));
  }

  /** Sends `method` (on `sessionId` when given) and resolves with its result. */
  send(method: string, params: object = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.toChromium.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  /** Calls `fn` with the params of every `method` event on `sessionId` ('' = browser); returns an unsubscribe. */
  on(sessionId: string, method: string, fn: Listener): () => void {
    const key = `${sessionId} ${method}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Calls `fn` once when the connection fails (at once if it already has); returns an unsubscribe. */
  onFailure(fn: (err: Error) => void): () => void {
    if (this.failure) {
      fn(this.failure);
      return () => undefined;
    }
    this.failures.add(fn);
    return () => this.failures.delete(fn);
  }

  /** Marks the connection gone: rejects every pending command and wait with `err` (first call wins). */
  fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const fn of this.failures) fn(err);
    this.failures.clear();
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      this.partial.push(chunk.subarray(start, end));
      const text = Buffer.concat(this.partial).toString('utf8');
      this.partial = [];
      start = end + 1;
      this.dispatch(JSON.parse(text) as CdpMessage);
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  private dispatch(msg: CdpMessage): void {
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new CdpProtocolError(p.method, msg.error.code, msg.error.message));
      else p.resolve(msg.result ?? {});
      return;
    }
    const set = msg.method && this.listeners.get(`${msg.sessionId ?? ''} ${msg.method}`);
    if (set) for (const fn of [...set]) fn(msg.params ?? {});
  }
}

/** Keys {@link CdpPage.pressKey} can press: what a US keyboard's key sends (CDP Input.dispatchKeyEvent). */
const KEYS = {
  Enter: { code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' },
} as const;

/** A key {@link CdpPage.pressKey} knows. */
export type KeyName = keyof typeof KEYS;

/** CSS px point in the viewport. */
interface Point {
  x: number;
  y: number;
}

/**
 * Page-side expression: the centre of the first element matching `selector` (scrolled into
 * view), in viewport CSS px, when it has a box and is what a click there would hit (the
 * element or one of its descendants, not an overlay); else null.
 */
function clickPointExpression(selector: string): string {
  return `(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return null;
    if (el.scrollIntoViewIfNeeded) el.scrollIntoViewIfNeeded(true); else el.scrollIntoView({ block: 'center', inline: 'center' });
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return null;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === el || el.contains(hit)) ? { x, y } : null;
  })()`;
}

/**
 * Page-side expression: true when an element matches `selector` and is visible (has a box
 * and is not `visibility: hidden`), as Playwright's locator `waitFor()` waits for.
 */
export function visibleExpression(selector: string): string {
  return `(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  })()`;
}

/**
 * One page (a flat CDP session on a tab) of a Chromium started by {@link launchChromiumPage}.
 * Page-side code is always an expression string. Uncaught page errors
 * (Runtime.exceptionThrown) are printed to stderr as `[bench page] …`. Every method rejects
 * with the connection's error once Chromium has exited or the tab crashed.
 */
export class CdpPage {
  /** @internal use {@link launchChromiumPage} */
  constructor(
    private readonly pipe: CdpPipe,
    /** The flat session's id (CDP `sessionId`). */
    readonly sessionId: string,
  ) {}

  /**
   * Enables what the page object uses (Page, Runtime; not Network), sets the viewport
   * (`Emulation.setDeviceMetricsOverride`, scale 1) and focus emulation (the page counts as
   * focused, as under Playwright, so focus and key events behave as in a focused window).
   */
  async init(viewport: { width: number; height: number }): Promise<void> {
    this.on('Runtime.exceptionThrown', (p) => {
      const d = p['exceptionDetails'] as { text: string; exception?: { description?: string } };
      console.error(`[bench page] ${(d.exception?.description ?? d.text).split('\n')[0]}`);
    });
    this.on('Inspector.targetCrashed', () => this.pipe.fail(new Error('the bench page crashed (Inspector.targetCrashed)')));
    await Promise.all([
      this.send('Page.enable'),
      this.send('Runtime.enable'),
      this.send('Emulation.setFocusEmulationEnabled', { enabled: true }),
      this.send('Emulation.setDeviceMetricsOverride', {
        width: viewport.width,
        height: viewport.height,
        screenWidth: viewport.width,
        screenHeight: viewport.height,
        deviceScaleFactor: 1,
        mobile: false,
      }),
    ]);
  }

  /**
   * Sends a raw CDP command on this page's session (e.g. `Performance.getMetrics`,
   * `Profiler.stop`) and resolves with its result, typed as the caller says (unchecked).
   * @throws CdpProtocolError when Chromium answers with an error
   */
  send<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    return this.pipe.send(method, params, this.sessionId) as Promise<T>;
  }

  /** Calls `fn` with the params of every `method` event of this page; returns an unsubscribe. */
  on(method: string, fn: (params: Record<string, unknown>) => void): () => void {
    return this.pipe.on(this.sessionId, method, fn);
  }

  /**
   * Navigates to `url` (Page.navigate) and resolves once its load event fired.
   * @throws Error when the navigation fails (e.g. net::ERR_CONNECTION_REFUSED)
   * @throws TimeoutError when the page has not loaded within `timeoutMs`
   */
  async goto(url: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const loaded = this.nextEvent('Page.loadEventFired', timeoutMs, `loading ${url}`);
    try {
      const r = await this.send<{ errorText?: string }>('Page.navigate', { url });
      if (r.errorText) throw new Error(`navigating to ${url}: ${r.errorText}`);
      await loaded.promise;
    } finally {
      loaded.cancel();
    }
  }

  /**
   * Evaluates `expression` in the page's main world (Runtime.evaluate; a promise is awaited)
   * and resolves with its value, JSON-serialized (`T` is what the caller says it is; unchecked;
   * functions in it are dropped, undefined stays undefined). The page's CSP does not apply.
   * @throws PageEvaluateError with the exception's text when the code throws or its promise rejects
   */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const r = await this.send<{ result: { value?: unknown }; exceptionDetails?: { text: string; exception?: { description?: string; value?: unknown } } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
    );
    if (r.exceptionDetails) {
      const d = r.exceptionDetails;
      const what = d.exception?.description ?? (d.exception && 'value' in d.exception ? String(d.exception.value) : d.text);
      throw new PageEvaluateError(`page code threw: ${what} (in: ${expression.slice(0, 120).replace(/\s+/g, ' ')})`);
    }
    return r.result.value as T;
  }

  /**
   * Evaluates `expression` every {@link POLL_MS} ms until its value is truthy and resolves
   * with that value. Protocol errors while the page navigates (no execution context yet)
   * count as "not yet".
   * @throws TimeoutError naming `what` when it is not truthy within `timeoutMs`
   * @throws PageEvaluateError when the expression throws
   */
  async waitFor<T = unknown>(expression: string, timeoutMs = DEFAULT_TIMEOUT_MS, what = expression): Promise<T> {
    const until = performance.now() + timeoutMs;
    let lastError: Error | null = null;
    for (;;) {
      try {
        const v = await this.evaluate<T>(expression);
        if (v) return v;
        lastError = null;
      } catch (err) {
        if (!(err instanceof CdpProtocolError) || this.pipe.failure) throw err;
        lastError = err;
      }
      if (performance.now() >= until) {
        throw new TimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /**
   * Clicks the first element matching `selector` with real mouse input
   * (Input.dispatchMouseEvent mouseMoved, mousePressed, mouseReleased; left button) at the
   * centre of its bounding box, once it is there, has a box and is not covered.
   * @throws TimeoutError when no such element is clickable within `timeoutMs`
   */
  async click(selector: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const { x, y } = await this.waitFor<Point>(clickPointExpression(selector), timeoutMs, `${selector} to be clickable`);
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, button: 'none', buttons: 0 });
    await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', buttons: 1, clickCount: 1 });
    await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', buttons: 0, clickCount: 1 });
  }

  /** Presses and releases `key` with real key events (Input.dispatchKeyEvent keyDown with its text, then keyUp) into the focused element. */
  async pressKey(key: KeyName): Promise<void> {
    const { code, windowsVirtualKeyCode, text } = KEYS[key];
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code, windowsVirtualKeyCode, text, unmodifiedText: text });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode });
  }

  /** Writes a PNG of the viewport to `path` (Page.captureScreenshot), creating its folder. */
  async screenshot(path: string): Promise<void> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(data, 'base64'));
  }

  /** The `innerText` of the first element matching `selector`, or null when none does. */
  innerText(selector: string): Promise<string | null> {
    return this.evaluate<string | null>(`document.querySelector(${JSON.stringify(selector)})?.innerText ?? null`);
  }

  /** The next `method` event of this page; `cancel()` stops waiting (the promise then never settles). */
  private nextEvent(method: string, timeoutMs: number, what: string): { promise: Promise<Record<string, unknown>>; cancel(): void } {
    let cancel = (): void => undefined;
    const promise = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => {
        cancel();
        reject(new TimeoutError(`timed out after ${timeoutMs} ms ${what}`));
      }, timeoutMs);
      const off = this.on(method, (p) => {
        cancel();
        resolve(p);
      });
      const offFail = this.pipe.onFailure((err) => {
        cancel();
        reject(err);
      });
      cancel = () => {
        clearTimeout(timer);
        off();
        offFail();
      };
    });
    promise.catch(() => undefined); // a cancelled or unawaited wait must not be an unhandled rejection
    return { promise, cancel };
  }
}

/** Options of {@link launchChromiumPage}. */
export interface ChromiumLaunch {
  /** The Chromium binary (or its launcher script, which must keep fds 3 and 4). */
  executable: string;
  /** Extra flags; the driver adds headless, the pipe, a temp profile and the window size. */
  args: readonly string[];
  /** Window and viewport size, CSS px (device scale factor 1). */
  viewport: { width: number; height: number };
}

/** Process groups of browsers not closed yet: killed if Node exits first. */
const liveBrowsers = new Map<number, string>();
let exitHookInstalled = false;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [pid, dir] of liveBrowsers) {
      killGroup(pid);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * Starts a headless Chromium (`--headless=new`, `--remote-debugging-pipe`, a temp
 * `--user-data-dir`, `--window-size` of the viewport, no startup window) in its own process
 * group, opens one about:blank tab (Target.createTarget) and attaches to it in a flat
 * session. `close()` asks Chromium to quit (Browser.close), SIGKILLs the process group if it
 * has not exited within {@link EXIT_WAIT_MS} ms, and removes the profile; it never throws
 * and may be called more than once. If Node exits first, the group is killed too; if Node
 * dies outright, Chromium sees its pipe close and quits.
 * @throws Error when Chromium cannot be started or gives no page within {@link START_TIMEOUT_MS} ms (after cleaning up)
 */
export async function launchChromiumPage(opts: ChromiumLaunch): Promise<{ page: CdpPage; close(): Promise<void> }> {
  const { width, height } = opts.viewport;
  const userDataDir = mkdtempSync(join(tmpdir(), 'cortex-bench-chromium-'));
  const args = [
    ...opts.args,
    '--headless=new',
    '--remote-debugging-pipe',
    `--user-data-dir=${userDataDir}`,
    `--window-size=${width},${height}`,
    '--no-startup-window',
  ];
  const child = spawn(opts.executable, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true });
  let stderrTail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => (stderrTail = (stderrTail + s).slice(-STDERR_TAIL_CHARS)));
  const pipe = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const exited = new Promise<void>((resolve) => {
    const done = (why: string): void => {
      pipe.fail(new Error(`Chromium ${why}; its stderr ends: ${stderrTail.trim().slice(-600) || '(nothing)'}`));
      resolve();
    };
    child.on('error', (err) => done(`could not run ${opts.executable}: ${err.message}`));
    child.on('exit', (code, signal) => done(`exited (${signal ?? `code ${code}`})`));
  });
  if (child.pid !== undefined) {
    installExitHook();
    liveBrowsers.set(child.pid, userDataDir);
  }

  /** Resolves when Chromium has exited or `ms` have passed. */
  const waitExit = async (ms: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  };
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (!pipe.failure) {
        pipe.send('Browser.close').catch(() => undefined);
        await waitExit(EXIT_WAIT_MS);
      }
      if (child.pid !== undefined) {
        killGroup(child.pid); // stragglers (renderer, GPU, zygote) too
        await waitExit(EXIT_WAIT_MS);
        liveBrowsers.delete(child.pid);
      }
      pipe.fail(new Error('Chromium was closed'));
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    })());

  try {
    const start = (async () => {
      const { targetId } = (await pipe.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
      const { sessionId } = (await pipe.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
      const page = new CdpPage(pipe, sessionId);
      await page.init(opts.viewport);
      return page;
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Chromium gave no page within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    });
    const page = await Promise.race([start, timeout]).finally(() => clearTimeout(timer));
    return { page, close };
  } catch (err) {
    await close();
    throw err;
  }
}
