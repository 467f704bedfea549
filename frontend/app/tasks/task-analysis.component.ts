import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { TaskParse } from '@contract';
import { confidence } from './task-format';

/** One facet row as shown: its name, value, confidence and why. */
interface FacetView {
  key: 'intent' | 'domain' | 'complexity';
  label: string;
  icon: string;
  value: string;
  confidence: string;
  reasons: string;
}

const FACETS = [
  { key: 'intent', label: 'Intent', icon: 'target' },
  { key: 'domain', label: 'Domain', icon: 'category' },
  { key: 'complexity', label: 'Complexity', icon: 'stacked_bar_chart' },
] as const;

/**
 * The reading of a task text: intent, domain and complexity as chips with their confidence
 * and the words that decided them, then the entities it names (technologies, files, components).
 */
@Component({
  selector: 'cx-task-analysis',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'task-analysis' },
  template: `
    <div class="facets">
      @for (f of facets(); track f.key) {
        <div class="facet" [attr.data-testid]="'task-' + f.key" [attr.data-value]="f.value">
          <span class="chip">
            <mat-icon aria-hidden="true">{{ f.icon }}</mat-icon>
            <span class="name">{{ f.label }}</span>
            <b>{{ f.value }}</b>
            <span class="conf" [attr.aria-label]="'confidence ' + f.confidence">{{ f.confidence }}</span>
          </span>
          <span class="reasons" data-testid="task-facet-reasons">{{ f.reasons }}</span>
        </div>
      }
    </div>
    @if (parse().entities.length > 0) {
      <div class="entities" data-testid="task-entities">
        <span class="muted">Mentions</span>
        @for (e of parse().entities; track e.kind + e.value) {
          <span class="entity" data-testid="task-entity" [attr.data-kind]="e.kind">
            <mat-icon aria-hidden="true">{{ entityIcon[e.kind] }}</mat-icon>{{ e.value }}
            <span class="conf">{{ pct(e.confidence) }}</span>
          </span>
        }
      </div>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; }
    .facets { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px; }
    .facet { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
    .chip {
      display: inline-flex; align-items: center; gap: 6px; align-self: flex-start; max-width: 100%;
      padding: 3px 10px 3px 8px; border-radius: 8px; font: var(--mat-sys-label-large);
      background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container);
    }
    .chip mat-icon { font-size: 16px; width: 16px; height: 16px; }
    /* Set apart by its smaller type, not by opacity: a dimmed label falls below 4.5:1 on the light chip. */
    .name { font: var(--mat-sys-label-medium); }
    .conf { font: var(--mat-sys-label-small); font-variant-numeric: tabular-nums; padding: 0 6px; border-radius: 6px; background: color-mix(in srgb, currentColor 14%, transparent); }
    .reasons { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); overflow-wrap: anywhere; }
    .entities { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font: var(--mat-sys-body-small); }
    .entity { display: inline-flex; align-items: center; gap: 4px; padding: 2px 8px; border-radius: 8px; border: 1px solid var(--mat-sys-outline-variant); font-family: 'JetBrains Mono', monospace; font-size: 12px; }
    .entity mat-icon { font-size: 14px; width: 14px; height: 14px; color: var(--mat-sys-primary); }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class TaskAnalysisComponent {
  readonly parse = input.required<TaskParse>();
  protected readonly pct = confidence;
  protected readonly entityIcon = { technology: 'memory', file: 'description', component: 'widgets' } as const;
  protected readonly facets = computed<FacetView[]>(() =>
    FACETS.map((f) => {
      const facet = this.parse()[f.key];
      return { ...f, value: facet.value, confidence: confidence(facet.confidence), reasons: facet.reasons.join(' · ') };
    }),
  );
}
