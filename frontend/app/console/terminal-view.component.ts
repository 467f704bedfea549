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
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { openTerminalLink } from './links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import type { Subscription } from 'rxjs';
import { CortexError, TERMINAL_LIMITS } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { ThemeService } from '../state/theme.service';
import { FindBoxComponent, type FindRequest } from './find-box.component';
import { ConsoleFloodMode } from './console-flood-mode';
import { CursorBlinkGate, TypingPause } from './cursor-blink-gate';
import { FramePacerService } from './frame-pacer';
import { TextareaSyncGate } from './textarea-sync-gate';
import { isFindShortcut, consoleIndexShortcut, isNewSessionShortcut } from './keys';
import { chooseRenderer, type TerminalRenderer } from './renderer-probe';
import { SessionStream } from './session-stream';
import { exposeTerminal } from './terminal-test-hook';
import { loadTerminalFonts } from './terminal-fonts';
import {
  DARK_TERMINAL_THEME,
  LIGHT_TERMINAL_THEME,
  TERMINAL_FONT_FAMILY,
  TERMINAL_FONT_SIZE,
  TERMINAL_SCROLLBACK_LINES,
} from './terminal-themes';

/** Wait this long after the last size change before fitting and telling the PTY, ms. */
export const FIT_DEBOUNCE_MS = 60;
/** Terminal size the backend accepts. */
const { minCols: MIN_COLS, minRows: MIN_ROWS, maxCols: MAX_COLS, maxRows: MAX_ROWS } = TERMINAL_LIMITS;

/**
 * One session's terminal: an xterm.js 6 Terminal (fit, web-links, unicode11, search;
 * WebGL only on a hardware-accelerated GPU, else the DOM renderer) attached to the
 * session's output with the snapshot + seq protocol and flow-control acks.
 * What it writes is reported to the {@link FramePacerService} under its session id, which
 * caps the frame rate while a console floods but not the echo of a console typed in beside it. Keystrokes go to `sessions.write`; size changes are fitted (debounced) and sent with
 * `sessions.resize`; after a reconnect it re-attaches. Detaches when destroyed.
 * `data-renderer` on the host tells which renderer draws.
 */
