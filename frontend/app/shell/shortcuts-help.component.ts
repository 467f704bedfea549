import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { CommandService } from './command.service';
import { COMMANDS, COMMAND_GROUPS, chordLabel } from './commands';

/**
 * The keyboard shortcuts help: every command of {@link COMMANDS} that has keys in this
 * keymap, grouped, with all its chords, plus how to leave a terminal (F6 / Ctrl+`), which
 * keeps Tab and Escape for the program running in it.
 */
@Component({
  selector: 'cx-shortcuts-help',
  imports: [MatButtonModule, MatDialogModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'shortcuts-help' },
  template: `
    <h2 mat-dialog-title>Keyboard shortcuts</h2>
    <mat-dialog-content tabindex="0" aria-label="Shortcuts">
      <p class="intro">
        A terminal keeps Tab and Esc for the program in it. Press <kbd>{{ commands.shortcut('focus.nextRegion') }}</kbd> to move the focus out to the next
        region (top bar, sidebar, consoles or tasks), <kbd>{{ commands.shortcut('focus.terminal') }}</kbd> to come back to the terminal, and
        <kbd>{{ commands.shortcut('palette.open') }}</kbd> for every action by name.
      </p>
      @for (g of groups; track g.name) {
        <h3>{{ g.name }}</h3>
        <table>
          <tbody>
            @for (c of g.commands; track c.id) {
              <tr data-testid="shortcut-row" [attr.data-command]="c.id">
                <th scope="row">{{ c.label }}</th>
                <td>
                  @for (k of c.labels; track k; let last = $last) {
                    <kbd>{{ k }}</kbd>
                    @if (!last) {
                      <span class="or">or</span>
                    }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button mat-dialog-close data-testid="shortcuts-close">Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .intro { max-width: 560px; }
    h3 { font: var(--mat-sys-title-small); margin: 16px 0 4px; }
    table { border-collapse: collapse; width: 100%; }
    th { text-align: left; font: var(--mat-sys-body-medium); padding: 4px 16px 4px 0; }
    td { text-align: right; padding: 4px 0; white-space: nowrap; }
    kbd { font: var(--mat-sys-label-medium); font-family: 'JetBrains Mono', monospace; padding: 1px 6px; border-radius: 4px; border: 1px solid var(--mat-sys-outline); }
    .or { margin: 0 6px; font: var(--mat-sys-label-small); }
  `,
})
export class ShortcutsHelpComponent {
  protected readonly commands = inject(CommandService);
  protected readonly groups = COMMAND_GROUPS.map((name) => ({
    name,
    commands: COMMANDS.filter((c) => c.group === name && c.keys[this.commands.keymap].length > 0).map((c) => ({
      id: c.id,
      label: c.label,
      labels: c.keys[this.commands.keymap].map((k) => chordLabel(k, this.commands.mac)),
    })),
  })).filter((g) => g.commands.length > 0);
}
