import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  afterNextRender,
  effect,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatMenuModule } from '@angular/material/menu';
import { FitAddon } from '@xterm/addon-fit';
import type { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { openTerminalLink } from './links';
import { Terminal } from '@xterm/xterm';
import type { Subscription } from 'rxjs';
import { TERMINAL_LIMITS } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { CommandService } from '../shell/command.service';
import { commandForKey, type CommandId } from '../shell/commands';
import { LocalPrefsService } from '../shell/local-prefs.service';
import { SettingsStore } from '../settings/settings.store';
import { ThemeService } from '../shell/theme.service';
import { FindBoxComponent, type FindRequest } from './find-box.component';
import { ConsoleFloodMode } from './console-flood-mode';
import { CursorBlinkGate, TYPING_SOLID_CURSOR_MS, TypingPause } from './cursor-blink-gate';
import { PageMotionService } from './page-motion';
import { FramePacerService } from './frame-pacer';
import { ParseSlicer, windowSliceHost } from './parse-slicer';
import { TextareaSyncGate } from './textarea-sync-gate';
import { chooseRenderer, type TerminalRenderer } from './renderer-probe';
import { SessionStream } from './session-stream';
import { exposeTerminal } from './terminal-test-hook';
import { loadTerminalFonts } from './terminal-fonts';
import { whenIdle } from '../shared/when-idle';
import {
  DARK_TERMINAL_THEME,
  LIGHT_TERMINAL_THEME,
  TERMINAL_FONT_FAMILY,
  TERMINAL_FONT_SIZE,
  TERMINAL_LINE_HEIGHT,
  TERMINAL_SCROLLBACK_LINES,
} from './terminal-themes';

/**
 * Class on a terminal's host while its cursor blink is held off (a flood, typing):
 * `styles.scss` stops the blink animation under it. The `cursorBlink` option keeps the
 * user's setting, because xterm.js's DOM renderer re-measures every glyph (forced layouts)
 * on each option change.
 */
export const CURSOR_STILL_CLASS = 'cx-cursor-still';

/** The GPU probe waits at most this long after the terminal is built for the page to be idle, ms. */
const GPU_PROBE_IDLE_TIMEOUT_MS = 1_000;
/** Wait this long after the last size change before fitting and telling the PTY, ms. */
export const FIT_DEBOUNCE_MS = 60;
/** Terminal size the backend accepts. */
const { minCols: MIN_COLS, minRows: MIN_ROWS, maxCols: MAX_COLS, maxRows: MAX_ROWS } = TERMINAL_LIMITS;

/**
 * One session's terminal: an xterm.js 6 Terminal (fit, web-links, unicode11, search;
 * WebGL only on a hardware-accelerated GPU, else the DOM renderer) attached to the
 * session's output with the snapshot + seq protocol and flow-control acks.
 * What it writes is reported to the {@link FramePacerService} under its session id, which
 * caps the frame rate while a console floods but not the echo of a console typed in beside it;
 * while it floods beside a console being typed in, a {@link ParseSlicer} hands its output to
 * xterm.js in short slices, so the other console's keys, echo and frames are not held back.
 * Keystrokes go to `sessions.write`; size changes are fitted (debounced) and sent with
 * `sessions.resize`; after a reconnect it re-attaches. Detaches when destroyed.
 * `data-renderer` on the host tells which renderer draws.
 *
 * Terminal conventions: Ctrl+Shift+C / Ctrl+Shift+V (Cmd+C / Cmd+V on macOS) copy and
 * paste, Ctrl+C copies when text is selected (a setting; with nothing selected it is ^C),
 * copy-on-select (a setting), and a right-click menu (copy, paste, select all, find, clear).
 */
@Component({
  selector: 'cx-terminal',
  imports: [FindBoxComponent, ErrorTextComponent, MatMenuModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'terminal',
    '[attr.data-renderer]': 'renderer()',
    '[attr.data-attached]': 'attached()',
  },
  template: `
    <div class="xterm-host" #host [matContextMenuTriggerFor]="menu" (menuOpened)="hasSelection.set(term?.hasSelection() ?? false)"></div>
    <mat-menu #menu="matMenu" class="cx-terminal-menu">
      <button mat-menu-item data-testid="terminal-menu-copy" [disabled]="!hasSelection()" (click)="copy()">
        <span class="item">Copy</span><kbd>{{ commands.shortcut('terminal.copy') }}</kbd>
      </button>
      <button mat-menu-item data-testid="terminal-menu-paste" (click)="paste()">
        <span class="item">Paste</span><kbd>{{ commands.shortcut('terminal.paste') }}</kbd>
      </button>
      <button mat-menu-item data-testid="terminal-menu-select-all" (click)="selectAll()">Select all</button>
      <button mat-menu-item data-testid="terminal-menu-find" (click)="openFind()">
        <span class="item">Find…</span><kbd>{{ commands.shortcut('terminal.find') }}</kbd>
      </button>
      <button mat-menu-item data-testid="terminal-menu-clear" (click)="clear()">Clear</button>
    </mat-menu>
    @if (findOpen()) {
      <cx-find-box class="find" (find)="onFind($event)" (closed)="closeFind()" />
    }
    @if (problem(); as e) {
      <div class="problem">
        <cx-error-text [error]="e" data-testid="terminal-error" />
        <button type="button" class="dismiss" aria-label="Dismiss" (click)="problem.set(null)">×</button>
      </div>
    }
  `,
  styles: `
    :host { position: relative; display: block; min-height: 0; min-width: 0; background: var(--cx-terminal-bg); }
    .xterm-host { position: absolute; inset: 6px 4px 4px 10px; }
    .find { position: absolute; top: 8px; right: 16px; z-index: 5; }
    .problem { position: absolute; left: 12px; right: 12px; bottom: 12px; z-index: 5; display: flex; gap: 4px; align-items: flex-start; }
    .problem cx-error-text { flex: 1; }
    .item { margin-right: 24px; }
    kbd { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    .dismiss { border: none; background: transparent; color: var(--mat-sys-on-surface); font-size: 20px; cursor: pointer; }
  `,
})
export class TerminalViewComponent {
  readonly sessionId = input.required<string>();
  /** When it turns true the terminal takes the keyboard focus. */
  readonly active = input(false);
  /** The terminal got the keyboard focus (click or Tab). */
  readonly focusIn = output<void>();

  protected readonly renderer = signal<TerminalRenderer>('dom');
  protected readonly attached = signal(false);
  protected readonly findOpen = signal(false);
  protected readonly problem = signal<UserError | null>(null);
  /** The terminal has selected text (read when the right-click menu opens). */
  protected readonly hasSelection = signal(false);
  private readonly ready = signal(false);
  protected readonly commands = inject(CommandService);
  private readonly prefs = inject(LocalPrefsService);

  private readonly client = inject(CortexClient);
  private readonly theme = inject(ThemeService);
  private readonly pacer = inject(FramePacerService);
  private readonly settings = inject(SettingsStore);
  private blinkGate: CursorBlinkGate | null = null;
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  private readonly findBox = viewChild(FindBoxComponent);

  protected term: Terminal | null = null;
  private fitAddon: FitAddon | null = null;
  private searchAddon: SearchAddon | null = null;
  /** The search addon's chunk being loaded for {@link term} (the first find). */
  private searchLoading: Promise<SearchAddon | null> | null = null;
  /** The last find asked for while the search addon was loading. */
  private pendingFind: FindRequest | null = null;
  /** Case and regex options of the last search, `caseSensitive/regex`. */
  private lastFindOptions = '';
  private stream: SessionStream | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private fitTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectSub: Subscription | null = null;
  private unexpose: (() => void) | null = null;
  /** This console's own floods (cursor blink, textarea). */
  private floodMode: ConsoleFloodMode | null = null;
  /** Keeps the cursor solid while the user types (its blink would delay each echo by a frame). */
  private typingPause: TypingPause | null = null;
  /** Keeps the page's animations paused while the user types (each would delay the echo by a frame). */
  private motionPause: TypingPause | null = null;
  private readonly motion = inject(PageMotionService);
  private textareaGate: TextareaSyncGate | null = null;
  /** Slices this console's parsing while it floods beside a console being typed in. */
  private slicer: ParseSlicer | null = null;
  /** Lets the first attach apply its answer: called once the terminal is built, or on destroy. */
  private whenBuilt: (() => void) | null = null;
  private destroyed = false;

  constructor() {
    afterNextRender(() => void this.init());
    inject(DestroyRef).onDestroy(() => this.dispose());
    effect(() => {
      const dark = this.theme.isDark();
      if (this.ready() && this.term) this.term.options.theme = dark ? DARK_TERMINAL_THEME : LIGHT_TERMINAL_THEME;
    });
    // Font, line height and cursor settings apply to every open console as soon as they change.
    effect(() => {
      const s = this.settings.settings();
      if (!s || !this.ready() || !this.term) return;
      const term = this.term;
      if (term.options.fontSize !== s.terminalFontSize) term.options.fontSize = s.terminalFontSize;
      if (term.options.fontFamily !== s.terminalFontFamily) term.options.fontFamily = s.terminalFontFamily;
      if (term.options.lineHeight !== s.terminalLineHeight) term.options.lineHeight = s.terminalLineHeight;
      if (term.options.cursorStyle !== s.terminalCursorStyle) term.options.cursorStyle = s.terminalCursorStyle;
      if (term.options.cursorBlink !== s.terminalCursorBlink) term.options.cursorBlink = s.terminalCursorBlink;
      this.blinkGate?.setWanted(s.terminalCursorBlink);
      this.scheduleFit();
    });
    effect(() => {
      if (this.active() && this.ready() && !this.findOpen()) this.term?.focus();
    });
  }

  /** Gives the terminal the keyboard focus. */
  focus(): void {
    this.term?.focus();
  }

  /** Opens (or re-focuses) the find box. */
  openFind(): void {
    if (this.findOpen()) this.findBox()?.focusField();
    else {
      this.findOpen.set(true);
      void this.loadSearch();
    }
  }

  /** Copies the selection to the clipboard. @returns false when there was nothing to copy */
  copy(): boolean {
    const text = this.term?.getSelection() ?? '';
    if (!text) return false;
    navigator.clipboard.writeText(text).catch(() =>
      this.problem.set({ code: null, message: 'The browser did not let Phantom Cortex write to the clipboard.', hint: 'Allow clipboard access for this page in its site settings.' }),
    );
    return true;
  }

  /** Pastes the clipboard's text into the terminal (bracketed paste when the program asked for it). */
  async paste(): Promise<void> {
    try {
      const text = await navigator.clipboard.readText();
      if (text && this.term) this.term.paste(text);
    } catch {
      this.problem.set({
        code: null,
        message: 'The browser did not let Phantom Cortex read the clipboard.',
        hint: 'Allow clipboard access for this page in its site settings, or paste with the browser’s Edit menu.',
      });
    }
    this.term?.focus();
  }

  /** Selects the whole buffer, scrollback included. */
  selectAll(): void {
    this.term?.selectAll();
  }

  /** Clears the screen and the scrollback on this side; the program keeps running. */
  clear(): void {
    this.term?.clear();
    this.term?.focus();
  }

  /** Runs a terminal-scope command on this terminal. */
  runCommand(id: CommandId): void {
    if (id === 'terminal.copy') this.copy();
    else if (id === 'terminal.paste') void this.paste();
    else if (id === 'terminal.selectAll') this.selectAll();
    else if (id === 'terminal.clear') this.clear();
    else if (id === 'terminal.find') this.openFind();
  }

  /**
   * The search addon, a chunk of its own loaded by the first find (nothing on the first
   * screen needs it). @returns null when the terminal is gone or the chunk could not load
   */
  private loadSearch(): Promise<SearchAddon | null> {
    const term = this.term;
    if (this.searchAddon || !term) return Promise.resolve(this.searchAddon);
    this.searchLoading ??= import('@xterm/addon-search').then(
      ({ SearchAddon }) => {
        if (this.destroyed || this.term !== term) return null;
        const search = new SearchAddon();
        search.onDidChangeResults(({ resultIndex, resultCount }) => {
          const box = this.findBox();
          box?.results.set({ index: resultIndex >= 0 ? resultIndex + 1 : 0, count: resultCount });
          box?.notFound.set(resultCount === 0);
        });
        term.loadAddon(search);
        return (this.searchAddon = search);
      },
      () => {
        this.searchLoading = null;
        return null;
      },
    );
    return this.searchLoading;
  }

  protected onFind(req: FindRequest): void {
    if (this.searchAddon) {
      this.find(this.searchAddon, req);
      return;
    }
    // Only the last request typed while the addon loads is run.
    this.pendingFind = req;
    void this.loadSearch().then((search) => {
      const pending = this.pendingFind;
      this.pendingFind = null;
      if (search && pending && this.findOpen()) this.find(search, pending);
    });
  }

  private find(search: SearchAddon, req: FindRequest): void {
    const box = this.findBox();
    box?.invalid.set(null);
    if (!req.text) {
      search.clearDecorations();
      box?.notFound.set(false);
      box?.results.set(null);
      return;
    }
    if (req.regex) {
      try {
        new RegExp(req.text);
      } catch {
        search.clearDecorations();
        box?.results.set(null);
        box?.invalid.set('Not a valid regular expression');
        return;
      }
    }
    const dark = this.theme.isDark();
    const opts = {
      caseSensitive: req.caseSensitive,
      regex: req.regex,
      decorations: {
        matchBackground: dark ? '#5c4a00' : '#ffe7a3',
        matchOverviewRuler: '#c79b00',
        activeMatchBackground: dark ? '#8a5a00' : '#ffb951',
        activeMatchColorOverviewRuler: '#ff8c00',
      },
    };
    // The addon records new options before comparing them, so it would keep the old
    // highlights (and count) when only case or regex changed: drop them first.
    const optionsKey = `${req.caseSensitive}/${req.regex}`;
    if (optionsKey !== this.lastFindOptions) search.clearDecorations();
    this.lastFindOptions = optionsKey;
    const found = req.direction === 'next' ? search.findNext(req.text, { ...opts, incremental: true }) : search.findPrevious(req.text, opts);
    box?.notFound.set(!found);
  }

  protected closeFind(): void {
    this.searchAddon?.clearDecorations();
    this.findOpen.set(false);
    this.term?.focus();
  }

  private async init(): Promise<void> {
    const id = this.sessionId();
    // The attach goes out first: the backend's snapshot comes back while the font loads and
    // the terminal is built, and is written once the terminal exists (`built`).
    let built!: () => void;
    const terminalBuilt = new Promise<void>((resolve) => (built = resolve));
    this.whenBuilt = built;
    this.stream = new SessionStream(this.client, id, {
      reset: () => {
        this.slicer?.clear();
        this.term?.reset();
        this.pacer.noteParsed(id, true); // what it held is dropped: nothing left to parse
      },
      resize: (cols, rows) => this.term?.resize(clamp(cols, MIN_COLS, MAX_COLS), clamp(rows, MIN_ROWS, MAX_ROWS)),
      write: (data, done) => {
        this.pacer.noteOutput(id, data.length); // chars, or UTF-8 bytes: either sizes a flood
        this.floodMode?.noteOutput(data.length);
        // The pacer draws the end of a flood once every console has parsed what it got.
        const slicer = this.slicer;
        if (!slicer) return this.pacer.noteParsed(id, true);
        slicer.write(data, () => {
          this.pacer.noteParsed(id, slicer.idle);
          done?.();
        });
      },
    });
    const attached = this.attach(terminalBuilt);
    // Unicode 11 widths must be on before the first output is parsed, so that addon is in the
    // initial chunk (a chunk fetched here would hold the first prompt back by a request).
    // Links and search are not needed for the first prompt: loaded after.
    await loadTerminalFonts();
    if (this.destroyed) return;
    const looks = this.settings.settings();
    const term = new Terminal({
      allowProposedApi: true,
      fontFamily: looks?.terminalFontFamily ?? TERMINAL_FONT_FAMILY,
      fontSize: looks?.terminalFontSize ?? TERMINAL_FONT_SIZE,
      lineHeight: looks?.terminalLineHeight ?? TERMINAL_LINE_HEIGHT,
      scrollback: TERMINAL_SCROLLBACK_LINES,
      cursorBlink: looks?.terminalCursorBlink ?? true,
      cursorStyle: looks?.terminalCursorStyle ?? 'block',
      cursorInactiveStyle: 'outline',
      theme: this.theme.isDark() ? DARK_TERMINAL_THEME : LIGHT_TERMINAL_THEME,
    });
    this.term = term;
    this.fitAddon = new FitAddon();
    term.loadAddon(this.fitAddon);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.attachCustomKeyEventHandler((e) => this.onKey(e));
    term.open(this.host().nativeElement);
    this.pacePerConsole(term, id);
    this.useRenderer(term);
    term.textarea?.addEventListener('focus', () => this.focusIn.emit());
    // Holds (a flood, typing) stop the blink through a class, not `cursorBlink`: on every
    // option change the DOM renderer re-measures its glyphs with forced layouts.
    const hostEl = this.host().nativeElement;
    const blink = (this.blinkGate = new CursorBlinkGate(term.options.cursorBlink ?? false, (on) => hostEl.classList.toggle(CURSOR_STILL_CLASS, !on)));
    this.typingPause = new TypingPause(blink, window);
    this.motionPause = new TypingPause(this.motion.gate, window, TYPING_SOLID_CURSOR_MS, `typing:${id}`);
    const floodMode = (this.floodMode = new ConsoleFloodMode(blink));
    if (term.textarea) this.textareaGate = new TextareaSyncGate(term.textarea, this.host().nativeElement, () => floodMode.active);
    term.onData((data) => this.send(id, data));
    term.onSelectionChange(() => {
      if (this.prefs.value().copyOnSelect && term.hasSelection()) this.copy();
    });
    this.unexpose = exposeTerminal(id, term);

    this.slicer = new ParseSlicer(term, windowSliceHost(), () => this.pacer.slicing(id));
    this.reconnectSub = this.client.reconnected$.subscribe(() => void this.attach());
    built();
    this.loadLinks(term);
    await attached;
    if (this.destroyed) return;
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
    this.resizeObserver.observe(this.host().nativeElement);
    this.ready.set(true);
  }

  /** Makes URLs clickable; the addon is a chunk of its own, fetched after the terminal is built. */
  private loadLinks(term: Terminal): void {
    import('@xterm/addon-web-links').then(
      ({ WebLinksAddon }) => {
        if (this.destroyed || this.term !== term) return;
        term.loadAddon(new WebLinksAddon((_event, uri) => openTerminalLink(uri, (url, target, features) => window.open(url, target, features))));
      },
      () => undefined,
    );
  }

  /**
   * Gives the terminal the frame pacer's window for this console, so that its frames are
   * paced only while it floods itself (xterm.js asks its renderer's, viewport's and
   * selection's animation frames of the window its core browser service holds; xterm.js 6
   * internals, left alone when absent).
   */
  private pacePerConsole(term: Terminal, id: string): void {
    const service = (term as unknown as { _core?: { _coreBrowserService?: { _window?: Window } } })._core?._coreBrowserService;
    if (service?._window) service._window = this.pacer.windowFor(id, service._window);
  }

  /** @param terminalBuilt resolves once {@link term} exists (the first attach starts before it) */
  private async attach(terminalBuilt?: Promise<void>): Promise<void> {
    try {
      const size = await this.stream?.attach(terminalBuilt);
      if (!size) return;
      this.problem.set(null);
      this.attached.set(true);
      this.fit(true);
    } catch (err) {
      if (!this.destroyed) this.problem.set(toUserError(err));
    }
  }

  /**
   * WebGL where the GPU probe finds hardware and the addon loads; on failure or a lost
   * context, the DOM renderer. The terminal draws with the DOM renderer first: the probe
   * (it creates a WebGL context, tens of ms with a software rasterizer) runs once the
   * browser is idle after the terminal is built, off the path to its first prompt, and the
   * WebGL addon is a chunk of its own, fetched only where it is used (hardware GPUs).
   */
  private useRenderer(term: Terminal): void {
    this.renderer.set('dom');
    whenIdle(() => {
      if (this.destroyed || this.term !== term || chooseRenderer() !== 'webgl') return;
      this.loadWebgl(term);
    }, GPU_PROBE_IDLE_TIMEOUT_MS);
  }

  private loadWebgl(term: Terminal): void {
    import('@xterm/addon-webgl').then(
      ({ WebglAddon }) => {
        if (this.destroyed || this.term !== term) return;
        try {
          const webgl = new WebglAddon();
          webgl.onContextLoss(() => {
            webgl.dispose();
            this.renderer.set('dom');
          });
          term.loadAddon(webgl);
          this.renderer.set('webgl');
        } catch {
          this.renderer.set('dom');
        }
      },
      () => this.renderer.set('dom'),
    );
  }

  /**
   * Terminal commands (copy, paste, select all) are kept from the shell and run here; the
   * app's global shortcuts never get here (a capture-phase listener takes them first).
   * Ctrl+C with a selection copies (when the setting is on); with none it stays ^C.
   * @returns false when xterm.js must not handle the key
   */
  private onKey(e: KeyboardEvent): boolean {
    if (e.type === 'keydown') {
      this.typingPause?.key();
      this.motionPause?.key();
      this.pacer.noteInput(this.sessionId());
    }
    const cmd = commandForKey(e, this.commands.keymap, this.commands.mac);
    let id: CommandId | null = cmd?.scope === 'terminal' ? cmd.id : null;
    const plain = !e.shiftKey && !e.altKey;
    if (!id && this.commands.mac && plain && e.metaKey && !e.ctrlKey && (e.code === 'KeyC' || e.code === 'KeyV')) {
      id = e.code === 'KeyC' ? 'terminal.copy' : 'terminal.paste';
    }
    if (!id && plain && e.ctrlKey && !e.metaKey && e.code === 'KeyC' && this.prefs.value().ctrlCCopies && this.term?.hasSelection()) {
      id = 'terminal.copy';
      if (e.type === 'keydown') queueMicrotask(() => this.term?.clearSelection());
    }
    if (!id) return true;
    if (e.type === 'keydown') {
      e.preventDefault();
      this.runCommand(id);
    }
    return false;
  }

  private send(id: string, data: string): void {
    if (this.client.connectionState() !== 'open') {
      // Queued keys would be lost with the link: refuse them where the user is looking.
      this.problem.set({
        code: null,
        message: 'Not connected to Phantom Cortex: what you typed was not sent.',
        hint: 'Type it again once the connection is back (see the banner at the top).',
      });
      return;
    }
    // Quiet: a keystroke's success is not answered, so its echo is the one message back.
    this.client.callQuiet('sessions.write', { id, data }, (err) => {
      if (err.code === 'SESSION_EXITED') return;
      this.problem.set(toUserError(err));
    });
  }

  private scheduleFit(): void {
    if (this.fitTimer) clearTimeout(this.fitTimer);
    this.fitTimer = setTimeout(() => {
      this.fitTimer = null;
      this.fit(false);
    }, FIT_DEBOUNCE_MS);
  }

  /** Fits the terminal to its box and tells the PTY; `force` sends the size even if unchanged. */
  private fit(force: boolean): void {
    const term = this.term;
    const box = this.host().nativeElement;
    if (!term || box.clientWidth === 0 || box.clientHeight === 0) return; // hidden (another console is maximized)
    const dims = this.fitAddon?.proposeDimensions();
    if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
    const cols = clamp(dims.cols, MIN_COLS, MAX_COLS);
    const rows = clamp(dims.rows, MIN_ROWS, MAX_ROWS);
    if (!force && cols === term.cols && rows === term.rows) return;
    if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    this.client.call('sessions.resize', { id: this.sessionId(), cols, rows }).catch(() => undefined);
  }

  private dispose(): void {
    this.destroyed = true;
    this.whenBuilt?.();
    if (this.fitTimer) clearTimeout(this.fitTimer);
    this.resizeObserver?.disconnect();
    this.reconnectSub?.unsubscribe();
    this.stream?.dispose();
    this.unexpose?.();
    this.pacer.forget(this.sessionId());
    this.slicer?.clear();
    this.textareaGate?.dispose();
    this.floodMode?.dispose();
    this.typingPause?.dispose();
    this.motionPause?.dispose();
    this.term?.dispose();
    this.term = null;
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(n)));
}
