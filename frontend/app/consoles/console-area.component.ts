import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, output, viewChildren } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { Session } from '@contract';
import { ConsolePanelComponent } from './console-panel.component';
import type { CommandId } from '../shell/commands';
import { CommandService } from '../shell/command.service';
import { ConsoleLayoutService } from './console-layout.service';
import { WorkspaceStore } from '../sessions/workspace.store';
import { normalizeSizes, sharePercent } from './console-sizes';
import { preloadTerminalFonts } from './terminal-fonts';

/** A split moves by this share of the console area per arrow key. */
const KEY_STEP = 0.02;
/** ... and by this share with Shift held. */
const KEY_STEP_LARGE = 0.1;

/**
 * The main area: up to three consoles side by side with a split between neighbours (drag it,
 * or focus it and use the arrow keys), or an empty state saying what to do.
 */
@Component({
  selector: 'cx-console-area',
  imports: [MatButtonModule, MatIconModule, ConsolePanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'console-area', '[attr.data-count]': 'panels().length' },
  template: `
    @for (s of panels(); track s.id; let i = $index, last = $last) {
      <cx-console-panel
        [session]="s"
        [index]="i"
        [style.flex-grow]="shares()[i] * 1000"
        [class.collapsed]="layout.maximized() !== null && layout.maximized() !== s.id"
      />
      @if (!last && layout.maximized() === null) {
        <div
          class="split"
          role="separator"
          tabindex="0"
          aria-orientation="vertical"
          aria-valuemin="0"
          aria-valuemax="100"
          [attr.aria-valuenow]="percent(i)"
          [attr.aria-valuetext]="'Console ' + (i + 1) + ' takes ' + percent(i) + ' percent'"
          [attr.aria-controls]="'console-' + s.id"
          [attr.aria-label]="'Resize consoles ' + (i + 1) + ' and ' + (i + 2)"
          title="Drag, or use the arrow keys, to resize (double-click: equal widths)"
          data-testid="console-split"
          (keydown)="onSplitKey($event, i)"
          (pointerdown)="startDrag($event, i)"
          (dblclick)="layout.resetSizes()"
        ></div>
      }
    } @empty {
      <div class="empty" data-testid="consoles-empty">
        <mat-icon class="big" aria-hidden="true">terminal</mat-icon>
        @if (!store.loaded()) {
          <h2>Not connected yet</h2>
          <p>Your sessions show here once this page is connected to Phantom Cortex (see the message above).</p>
        } @else if (store.sessions().length === 0) {
          <h2>No sessions yet</h2>
          <p>Start an agent or a shell in one of your project folders. Up to three consoles sit side by side here.</p>
        } @else {
          <h2>No console open</h2>
          <p>Pick a session in the sidebar to show its console, or start a new one.</p>
        }
        <button mat-flat-button (click)="newSession.emit()" data-testid="empty-new-session">
          <mat-icon>add</mat-icon>New session
        </button>
        <p class="kbd">{{ newShortcut }}</p>
      </div>
    }
  `,
  styles: `
    :host { display: flex; padding: 10px; min-width: 0; min-height: 0; background: var(--mat-sys-surface); }
    cx-console-panel { flex: 1 1 0; }
    .split {
      flex: none;
      width: 10px;
      margin: 0 -1px;
      cursor: col-resize;
      touch-action: none;
      position: relative;
      border-radius: 4px;
      outline: none;
    }
    .split::after {
      content: '';
      position: absolute;
      inset: 20% 4px;
      border-radius: 1px;
      background: var(--mat-sys-outline-variant);
    }
    .split:hover::after, .split.dragging::after { background: var(--mat-sys-primary); inset: 0 3px; }
    /* Keyboard focus: a solid bar in the primary colour with a ring (WCAG 2.4.7). */
    .split:focus-visible::after { background: var(--mat-sys-primary); inset: 0 3px; }
    .split:focus-visible { box-shadow: 0 0 0 2px var(--mat-sys-primary); }
    cx-console-panel.collapsed { display: none; }
    .empty { margin: auto; max-width: 420px; text-align: center; color: var(--mat-sys-on-surface-variant); }
    .empty h2 { font: var(--mat-sys-headline-small); color: var(--mat-sys-on-surface); margin: 8px 0; }
    .empty p { font: var(--mat-sys-body-medium); margin: 0 0 20px; }
    .empty .kbd { margin-top: 8px; font: var(--mat-sys-label-medium); }
    .big { font-size: 56px; width: 56px; height: 56px; color: var(--mat-sys-primary); }
  `,
})
export class ConsoleAreaComponent {
  readonly newSession = output<void>();
  protected readonly layout = inject(ConsoleLayoutService);
  protected readonly store = inject(WorkspaceStore);
  private readonly consoles = viewChildren(ConsolePanelComponent);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly newShortcut = inject(CommandService).shortcut('session.new');

