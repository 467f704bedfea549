import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, output, viewChildren } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { Session } from '@contract';
import { ConsolePanelComponent } from './console-panel.component';
import type { CommandId } from '../shell/commands';
import { CommandService } from '../shell/command.service';
import { ConsoleLayoutService } from './console-layout.service';
import { WorkspaceStore } from '../sessions/workspace.store';

/** The main area: up to three consoles side by side, or an empty state saying what to do. */
@Component({
  selector: 'cx-console-area',
  imports: [MatButtonModule, MatIconModule, ConsolePanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'console-area', '[attr.data-count]': 'panels().length' },
  template: `
    @for (s of panels(); track s.id) {
      <cx-console-panel
        [session]="s"
        [index]="$index"
        [class.collapsed]="layout.maximized() !== null && layout.maximized() !== s.id"
      />
    } @empty {
      <div class="empty" data-testid="consoles-empty">
        <mat-icon class="big" aria-hidden="true">terminal</mat-icon>
        @if (store.sessions().length === 0) {
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
    :host { display: flex; gap: 10px; padding: 10px; min-width: 0; min-height: 0; background: var(--mat-sys-surface); }
    cx-console-panel { flex: 1 1 0; }
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
