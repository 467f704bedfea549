import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { DeferredTooltip } from '../shared/deferred-tooltip.directive';
import type { Session } from '@contract';
import { stateLook, type StateFields } from './session-state';

/** What the chip shows: the state fields, and why (for the tooltip). */
export type StateChipSession = StateFields & Partial<Pick<Session, 'stateReason' | 'stateSource'>>;

/**
 * A session's state as a small chip: icon + label + (optional) ticking time in state, the
 * reason in a tooltip. "Waiting, not yet seen" is filled with a pulsing dot; "waiting,
 * seen" is outlined. `data-state` / `data-seen` carry the raw values for tests and styling.
 * Inside a console title bar narrower than 380 px the time is hidden, under 300 px the label
 * too (the icon, colour and tooltip still tell the state). Not a live region: its time
 * ticks every second; state changes are announced once by the StateAnnouncerService.
 * Its accessible name is its visible text, so a row or button around it reads as seen.
 */
@Component({
  selector: 'cx-state-chip',
  imports: [MatIconModule],
  hostDirectives: [DeferredTooltip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'state-chip',
    '[attr.data-state]': 'session().state',
    '[attr.data-seen]': 'session().seen',
    '[class]': '"tone-" + look().tone',
  },
  template: `
    <mat-icon aria-hidden="true">{{ look().icon }}</mat-icon>
    <span class="label">{{ look().label }}</span>
    @if (elapsed()) {
      <span class="elapsed" data-testid="state-elapsed">{{ elapsed() }}</span>
    }
    @if (look().tone === 'waiting-new') {
      <span class="pulse" aria-hidden="true" data-testid="state-unseen"></span>
      <span class="cx-sr-only">, not yet seen</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      height: 22px;
      padding: 0 8px 0 6px;
      border-radius: 11px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      border: 1px solid transparent;
      flex: none;
    }
    mat-icon { font-size: 15px; width: 15px; height: 15px; }
    .elapsed { font-variant-numeric: tabular-nums; }
    .elapsed::before { content: '·'; margin-right: 4px; }
    :host(.tone-starting) { background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface); }
    :host(.tone-working) { background: var(--cx-working-container); color: var(--cx-on-working-container); }
    :host(.tone-waiting-new) { background: var(--cx-waiting-container); color: var(--cx-on-waiting-container); border-color: var(--cx-waiting); font-weight: 700; }
    :host(.tone-waiting-seen) { background: transparent; border-color: var(--cx-waiting); color: var(--cx-waiting); }
    :host(.tone-idle) { background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    :host(.tone-exited-ok) { background: transparent; border-color: var(--mat-sys-outline-variant); color: var(--mat-sys-on-surface-variant); }
    :host(.tone-exited-fail), :host(.tone-error) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .pulse { width: 7px; height: 7px; border-radius: 50%; background: var(--cx-waiting); animation: cx-pulse 1.2s ease-in-out infinite; }
    @keyframes cx-pulse { 50% { opacity: 0.25; transform: scale(0.7); } }
    @media (prefers-reduced-motion: reduce) { .pulse { animation: none; } }
    /* In a console's title bar (the container the console panel names): a narrow console keeps
       the project and agent readable (the panel wraps its title bar below 400 px); the time,
       then in a very narrow one the label, stay in the tooltip/aria-label. */
    @container console-title (max-width: 380px) { .elapsed { display: none; } }
    @container console-title (max-width: 150px) { .label { display: none; } :host { padding: 0 4px; } }
    /* In a narrow sidebar the session's name comes first; the time stays in the tooltip. */
    @container sidebar (max-width: 260px) { .elapsed { display: none; } }
    /* A row indented under its task is narrower than the sidebar: its name goes first. */
    @container session-row (max-width: 255px) { .elapsed { display: none; } }
  `,
})
export class StateChipComponent {
  readonly session = input.required<StateChipSession>();
  /** Pre-formatted time in state; empty hides it. */
  readonly elapsed = input('');
  protected readonly look = computed(() => stateLook(this.session()));
  /** Tooltip while shown: the state and time in it (hidden in narrow consoles), why, and what told. */
  private readonly reason = computed(() => this.describe(this.elapsed()));
  /**
   * Tooltip while hidden, which is also the chip's aria description: the same without the
   * ticking time (the chip's own text carries it), so that it changes only with the state.
   */
  private readonly still = computed(() => this.describe(''));

  constructor() {
    const tooltip = inject(DeferredTooltip);
    // Every set of a tooltip's message re-registers its aria description (DOM writes and a
    // render scheduled): set it only when it changes, and leave the ticking time out while
    // nobody sees it, so the clock's tick costs the chip its text alone.
    const set = (message: string) => {
      if (tooltip.message !== message) tooltip.message = message;
    };
    tooltip.beforeShow = () => set(this.reason());
    effect(() => {
      const shown = this.reason();
      const hidden = this.still();
      set(tooltip._isTooltipVisible() ? shown : hidden);
    });
  }

  private describe(elapsed: string): string {
    const s = this.session();
    const state = `${this.look().label}${elapsed ? ` for ${elapsed}` : ''}`;
    const why = s.stateReason ? s.stateReason : '';
    const source = s.stateSource ? `from ${s.stateSource}` : '';
    const unseen = this.look().tone === 'waiting-new' ? 'Needs you — not yet seen' : '';
    return [state, unseen, why, source].filter(Boolean).join(' · ');
  }
}
