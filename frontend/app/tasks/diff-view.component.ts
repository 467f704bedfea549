import { ChangeDetectionStrategy, Component, computed, input, linkedSignal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { DiffFile } from '@contract';

/** A diff line as rendered: its marker (+, −, space), line numbers and text. */
interface DiffRow {
  kind: 'context' | 'add' | 'del';
  marker: string;
  oldNo: number | null;
  newNo: number | null;
  text: string;
}

/** What each file status looks like: a letter, a word and an icon (never colour alone). */
const STATUS_LOOK: Record<DiffFile['status'], { letter: string; icon: string }> = {
  added: { letter: 'A', icon: 'add_box' },
  modified: { letter: 'M', icon: 'edit_document' },
  deleted: { letter: 'D', icon: 'delete' },
  renamed: { letter: 'R', icon: 'drive_file_rename_outline' },
};

const MARKER = { context: ' ', add: '+', del: '-' } as const;

/** Numbers a hunk's lines (old and new sides) from its start lines. */
function numberLines(hunk: DiffFile['hunks'][number]): DiffRow[] {
  let oldNo = hunk.oldStart;
  let newNo = hunk.newStart;
  return hunk.lines.map((l) => {
    const row: DiffRow = { kind: l.kind, marker: MARKER[l.kind], oldNo: l.kind === 'add' ? null : oldNo, newNo: l.kind === 'del' ? null : newNo, text: l.text };
    if (l.kind !== 'add') oldNo++;
    if (l.kind !== 'del') newNo++;
    return row;
  });
}

/**
 * A worktree diff: the changed files (status letter and word, +added / −removed counts) and
 * the selected file's hunks, each line with its old/new numbers and a `+` / `-` marker as
 * well as its colour.
 */
@Component({
  selector: 'cx-diff-view',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'diff-view' },
  template: `
    <nav class="files" aria-label="Changed files">
      @for (f of files(); track f.path) {
        <button
          type="button"
          class="file"
          data-testid="diff-file"
          [attr.data-path]="f.path"
          [attr.data-status]="f.status"
          [class.selected]="f.path === selectedPath()"
          [attr.aria-current]="f.path === selectedPath()"
          (click)="selectedPath.set(f.path)"
        >
          <span class="status" [class]="'status s-' + f.status" [attr.aria-label]="f.status">{{ look[f.status].letter }}</span>
          <span class="path">{{ f.path }}</span>
          <span class="counts"><span class="add">+{{ f.additions }}</span>{{ ' ' }}<span class="del">−{{ f.deletions }}</span></span>
        </button>
      }
    </nav>
    <div class="hunks">
      @if (selected(); as f) {
        <div class="file-head" data-testid="diff-file-head">
          <mat-icon aria-hidden="true">{{ look[f.status].icon }}</mat-icon>
          <span class="path">{{ f.oldPath && f.oldPath !== f.path ? f.oldPath + ' → ' + f.path : f.path }}</span>
          <span class="word">{{ f.status }}</span>
        </div>
        @if (f.binary) {
          <div class="note">Binary file: no lines to show.</div>
        }
        @for (h of hunks(); track $index) {
          <div class="hunk" data-testid="diff-hunk">
            <div class="hunk-head">{{ h.header }}</div>
            <table>
              <tbody>
                @for (r of h.rows; track $index) {
                  <tr [class]="'line k-' + r.kind" data-testid="diff-line" [attr.data-kind]="r.kind">
                    <td class="no">{{ r.oldNo ?? '' }}</td>
                    <td class="no">{{ r.newNo ?? '' }}</td>
                    <td class="marker">{{ r.marker }}</td>
                    <td class="code">{{ r.text }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      } @else {
        <div class="note" data-testid="diff-empty">No changes.</div>
      }
    </div>
  `,
  styles: `
    :host { display: grid; grid-template-columns: 260px minmax(0, 1fr); gap: 10px; min-height: 0; }
    .files { display: flex; flex-direction: column; gap: 2px; overflow: auto; }
    .file { display: grid; grid-template-columns: auto minmax(0, 1fr) auto; gap: 6px; align-items: center; padding: 6px 8px; border: none; border-radius: 8px; background: transparent; color: inherit; text-align: left; cursor: pointer; font: var(--mat-sys-body-small); }
    .file:hover { background: var(--mat-sys-surface-container-high); }
    .file.selected { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .file:focus-visible { outline: 2px solid var(--mat-sys-primary); }
    .path { font-family: 'JetBrains Mono', monospace; font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .status { display: inline-grid; place-items: center; width: 18px; height: 18px; border-radius: 4px; font: var(--mat-sys-label-small); font-weight: 700; border: 1px solid currentColor; }
    .s-added { color: var(--cx-diff-add-fg); background: var(--cx-diff-add-bg); }
    .s-deleted { color: var(--cx-diff-del-fg); background: var(--cx-diff-del-bg); }
    .s-modified, .s-renamed { color: var(--mat-sys-on-tertiary-container); background: var(--mat-sys-tertiary-container); }
    .counts { font-variant-numeric: tabular-nums; white-space: nowrap; }
    .add { color: var(--cx-diff-add-fg); }
    .del { color: var(--cx-diff-del-fg); }
    .hunks { display: flex; flex-direction: column; gap: 8px; min-width: 0; overflow: auto; }
    .file-head { display: flex; align-items: center; gap: 6px; font: var(--mat-sys-title-small); }
    .file-head mat-icon { font-size: 18px; width: 18px; height: 18px; color: var(--mat-sys-primary); }
    .word { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .hunk { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; overflow: hidden; background: var(--cx-terminal-bg); }
    .hunk-head { padding: 3px 10px; font-family: 'JetBrains Mono', monospace; font-size: 12px; color: var(--mat-sys-on-surface-variant); background: var(--mat-sys-surface-container-high); }
    table { width: 100%; border-collapse: collapse; font-family: 'JetBrains Mono', monospace; font-size: 12.5px; line-height: 1.5; }
    td { padding: 0 8px; vertical-align: top; }
    .no { width: 1%; min-width: 32px; text-align: right; color: var(--mat-sys-on-surface-variant); user-select: none; font-variant-numeric: tabular-nums; opacity: 0.8; }
    .marker { width: 1%; padding: 0 4px; font-weight: 700; user-select: none; }
    .code { white-space: pre-wrap; overflow-wrap: anywhere; }
    .k-add { background: var(--cx-diff-add-bg); color: var(--cx-diff-add-fg); }
    .k-del { background: var(--cx-diff-del-bg); color: var(--cx-diff-del-fg); }
    .note { padding: 12px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class DiffViewComponent {
  readonly files = input.required<DiffFile[]>();
  protected readonly look = STATUS_LOOK;
  /** The file shown on the right; the first one until the user picks another. */
  protected readonly selectedPath = linkedSignal<DiffFile[], string | null>({
    source: this.files,
    computation: (files, previous) => (previous && files.some((f) => f.path === previous.value) ? previous.value : (files[0]?.path ?? null)),
  });
  protected readonly selected = computed(() => this.files().find((f) => f.path === this.selectedPath()) ?? null);
  protected readonly hunks = computed(() => (this.selected()?.hunks ?? []).map((h) => ({ header: h.header, rows: numberLines(h) })));
}
