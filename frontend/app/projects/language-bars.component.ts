import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import type { LanguageStat } from '@contract';

/** Languages shown before "and N more". */
const MAX_LANGUAGES = 8;

/** What the bars measure. */
type Measure = 'bytes' | 'files';

/** Formats a byte count: `812 B`, `14.2 KB`, `3.4 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** A project's languages as horizontal CSS bars, by bytes or by file count. */
@Component({
  selector: 'cx-language-bars',
  imports: [MatButtonToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'language-bars' },
  template: `
    <mat-button-toggle-group hideSingleSelectionIndicator [value]="measure()" (change)="measure.set($event.value)" aria-label="Measure languages by">
      <mat-button-toggle value="bytes" data-testid="languages-by-bytes">Bytes</mat-button-toggle>
      <mat-button-toggle value="files" data-testid="languages-by-files">Files</mat-button-toggle>
    </mat-button-toggle-group>
    @for (l of shown(); track l.name) {
      <div class="row" data-testid="language-row" [attr.data-language]="l.name">
        <span class="name">{{ l.name }}</span>
        <span class="bar"><span class="fill" [style.width.%]="l.pct"></span></span>
        <span class="value">{{ l.label }}</span>
      </div>
    } @empty {
      <div class="none">No source files found.</div>
    }
    @if (hidden() > 0) {
      <div class="none">and {{ hidden() }} more</div>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 4px; }
    mat-button-toggle-group { align-self: flex-end; margin-bottom: 4px; --mat-button-toggle-height: 28px; font: var(--mat-sys-label-small); }
    .row { display: grid; grid-template-columns: 110px 1fr 120px; align-items: center; gap: 8px; font: var(--mat-sys-body-small); }
    .name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .bar { height: 8px; border-radius: 4px; background: var(--mat-sys-surface-container-highest); overflow: hidden; }
    .fill { display: block; height: 100%; min-width: 2px; border-radius: 4px; background: var(--mat-sys-primary); }
    .value { text-align: right; font-variant-numeric: tabular-nums; color: var(--mat-sys-on-surface-variant); white-space: nowrap; }
    .none { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class LanguageBarsComponent {
  readonly languages = input.required<LanguageStat[]>();
  protected readonly measure = signal<Measure>('bytes');
  protected readonly shown = computed(() => {
    const by = this.measure();
    const list = [...this.languages()].sort((a, b) => b[by] - a[by]).slice(0, MAX_LANGUAGES);
    const total = this.languages().reduce((sum, l) => sum + l[by], 0) || 1;
    return list.map((l) => ({
      name: l.name,
      pct: (l[by] / total) * 100,
      label: by === 'bytes' ? `${formatBytes(l.bytes)} · ${((l.bytes / total) * 100).toFixed(0)} %` : `${l.files} file${l.files === 1 ? '' : 's'} · ${((l.files / total) * 100).toFixed(0)} %`,
    }));
  });
  protected readonly hidden = computed(() => Math.max(0, this.languages().length - MAX_LANGUAGES));
}
