import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { RankedAgent } from '@contract';

/** The parts of an agent's score, in the order the bar stacks them. */
export const SCORE_PARTS = [
  { key: 'capability', label: 'Capability' },
  { key: 'context', label: 'Project fit' },
  { key: 'history', label: 'History' },
  { key: 'specialization', label: 'Specialization' },
] as const;

/** A ranked agent as a row shows it. */
interface RankRow {
  agent: RankedAgent;
  score: string;
  parts: { key: string; label: string; widthPct: number; weighted: string; weight: string; value: string; reasons: string }[];
}

/**
 * The ranked agents for a task: each with its total score, a stacked bar of its four
 * weighted parts (capability 0.4, project fit 0.3, history 0.2, specialization 0.1) and the
 * written reasons per part. Eligible agents are radio choices; excluded ones say why.
 */
@Component({
  selector: 'cx-agent-ranking',
  imports: [MatIconModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'agent-ranking', role: 'radiogroup', 'aria-label': 'Agent for this task' },
  template: `
    <div class="legend" aria-hidden="true">
      @for (p of partNames; track p.key) {
        <span class="key"><span class="swatch" [class]="'p-' + p.key"></span>{{ p.label }}</span>
      }
    </div>
    @for (r of rows(); track r.agent.agent; let i = $index) {
      <label
        class="row"
        data-testid="ranked-agent"
        [attr.data-agent]="r.agent.agent"
        [attr.data-eligible]="r.agent.eligible"
        [class.selected]="selected() === r.agent.agent"
        [class.excluded]="!r.agent.eligible"
      >
        <input type="radio" name="task-agent" [value]="r.agent.agent" [checked]="selected() === r.agent.agent" [disabled]="!r.agent.eligible" (change)="choose.emit(r.agent.agent)" />
        <span class="rank">{{ i + 1 }}</span>
        <span class="main">
          <span class="head">
            <span class="name">{{ r.agent.name }}</span>
            @if (r.agent.agent === recommended()) {
              <span class="badge" data-testid="ranked-recommended"><mat-icon aria-hidden="true">star</mat-icon>Recommended</span>
            }
            @if (!r.agent.eligible) {
              <span class="badge off" data-testid="ranked-excluded"><mat-icon aria-hidden="true">block</mat-icon>{{ r.agent.excluded }}</span>
            }
            <span class="spacer"></span>
            <span class="score" data-testid="ranked-score">{{ r.score }}</span>
          </span>
          <span class="bar" role="img" [attr.aria-label]="'Score ' + r.score + ' of 1.00'">
            @for (p of r.parts; track p.key) {
              <span class="seg" [class]="'seg p-' + p.key" [style.width.%]="p.widthPct"></span>
            }
          </span>
          <span class="parts">
            @for (p of r.parts; track p.key) {
              <span class="part" data-testid="ranked-part" [attr.data-part]="p.key">
                <span class="swatch" [class]="'p-' + p.key" aria-hidden="true"></span>
                <span class="plabel">{{ p.label }}</span>
                <span class="pnum">{{ p.weighted }}<span class="muted"> / {{ p.weight }}</span></span>
                <span class="reason" data-testid="ranked-reason">{{ p.reasons }}</span>
              </span>
            }
          </span>
        </span>
      </label>
    } @empty {
      <div class="none" data-testid="ranked-none">No agent profile can take tasks: add capabilities to a profile in profiles.json.</div>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 6px; }
    .legend { display: flex; gap: 14px; font: var(--mat-sys-label-small); color: var(--mat-sys-on-surface-variant); justify-content: flex-end; }
    .key { display: inline-flex; align-items: center; gap: 4px; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 3px; flex: none; }
    .p-capability { background: var(--mat-sys-primary); }
    .p-context { background: var(--mat-sys-tertiary); }
    .p-history { background: var(--cx-score-history); }
    .p-specialization { background: var(--cx-score-specialization); }
    .row {
      display: grid; grid-template-columns: auto auto minmax(0, 1fr); gap: 10px; align-items: start;
      padding: 10px 12px; border-radius: 12px; cursor: pointer;
      border: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface-container-low);
    }
    .row.selected { border: 2px solid var(--mat-sys-primary); padding: 9px 11px; background: var(--mat-sys-surface-container); }
    /* Dimmed by a dashed outline and no fill, not by opacity: its text keeps full contrast. */
    .row.excluded { cursor: not-allowed; border-style: dashed; background: transparent; }
    input { margin: 3px 0 0; accent-color: var(--mat-sys-primary); }
    .rank { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); font-variant-numeric: tabular-nums; margin-top: 1px; }
    .main { display: flex; flex-direction: column; gap: 6px; min-width: 0; }
    .head { display: flex; align-items: center; gap: 8px; }
    .name { font: var(--mat-sys-title-small); }
    .spacer { flex: 1; }
    .score { font: var(--mat-sys-title-medium); font-variant-numeric: tabular-nums; }
    .badge { display: inline-flex; align-items: center; gap: 3px; padding: 1px 8px; border-radius: 8px; font: var(--mat-sys-label-small); background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .badge.off { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .badge mat-icon { font-size: 13px; width: 13px; height: 13px; }
    .bar { display: flex; height: 10px; border-radius: 5px; overflow: hidden; background: var(--mat-sys-surface-container-highest); }
    .seg { display: block; height: 100%; }
    .seg + .seg { box-shadow: inset 1px 0 0 var(--mat-sys-surface); }
    .parts { display: grid; grid-template-columns: auto auto auto minmax(0, 1fr); gap: 2px 8px; align-items: baseline; font: var(--mat-sys-body-small); }
    .part { display: contents; }
    .plabel { color: var(--mat-sys-on-surface); }
    .pnum { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
    .reason, .muted { color: var(--mat-sys-on-surface-variant); }
    .reason { overflow-wrap: anywhere; }
    .none { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); padding: 8px; }
  `,
})
export class AgentRankingComponent {
  readonly ranking = input.required<RankedAgent[]>();
  readonly selected = input<string | null>(null);
  readonly recommended = input<string | null>(null);
  /** The user picked an agent. */
  readonly choose = output<string>();
  protected readonly partNames = SCORE_PARTS;
  protected readonly rows = computed<RankRow[]>(() =>
    this.ranking().map((agent) => ({
      agent,
      score: agent.score.toFixed(2),
      parts: SCORE_PARTS.map(({ key, label }) => {
        const p = agent.parts[key];
        return { key, label, widthPct: p.weighted * 100, weighted: p.weighted.toFixed(2), weight: p.weight.toFixed(1), value: p.value.toFixed(2), reasons: p.reasons.join('; ') };
      }),
    })),
  );
}
