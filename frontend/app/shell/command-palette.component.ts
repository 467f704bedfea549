import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { CommandService } from './command.service';
import { rankCommands, type CommandId } from './commands';

/**
 * The command palette: every action with its shortcut, searchable (every typed word must
 * match the label or its keywords), recently run ones first. Up/Down move, Enter runs,
 * Escape closes. An ARIA combobox: the field keeps the focus and points at the active
 * option with `aria-activedescendant`. Closes with the chosen command id; the opener runs
 * it once the dialog has given the focus back.
 */
@Component({
  selector: 'cx-command-palette',
  imports: [MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'command-palette' },
  template: `
    <h2 class="title" id="palette-title">Command palette</h2>
    <input
      class="query"
      data-testid="palette-input"
      role="combobox"
      aria-autocomplete="list"
      aria-expanded="true"
      aria-controls="palette-list"
      aria-labelledby="palette-title"
      [attr.aria-activedescendant]="items().length ? 'palette-item-' + active() : null"
      placeholder="Type a command"
      cdkFocusInitial
      [value]="query()"
      (input)="onInput($any($event.target).value)"
      (keydown)="onKey($event)"
    />
    <ul class="list" id="palette-list" role="listbox" aria-label="Commands">
      @for (c of items(); track c.id; let i = $index) {
        <li
          role="option"
          [id]="'palette-item-' + i"
          data-testid="palette-item"
          [attr.data-command]="c.id"
          [attr.aria-selected]="i === active()"
          [class.active]="i === active()"
          (mousemove)="active.set(i)"
          (click)="choose(c.id)"
        >
          <span class="label">{{ c.label }}</span>
          @if (isRecent(c.id)) {
            <span class="recent">recent</span>
          }
          @if (commands.shortcut(c.id); as k) {
            <kbd>{{ k }}</kbd>
          }
        </li>
      } @empty {
        <li class="none" role="presentation" data-testid="palette-none">No command matches “{{ query() }}”.</li>
      }
    </ul>
  `,
  styles: `
    :host { display: flex; flex-direction: column; width: min(560px, 90vw); max-height: 70vh; color: var(--mat-sys-on-surface); }
    .title { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); margin: 0; }
    .query {
      margin: 12px 12px 6px;
      padding: 10px 12px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 8px;
      background: var(--mat-sys-surface-container-lowest);
      color: inherit;
      font: var(--mat-sys-body-large);
    }
    .query:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: 1px; }
    .list { list-style: none; margin: 0; padding: 4px 6px 10px; overflow: auto; }
    li { display: flex; align-items: center; gap: 8px; padding: 8px 10px; border-radius: 6px; cursor: pointer; font: var(--mat-sys-body-medium); }
    li.active { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); outline: 2px solid var(--mat-sys-primary); outline-offset: -2px; }
    .label { flex: 1; }
    .recent { font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); }
    li.active .recent { color: inherit; }
    kbd { font: var(--mat-sys-label-medium); font-family: 'JetBrains Mono', monospace; padding: 1px 6px; border-radius: 4px; border: 1px solid var(--mat-sys-outline); }
    .none { cursor: default; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CommandPaletteComponent {
  protected readonly commands = inject(CommandService);
  private readonly ref = inject(MatDialogRef<CommandPaletteComponent, CommandId>);
  protected readonly query = signal('');
  protected readonly active = signal(0);
  protected readonly items = computed(() => {
    const available = this.commands.available().filter((c) => c.id !== 'palette.open');
    return rankCommands(this.query(), this.commands.recent(), available);
  });

  protected isRecent(id: CommandId): boolean {
    return this.commands.recent().includes(id);
  }

  protected onInput(value: string): void {
    this.query.set(value);
    this.active.set(0);
  }

  protected onKey(e: KeyboardEvent): void {
    const n = this.items().length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) this.active.set((this.active() + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
      document.getElementById(`palette-item-${this.active()}`)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const c = this.items()[this.active()];
      if (c) this.choose(c.id);
    }
  }

  protected choose(id: CommandId): void {
    this.ref.close(id);
  }
}
