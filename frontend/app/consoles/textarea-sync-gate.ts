import { FLOOD_WINDOW_MS } from './flood-meter';

/**
 * The inline-style properties xterm.js writes to keep its hidden input textarea on the
 * cursor cell (CoreBrowserTerminal._syncTextArea, on every cursor move; the IME and screen
 * magnifiers read that position).
 */
const CURSOR_TRACKING_PROPS: ReadonlySet<string> = new Set(['left', 'top', 'width', 'height', 'lineHeight']);
/**
 * After a right or middle button press in the console, textarea moves pass through this
 * long, ms: xterm.js moves it under the mouse for the context menu's Paste, and on Linux
 * for a middle-click paste.
 */
const POINTER_PASS_MS = 1_000;

/**
 * Holds back the moves of a console's hidden input textarea while that console floods, and
 * makes the last one when the flood ends.
 *
 * xterm.js moves its textarea to the cursor after every parsed chunk. Each move is a style
 * change, and Chromium answers a style change with a frame of its own (style, layout, a
 * hover hit test, paint, commit) outside the animation frames the {@link FramePacer} caps:
 * in a flood, ~45 such frames a second took ~10 % of the page's main thread (`npm run bench`
 * (d), Chromium trace). Nobody types into a console's IME while it prints
 * thousands of lines a second, so while {@link flooding} says so the cursor-tracking
 * properties ({@link CURSOR_TRACKING_PROPS}) are kept aside instead of applied; every other
 * style access passes through. The held values are applied at most {@link FLOOD_WINDOW_MS}
 * after the flood ends, at once when an IME composition starts, and moves pass through for
 * {@link POINTER_PASS_MS} after a right or middle button press (xterm.js moves the textarea
 * under the mouse then, so that the context menu offers Paste).
 *
 * It works by giving the textarea element an own `style` property: a Proxy of its real
 * CSSStyleDeclaration. {@link dispose} removes it and applies what is held.
 */
export class TextareaSyncGate {
  private readonly real: CSSStyleDeclaration;
  private readonly held = new Map<string, string>();
  private composing = false;
  private passUntil = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners: [string, EventListener][];

  /**
   * @param textarea xterm.js's helper textarea (`terminal.textarea`)
   * @param console an ancestor of the terminal's element: its capture listeners see composition
   *   and pointer events before xterm.js does
   * @param flooding whether this console floods now ({@link ConsoleFloodMode.active})
   */
  constructor(
    private readonly textarea: HTMLTextAreaElement,
    private readonly console: HTMLElement,
    private readonly flooding: () => boolean,
  ) {
    this.real = textarea.style;
    const proxy = new Proxy(this.real, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
      set: (target, prop, value) => {
        if (typeof prop === 'string' && CURSOR_TRACKING_PROPS.has(prop)) {
          if (this.holding()) {
            this.held.set(prop, String(value));
            this.scheduleRelease();
            return true;
          }
          // A move that passes through supersedes what is held: the pending release must not
          // put the textarea back where the flood last had it (it did, under load: CI run).
          this.held.delete(prop);
        }
        return Reflect.set(target, prop, value, target);
      },
    });
    Object.defineProperty(textarea, 'style', { configurable: true, get: () => proxy });
    this.listeners = [
      ['compositionstart', () => ((this.composing = true), this.release())],
      ['compositionend', () => (this.composing = false)],
      ['pointerdown', (e) => (e as PointerEvent).button !== 0 && ((this.passUntil = performance.now() + POINTER_PASS_MS), this.release())],
    ];
    for (const [type, fn] of this.listeners) console.addEventListener(type, fn, true);
  }

  /** Puts the textarea's own `style` back and applies what is held. */
  dispose(): void {
    for (const [type, fn] of this.listeners) this.console.removeEventListener(type, fn, true);
    delete (this.textarea as { style?: unknown }).style;
    this.release();
  }

  private holding(): boolean {
    return !this.composing && performance.now() >= this.passUntil && this.flooding();
  }

  private scheduleRelease(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      if (this.holding()) this.scheduleRelease();
      else this.release();
    }, FLOOD_WINDOW_MS);
  }

  /** Applies the held values in the order they were first written. */
  private release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [prop, value] of this.held) Reflect.set(this.real, prop, value, this.real);
    this.held.clear();
  }
}
