import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TASK_SETTING_LIMITS, type TaskSettings } from '@contract';
import { toUserError, type UserError } from '../shared/user-error';
import { TaskStore } from '../tasks/task.store';

const bounds = (k: keyof TaskSettings) => ({ min: TASK_SETTING_LIMITS[k][0], max: TASK_SETTING_LIMITS[k][1] });
/** Each orchestrator setting's bounds (from the contract), label and hint. */
const BOUNDS: Record<keyof TaskSettings, { min: number; max: number; label: string; hint: string }> = {
  parallelLimit: { ...bounds('parallelLimit'), label: 'Tasks at once', hint: 'More wait in the queue.' },
  maxIterations: { ...bounds('maxIterations'), label: 'Gate runs per agent', hint: 'Before switching agent.' },
  maxSwitches: { ...bounds('maxSwitches'), label: 'Agent switches', hint: 'Before the task fails.' },
  turnTimeoutSec: { ...bounds('turnTimeoutSec'), label: 'Agent turn limit (s)', hint: 'Then the gate judges. 0: none; waiting for you is not counted.' },
};
const KEYS = Object.keys(BOUNDS) as (keyof TaskSettings)[];

/**
 * The orchestrator's settings in the Settings dialog: the parallel limit, gate runs per agent,
 * agent switches per task and the turn limit, saved on change (`tasks.setSettings`). Reports each save
 * (or its error) to the dialog.
 */
@Component({
  selector: 'cx-orchestrator-settings',
  imports: [MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'orchestrator-settings' },
  template: `
    @if (settings(); as s) {
      @for (k of keys; track k) {
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="grow">
          <mat-label>{{ bounds[k].label }}</mat-label>
          <input
            matInput
            type="number"
            [attr.data-testid]="'settings-' + k"
            [min]="bounds[k].min"
            [max]="bounds[k].max"
            step="1"
            [value]="s[k]"
            (change)="save(k, $any($event.target).value)"
          />
          <mat-hint>{{ bounds[k].hint }} {{ bounds[k].min }}–{{ bounds[k].max }}.</mat-hint>
        </mat-form-field>
      }
    }
  `,
  styles: `
    :host { display: grid; grid-template-columns: 1fr 1fr; align-items: start; gap: 12px; }
    .grow { min-width: 0; }
  `,
})
export class OrchestratorSettingsComponent {
  private readonly store = inject(TaskStore);
  /** A setting was saved. */
  readonly saved = output<void>();
  /** Loading or saving failed (or the value was out of bounds). */
  readonly failed = output<UserError>();
  protected readonly settings = signal<TaskSettings | null>(null);
  protected readonly keys = KEYS;
  protected readonly bounds = BOUNDS;

  constructor() {
    this.store.settings().then(
      (s) => this.settings.set(s),
      (err: unknown) => this.failed.emit(toUserError(err)),
    );
  }

  protected async save(key: keyof TaskSettings, raw: string): Promise<void> {
    const { min, max, label } = BOUNDS[key];
    const n = Math.round(Number(raw));
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      this.failed.emit({ code: 'INVALID_REQUEST', message: `${label} must be a whole number from ${min} to ${max}.` });
      return;
    }
    if (n === this.settings()?.[key]) return;
    try {
      this.settings.set(await this.store.saveSettings({ [key]: n }));
      this.saved.emit();
    } catch (err) {
      this.failed.emit(toUserError(err));
    }
  }
}
