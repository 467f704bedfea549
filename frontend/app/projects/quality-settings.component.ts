import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal, effect } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Result } from '@contract';
import { CHECK_KINDS, type CheckKind } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';

const KIND_LABEL: Record<CheckKind, string> = { tests: 'Tests', typecheck: 'Type check', lint: 'Lint', coverage: 'Coverage', audit: 'Dependency audit' };

/**
 * A project's quality gate in its details: the checks it runs (detected or from the settings,
 * ready or skipped with the reason) and a form to name a check's command when detection is
 * wrong (empty: detection again) and the pass threshold (`quality.checks`, `quality.setChecks`).
 */
@Component({
  selector: 'cx-quality-settings',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'quality-settings' },
  template: `
    @if (data(); as d) {
      @if (d.checks.length === 0) {
        <p class="none" data-testid="quality-none">No check found: a task here ends <strong>unverified</strong> and needs your review. Name a test command below.</p>
      } @else {
        <ul class="checks">
          @for (c of d.checks; track $index) {
            <li data-testid="quality-check" [attr.data-kind]="c.kind" [attr.data-ready]="c.missing === null">
              <span class="kind">{{ label(c.kind) }}</span><code>{{ c.command }}</code>
              <span class="from">{{ c.source }}</span>
              @if (c.missing) {<span class="missing">skipped: {{ c.missing }}</span>}
            </li>
          }
        </ul>
      }
      <form class="form" (submit)="$event.preventDefault(); save()">
        @for (k of kinds; track k) {
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ label(k) }} command</mat-label>
            <input matInput [attr.data-testid]="'quality-command-' + k" [value]="commands()[k] ?? ''" placeholder="detected" (input)="setCommand(k, $any($event.target).value)" />
          </mat-form-field>
        }
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Pass threshold (0–1)</mat-label>
          <input matInput type="number" min="0" max="1" step="0.05" data-testid="quality-threshold" [value]="threshold()" (input)="threshold.set(+$any($event.target).value)" />
        </mat-form-field>
        <button mat-stroked-button type="submit" data-testid="quality-save" [disabled]="busy()">Save</button>
      </form>
    }
    @if (error(); as e) {
      <cx-error-text [error]="e" />
    }
  `,
  styles: `
    .checks { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; font: var(--mat-sys-body-small); }
    .checks li { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
    .kind { font-weight: 500; min-width: 110px; }
    code { font-family: 'JetBrains Mono', monospace; font-size: 12px; }
    .from { color: var(--mat-sys-on-surface-variant); }
    .missing { color: var(--mat-sys-error); }
    .none { margin: 0; font: var(--mat-sys-body-small); }
    .form { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px; align-items: center; margin-top: 8px; }
  `,
})
export class QualitySettingsComponent {
  readonly projectId = input.required<string>();
  private readonly client = inject(CortexClient);
  protected readonly kinds = CHECK_KINDS;
  protected readonly data = signal<Result<'quality.checks'> | null>(null);
  protected readonly commands = signal<Partial<Record<CheckKind, string>>>({});
  protected readonly threshold = signal(0.7);
  /** The threshold as loaded: only a changed one is saved, so an untouched one keeps following the project's preset. */
  private loadedThreshold = 0.7;
  protected readonly busy = signal(false);
  protected readonly error = signal<UserError | null>(null);

  constructor() {
    effect(() => void this.load(this.projectId()));
    // A preset applied or reverted changes the threshold and blocking kinds shown here.
    this.client.events('presets.changed').pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe(() => void this.load(this.projectId()));
  }

  protected label(k: CheckKind): string {
    return KIND_LABEL[k];
  }

  protected setCommand(k: CheckKind, v: string): void {
    this.commands.update((c) => ({ ...c, [k]: v }));
  }

  private async load(projectId: string): Promise<void> {
    try {
      const d = await this.client.call('quality.checks', { projectId });
      this.data.set(d);
      this.commands.set(Object.fromEntries(Object.entries(d.settings.commands).map(([k, v]) => [k, v ?? ''])));
      this.threshold.set(d.settings.threshold);
      this.loadedThreshold = d.settings.threshold;
    } catch (err) {
      this.error.set(toUserError(err));
    }
  }

  /** Saves the commands (empty = back to detection) and the threshold, then shows the checks again. */
  protected async save(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const commands = Object.fromEntries(CHECK_KINDS.map((k) => [k, (this.commands()[k] ?? '').trim()]));
      const threshold = this.threshold() !== this.loadedThreshold ? { threshold: this.threshold() } : {};
      await this.client.call('quality.setChecks', { projectId: this.projectId(), commands, ...threshold });
      await this.load(this.projectId());
    } catch (err) {
      this.error.set(toUserError(err));
    } finally {
      this.busy.set(false);
    }
  }
}
