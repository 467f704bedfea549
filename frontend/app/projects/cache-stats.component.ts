import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { CacheStatsResult } from '@contract';

/** One row of the table: a tier and its figures. */
interface TierRow {
  tier: string;
  /** `hits / misses` for a cache tier; the number of walks for `fresh`. */
  counts: string;
  hitRatio: number | null;
  p50Us: number;
  p99Us: number;
  entries: number | null;
}

/** Formats a latency in µs: `0.8 µs`, `42 µs`, `3.1 ms`. */
export function formatMicros(us: number): string {
  if (us >= 1000) return `${(us / 1000).toFixed(1)} ms`;
  return us >= 10 ? `${Math.round(us)} µs` : `${us.toFixed(1)} µs`;
}

/** The two-tier cache at a glance: per tier hit ratio (with a bar), hits/misses and lookup latency p50/p99. */
@Component({
  selector: 'cx-cache-stats',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'cache-stats' },
  template: `
    <table>
      <thead>
        <tr><th>Tier</th><th>Hit ratio</th><th class="num">Hits / misses</th><th class="num">p50</th><th class="num">p99</th><th class="num">Entries</th></tr>
      </thead>
      <tbody>
        @for (r of rows(); track r.tier) {
          <tr [attr.data-tier]="r.tier" data-testid="cache-tier">
            <td class="tier">{{ r.tier }}</td>
            <td>
              @if (r.hitRatio !== null) {
                <span class="ratio">
                  <span class="bar"><span class="fill" [style.width.%]="r.hitRatio * 100"></span></span>
                  <span class="num" data-testid="cache-hit-ratio">{{ (r.hitRatio * 100).toFixed(0) }} %</span>
                </span>
              } @else {
                <span class="muted">—</span>
              }
            </td>
            <td class="num">{{ r.counts }}</td>
            <td class="num">{{ micros(r.p50Us) }}</td>
            <td class="num">{{ micros(r.p99Us) }}</td>
            <td class="num">{{ r.entries ?? '—' }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    table { width: 100%; border-collapse: collapse; font: var(--mat-sys-body-small); }
    th { text-align: left; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); padding: 4px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    td { padding: 4px 8px; }
    .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .tier { font-weight: 500; text-transform: capitalize; }
    .ratio { display: inline-flex; align-items: center; gap: 6px; }
    .bar { width: 80px; height: 6px; border-radius: 3px; background: var(--mat-sys-surface-container-highest); overflow: hidden; }
    .fill { display: block; height: 100%; background: var(--mat-sys-primary); }
    .muted { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CacheStatsComponent {
  readonly stats = input.required<CacheStatsResult>();
  protected readonly micros = formatMicros;
  protected readonly rows = computed<TierRow[]>(() => {
    const s = this.stats();
    return [
      { tier: 'hot', counts: `${s.hot.hits} / ${s.hot.misses}`, hitRatio: s.hot.hitRatio, p50Us: s.hot.latency.p50Us, p99Us: s.hot.latency.p99Us, entries: s.hot.entries },
      { tier: 'cold', counts: `${s.cold.hits} / ${s.cold.misses}`, hitRatio: s.cold.hitRatio, p50Us: s.cold.latency.p50Us, p99Us: s.cold.latency.p99Us, entries: s.cold.entries },
      { tier: 'fresh', counts: `${s.fresh.count} walk${s.fresh.count === 1 ? '' : 's'}`, hitRatio: null, p50Us: s.fresh.latency.p50Us, p99Us: s.fresh.latency.p99Us, entries: null },
    ];
  });
}