@Component({
  selector: 'cx-terminal',
  imports: [FindBoxComponent, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'terminal',
    '[attr.data-renderer]': 'renderer()',
    '[attr.data-attached]': 'attached()',
  },
  template: `
    <div class="xterm-host" #host></div>
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
  private readonly ready = signal(false);

  private readonly client = inject(CortexClient);
  private readonly theme = inject(ThemeService);
  private readonly pacer = inject(FramePacerService);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  private readonly findBox = viewChild(FindBoxComponent);

  private term: Terminal | null = null;
  private fitAddon: FitAddon | null = null;
  private searchAddon: SearchAddon | null = null;
  private stream: SessionStream | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private fitTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectSub: Subscription | null = null;
  private unexpose: (() => void) | null = null;
  /** This console's own floods (cursor blink, textarea). */
  private floodMode: ConsoleFloodMode | null = null;
  /** Keeps the cursor solid while the user types (its blink would delay each echo by a frame). */
  private typingPause: TypingPause | null = null;
  private textareaGate: TextareaSyncGate | null = null;
  private destroyed = false;

  constructor() {
    afterNextRender(() => void this.init());
    inject(DestroyRef).onDestroy(() => this.dispose());
    effect(() => {
      const dark = this.theme.isDark();
      if (this.ready() && this.term) this.term.options.theme = dark ? DARK_TERMINAL_THEME : LIGHT_TERMINAL_THEME;
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
    else this.findOpen.set(true);
  }

  protected onFind(req: FindRequest): void {
    const search = this.searchAddon;
    if (!search) return;
    if (!req.text) {
      search.clearDecorations();
      this.findBox()?.notFound.set(false);
      return;
    }
    const found = req.direction === 'next' ? search.findNext(req.text, { incremental: true }) : search.findPrevious(req.text);
    this.findBox()?.notFound.set(!found);
  }

  protected closeFind(): void {
    this.searchAddon?.clearDecorations();
    this.findOpen.set(false);
    this.term?.focus();
  }

  private async init(): Promise<void> {
    await loadTerminalFonts();
    if (this.destroyed) return;
    const id = this.sessionId();
    const term = new Terminal({
      allowProposedApi: true,
      fontFamily: TERMINAL_FONT_FAMILY,
      fontSize: TERMINAL_FONT_SIZE,
      lineHeight: 1.15,
      scrollback: TERMINAL_SCROLLBACK_LINES,
      cursorBlink: true,
      cursorInactiveStyle: 'outline',
      theme: this.theme.isDark() ? DARK_TERMINAL_THEME : LIGHT_TERMINAL_THEME,
    });
    this.term = term;
    this.fitAddon = new FitAddon();
    this.searchAddon = new SearchAddon();
    term.loadAddon(this.fitAddon);
    term.loadAddon(this.searchAddon);
    term.loadAddon(new WebLinksAddon((_event, uri) => openTerminalLink(uri, (url, target, features) => window.open(url, target, features))));
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.attachCustomKeyEventHandler((e) => this.onKey(e));
    term.open(this.host().nativeElement);
    this.useRenderer(term, chooseRenderer());
    term.textarea?.addEventListener('focus', () => this.focusIn.emit());
    const blink = new CursorBlinkGate(term.options.cursorBlink ?? false, (on) => (term.options.cursorBlink = on));
    this.typingPause = new TypingPause(blink, window);
    const floodMode = (this.floodMode = new ConsoleFloodMode(blink));
    if (term.textarea) this.textareaGate = new TextareaSyncGate(term.textarea, this.host().nativeElement, () => floodMode.active);
    term.onData((data) => this.send(id, data));
    this.unexpose = exposeTerminal(id, term);

    this.stream = new SessionStream(this.client, id, {
      reset: () => term.reset(),
      resize: (cols, rows) => term.resize(clamp(cols, MIN_COLS, MAX_COLS), clamp(rows, MIN_ROWS, MAX_ROWS)),
      write: (data, done) => {
        this.pacer.noteOutput(id, data.length); // chars, or UTF-8 bytes: either sizes a flood
        floodMode.noteOutput(data.length);
        term.write(data, done);
      },
    });
    this.reconnectSub = this.client.reconnected$.subscribe(() => void this.attach());
    await this.attach();
    if (this.destroyed) return;
    this.resizeObserver = new ResizeObserver(() => this.scheduleFit());
    this.resizeObserver.observe(this.host().nativeElement);
    this.ready.set(true);
  }

  private async attach(): Promise<void> {
    try {
      const size = await this.stream?.attach();
      if (!size) return;
      this.problem.set(null);
      this.attached.set(true);
      this.fit(true);
    } catch (err) {
      if (!this.destroyed) this.problem.set(toUserError(err));
    }
  }

  /** WebGL when asked and it loads; on failure or a lost context, the DOM renderer. */
  private useRenderer(term: Terminal, wanted: TerminalRenderer): void {
    if (wanted !== 'webgl') {
      this.renderer.set('dom');
      return;
    }
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
  }

  /** Shortcuts the app handles are kept from the shell; Ctrl/Cmd+Shift+F opens find. */
  private onKey(e: KeyboardEvent): boolean {
    if (e.type === 'keydown') this.typingPause?.key();
    if (isFindShortcut(e)) {
      if (e.type === 'keydown') {
        e.preventDefault();
        this.openFind();
      }
      return false;
    }
    return !(isNewSessionShortcut(e) || consoleIndexShortcut(e) !== null);
  }

  private send(id: string, data: string): void {
    this.client.call('sessions.write', { id, data }).catch((err: unknown) => {
      if (err instanceof CortexError && err.code === 'SESSION_EXITED') return;
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
    if (this.fitTimer) clearTimeout(this.fitTimer);
    this.resizeObserver?.disconnect();
    this.reconnectSub?.unsubscribe();
    this.stream?.dispose();
    this.unexpose?.();
    this.pacer.forget(this.sessionId());
    this.textareaGate?.dispose();
    this.floodMode?.dispose();
    this.typingPause?.dispose();
    this.term?.dispose();
    this.term = null;
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(n)));
}