  constructor() {
    // The first console opened (a click in the sidebar, or the restored layout) finds the font loaded.
    preloadTerminalFonts();
  }

  /**
   * Sessions with a console, left to right. A maximized console hides the others with
   * CSS, so their terminals stay attached.
   */
  protected readonly panels = computed(() => {
    const byId = this.store.sessionById();
    return this.layout.shown().flatMap((id) => {
      const s = byId.get(id);
      return s ? [s] : ([] as Session[]);
    });
  });

  /**
   * Each console's share of the width, in panel order. The template scales them to flex-grow
   * in the thousands: grow factors summing below 1 would leave part of the free space empty
   * (CSS flexbox), as with one console maximized and the others hidden.
   */
  protected readonly shares = computed(() => normalizeSizes(this.layout.sizes(), this.panels().length));

  /** A split's value: the share of the console on its left, in percent. */
  protected percent(index: number): number {
    return sharePercent(this.shares()[index] ?? 0);
  }

  /**
   * Keyboard resizing of a split (the ARIA window-splitter pattern): Left / Right move it by
   * {@link KEY_STEP} of the width (Shift: {@link KEY_STEP_LARGE}), Home / End as far as it
   * goes, Enter gives every console the same width.
   */
  protected onSplitKey(e: KeyboardEvent, index: number): void {
    const step = e.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    const moves: Record<string, number> = { ArrowLeft: -step, ArrowRight: step, Home: -1, End: 1 };
    if (e.key === 'Enter') this.layout.resetSizes();
    else if (e.key in moves) this.layout.resizeSplit(index, moves[e.key]!);
    else return;
    e.preventDefault();
  }

  /** Drags a split with the mouse, pen or a finger: the split follows the pointer. */
  protected startDrag(e: PointerEvent, index: number): void {
    if (e.button !== 0) return;
    const split = e.currentTarget as HTMLElement;
    const area = this.host.nativeElement;
    const width = area.clientWidth - 20;
    if (width <= 0) return;
    e.preventDefault();
    split.setPointerCapture(e.pointerId);
    split.classList.add('dragging');
    let lastX = e.clientX;
    const move = (ev: PointerEvent) => {
      this.layout.resizeSplit(index, (ev.clientX - lastX) / width);
      lastX = ev.clientX;
    };
    const end = () => {
      split.classList.remove('dragging');
      split.removeEventListener('pointermove', move);
      split.removeEventListener('pointerup', end);
      split.removeEventListener('pointercancel', end);
    };
    split.addEventListener('pointermove', move);
    split.addEventListener('pointerup', end);
    split.addEventListener('pointercancel', end);
  }

  /** Opens the find box of the focused console. */
  openFindInFocused(): void {
    this.focusedPanel()?.openFind();
  }

  /**
   * Gives the keyboard focus to the focused console's terminal (else the first console's;
   * with none open, the empty state's New session button).
   * @returns false when there was nothing to focus
   */
  focusTerminal(): boolean {
    const panel = this.focusedPanel() ?? this.consoles()[0];
    if (panel) {
      panel.focusTerminal();
      return true;
    }
    const button = this.host.nativeElement.querySelector<HTMLElement>('[data-testid="empty-new-session"]');
    button?.focus();
    return button !== null;
  }

  /** Runs a terminal command on the focused console's terminal. */
  runTerminalCommand(id: CommandId): void {
    this.focusedPanel()?.runTerminalCommand(id);
  }

  private focusedPanel(): ConsolePanelComponent | undefined {
    const focused = this.layout.focused();
    const i = this.panels().findIndex((s) => s.id === focused);
    return i >= 0 ? this.consoles()[i] : undefined;
  }
}
