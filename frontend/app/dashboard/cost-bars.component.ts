import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { formatUSD, type CostBar } from './dashboard-series';

/** "Cost by …": one CSS bar per key with its cost (or `unknown`) and tokens. */
@Component({
  selector: 'cx-cost-bars',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 class="title">{{ title() }}</h3>
    <ul>
      @for (b of bars(); track b.key) {
        <li class="row" data-testid="cost-bar" [attr.data-key]="b.key">
          <span class="name" [title]="b.label">{{ b.label }}</span>
          <span class="bar" aria-hidden="true"><span class="fill" [style.width.%]="b.pct"></span></span>
          <span class="value" data-testid="cost-bar-value" [attr.title]="b.notRead || null">{{ usd(b.costUSD) }} · {{ b.tokensText }} tokens</span>
        </li>
      } @empty {
        <li class="none">No usage recorded in this period.</li>
      }
    </ul>
  `,
  styles: `
    :host { display: block; padding: 8px 12px; border-radius: 12px; background: var(--mat-sys-surface-container); min-width: 0; }
    .title { margin: 0 0 6px; font: var(--mat-sys-title-small); }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
    .row { display: grid; grid-template-columns: minmax(60px, 120px) minmax(40px, 1fr) auto; align-items: center; gap: 8px; font: var(--mat-sys-body-small); }
    .name { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .bar { height: 8px; border-radius: 4px; background: var(--mat-sys-surface-container-highest); overflow: hidden; }
    .fill { display: block; height: 100%; min-width: 2px; border-radius: 4px; background: var(--mat-sys-primary); }
    .value { text-align: right; font-variant-numeric: tabular-nums; color: var(--mat-sys-on-surface-variant); white-space: nowrap; }
    .none { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CostBarsComponent {
  readonly title = input.required<string>();
  readonly bars = input.required<CostBar[]>();
  protected readonly usd = formatUSD;
}
