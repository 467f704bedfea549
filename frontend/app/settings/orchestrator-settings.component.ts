import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TASK_SETTING_LIMITS, type TaskSettings } from '@contract';
import { toUserError, type UserError } from '../shared/user-error';
import { SavesInFlight, type HoldsUnsavedEdits, type UnsavedEdit } from './unsaved-edits';
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

/** The typed text of a setting as a whole number within its bounds (rounded), or why not. */
function parseSetting(key: keyof TaskSettings, raw: string): { ok: true; value: number } | { ok: false; problem: string } {
  const { min, max, label } = BOUNDS[key];
  const n = Math.round(Number(raw));
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) return { ok: false, problem: `${label} must be a whole number from ${min} to ${max}.` };
  return { ok: true, value: n };
}

/**
 * The orchestrator's settings in the Settings dialog: the parallel limit, gate runs per agent,
 * agent switches per task and the turn limit, saved when committed (`tasks.setSettings`). Reports each save
 * (or its error) to the dialog; a value typed and not saved (not committed, or out of bounds) is an
 * unsaved edit the dialog asks about when closed.
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
            (input)="edit(k, $any($event.target).value)"
            (blur)="committed(k, $any($event.target).value)"
            (keydown.enter)="committed(k, $any($event.target).value)"
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
export class OrchestratorSettingsComponent implements HoldsUnsavedEdits {
  private readonly store = inject(TaskStore);
  /** A setting was saved. */
  readonly saved = output<void>();
  /** Loading or saving failed (or the value was out of bounds). */
  readonly failed = output<UserError>();
  protected readonly settings = signal<TaskSettings | null>(null);
  protected readonly keys = KEYS;
  protected readonly bounds = BOUNDS;
  /** The last text typed in each field. */
  private readonly drafts = signal<Partial<Record<keyof TaskSettings, string>>>({});
  /** Saves started and not finished. */
  private readonly inflight = new SavesInFlight();
  private held = false;

  constructor() {
    this.store.settings().then(
      (s) => this.settings.set(s),
      (err: unknown) => this.failed.emit(toUserError(err)),
    );
  }

  /**
   * While held (the dialog's unsaved-changes question is open and has taken the focus from a
   * field), a committed field is remembered, not saved.
   */
  holdCommits(on: boolean): void {
    this.held = on;
  }

  /** A field was committed (Enter, or the focus left it): saved unless held. */
  protected committed(key: keyof TaskSettings, raw: string): void {
    if (this.held) this.edit(key, raw);
    else void this.save(key, raw);
  }

  protected edit(key: keyof TaskSettings, raw: string): void {
    this.drafts.update((d) => ({ ...d, [key]: raw }));
  }

  /** Saves one setting when valid and changed. @returns true when it is saved (or was already) */
  protected save(key: keyof TaskSettings, raw: string): Promise<boolean> {
    this.edit(key, raw);
    const parsed = parseSetting(key, raw);
    if (!parsed.ok) {
      this.failed.emit({ code: 'INVALID_REQUEST', message: parsed.problem });
      return Promise.resolve(false);
    }
    if (parsed.value === this.settings()?.[key]) return Promise.resolve(true);
    const done = this.store.saveSettings({ [key]: parsed.value }).then(
      (s) => {
        this.settings.set(s);
        this.saved.emit();
        return true;
      },
      (err: unknown) => {
        this.failed.emit(toUserError(err));
        return false;
      },
    );
    return this.inflight.track(done);
  }

  /** The fields whose typed text is not the saved value (after the saves already started). */
  async unsavedEdits(): Promise<UnsavedEdit[]> {
    await this.inflight.settled();
    const saved = this.settings();
    if (!saved) return [];
    const out: UnsavedEdit[] = [];
    for (const key of KEYS) {
      const raw = this.drafts()[key];
      if (raw === undefined) continue;
      const parsed = parseSetting(key, raw);
      if (!parsed.ok || parsed.value !== saved[key]) out.push({ label: BOUNDS[key].label, problem: parsed.ok ? null : parsed.problem, testId: `settings-${key}` });
    }
    return out;
  }

  async saveUnsavedEdits(): Promise<boolean> {
    const edits = await this.unsavedEdits();
    const keys = KEYS.filter((k) => edits.some((e) => e.testId === `settings-${k}`));
    const results = await Promise.all(keys.map((k) => this.save(k, this.drafts()[k] ?? '')));
    return results.every(Boolean);
  }
}
