import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import type { ConfigChange, Preset, PresetBody, PresetEffect } from '@contract';
import { ErrorTextComponent } from '../shared/error-text.component';
import { formatDateTime } from '../shared/time-format';
import type { HoldsUnsavedEdits, UnsavedEdit } from '../settings/unsaved-edits';
import { PresetStore } from './preset.store';

/** `12 min`, `1 h 5 min`, `45 s`. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The editable fields of a user preset, as the form holds them. */
interface Draft {
  name: string;
  description: string;
  threshold: number;
  maxIterations: number;
  maxSwitches: number;
  parallelLimit: number;
  turnTimeoutSec: number;
  preferred: string;
  budgetUsd: string;
  weights: PresetBody['matcher']['weights'];
}

const WEIGHT_KEYS = ['capability', 'context', 'history', 'specialization', 'preference'] as const;

/**
 * Pick and edit the preset of a project (or, with no project, the global default): what it
 * runs with now (overrides by explicit settings named), every preset with its values and the
 * expected effect from this installation's finished tasks ("not enough history" below the
 * minimum), Apply, Copy (built-in presets are read-only), Edit and Delete for user presets, and
 * the configuration history with a Revert on each row.
 */
@Component({
  selector: 'cx-preset-panel',
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ErrorTextComponent],
  providers: [PresetStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'preset-panel' },
  template: `
    @if (store.effective(); as e) {
      <p class="current" data-testid="preset-current" [attr.data-preset]="e.presetId">
        Runs with <strong>{{ e.presetName }}</strong>
        {{ e.source === 'project' ? '(applied to this project)' : projectId() ? '(the global default)' : '(default for projects without their own)' }}.
        @for (o of e.overrides; track o.field) {
          <span class="override" data-testid="preset-override">{{ o.field }} = {{ show(o.value) }} ({{ o.from }})</span>
        }
      </p>
    }
    <ul class="presets" role="listbox" aria-label="Presets">
      @for (p of store.presets(); track p.id) {
        <li
          class="preset"
          role="option"
          tabindex="0"
          data-testid="preset-option"
          [attr.data-preset]="p.id"
          [attr.aria-selected]="p.id === selectedId()"
          [class.selected]="p.id === selectedId()"
          [class.applied]="p.id === store.effective()?.presetId"
          (click)="selected.set(p.id)"
          (keydown.enter)="selected.set(p.id)"
          (keydown.space)="$event.preventDefault(); selected.set(p.id)"
        >
          <div class="head">
            <span class="name">{{ p.name }}</span>
            <span class="kind">{{ p.builtin ? 'built-in' : 'yours' }}</span>
            @if (p.id === store.effective()?.presetId) {<span class="badge">applied</span>}
          </div>
          <div class="desc">{{ p.description }}</div>
          <div class="values">{{ valuesText(p) }}</div>
          <div class="effect" data-testid="preset-effect">{{ effectText(store.effectById().get(p.id)) }}</div>
        </li>
      }
    </ul>
    @if (selectedPreset(); as s) {
      <div class="actions">
        <span class="expect" data-testid="preset-expected">Expected effect of {{ s.name }}: {{ effectText(store.effectById().get(s.id)) }}</span>
        <span class="spacer"></span>
        <button mat-flat-button data-testid="preset-apply" [disabled]="busy() || s.id === store.effective()?.presetId" (click)="apply(s.id)">Apply {{ s.name }}</button>
        <button mat-stroked-button data-testid="preset-copy" [disabled]="busy()" (click)="copy(s)">Copy</button>
        @if (!s.builtin) {
          <button mat-stroked-button data-testid="preset-edit" [disabled]="busy()" (click)="edit(s)">Edit</button>
          <button mat-stroked-button data-testid="preset-delete" [disabled]="busy()" (click)="remove(s.id)">Delete</button>
        }
      </div>
    }
    @if (draft(); as d) {
      <form class="editor" data-testid="preset-editor" (submit)="$event.preventDefault(); save()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Name</mat-label>
          <input matInput data-testid="preset-name" [value]="d.name" (input)="patch({ name: $any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
          <mat-label>Description</mat-label>
          <input matInput [value]="d.description" (input)="patch({ description: $any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Pass threshold (0–1)</mat-label>
          <input matInput type="number" min="0" max="1" step="0.05" data-testid="preset-threshold" [value]="d.threshold" (input)="patch({ threshold: +$any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Runs per agent</mat-label>
          <input matInput type="number" min="1" max="20" data-testid="preset-iterations" [value]="d.maxIterations" (input)="patch({ maxIterations: +$any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Agent switches</mat-label>
          <input matInput type="number" min="0" max="10" [value]="d.maxSwitches" (input)="patch({ maxSwitches: +$any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Tasks at once</mat-label>
          <input matInput type="number" min="1" max="16" [value]="d.parallelLimit" (input)="patch({ parallelLimit: +$any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Turn limit (s, 0 = none)</mat-label>
          <input matInput type="number" min="0" max="86400" [value]="d.turnTimeoutSec" (input)="patch({ turnTimeoutSec: +$any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Preferred agents (most first)</mat-label>
          <input matInput data-testid="preset-preferred" [value]="d.preferred" placeholder="claude, codex" (input)="patch({ preferred: $any($event.target).value })" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Budget (USD)</mat-label>
          <input matInput type="number" min="0" step="0.5" placeholder="none" [value]="d.budgetUsd" (input)="patch({ budgetUsd: $any($event.target).value })" />
        </mat-form-field>
        @for (k of weightKeys; track k) {
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Weight: {{ k }}</mat-label>
            <input matInput type="number" min="0" max="1" step="0.05" [attr.data-testid]="'preset-weight-' + k" [value]="d.weights[k]" (input)="setWeight(k, +$any($event.target).value)" />
          </mat-form-field>
        }
        <div class="editor-actions wide">
          <span class="hint">Weights add up to 1 (now {{ weightSum() }}).</span>
          <span class="spacer"></span>
          <button mat-button type="button" (click)="draft.set(null)">Cancel</button>
          <button mat-flat-button type="submit" data-testid="preset-save" [disabled]="busy()">Save</button>
        </div>
      </form>
    }
    @if (store.error(); as err) {
      <cx-error-text [error]="err" data-testid="preset-error" />
    }
    <h4 class="history-title">Configuration history</h4>
    @if (store.history().length === 0) {
      <p class="empty" data-testid="preset-history-empty">No change yet.</p>
    } @else {
      <ul class="history" data-testid="preset-history">
        @for (c of store.history(); track c.id) {
          <li data-testid="preset-history-row" [attr.data-change]="c.id">
            <span class="when">{{ when(c.at) }}</span>
            <span class="who" [attr.data-actor]="c.actor">{{ c.actor }}</span>
            <span class="what">{{ c.summary }}{{ c.revertOf ? ' (revert of #' + c.revertOf + ')' : '' }}</span>
            @if (c.kind !== 'apply') {<span class="vals">{{ valueText(c.oldValue) }} → {{ valueText(c.newValue) }}</span>}
            <button mat-button data-testid="preset-revert" [disabled]="busy()" (click)="revert(c.id)"><mat-icon>undo</mat-icon>Revert</button>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; font: var(--mat-sys-body-small); }
    .current { margin: 0; }
    .override { display: inline-block; margin-left: 8px; color: var(--mat-sys-tertiary); }
    .presets { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 8px; }
    .preset { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 10px; cursor: pointer; display: flex; flex-direction: column; gap: 4px; }
    .preset.selected { border-color: var(--mat-sys-primary); box-shadow: 0 0 0 1px var(--mat-sys-primary); }
    .preset:focus-visible { outline: 2px solid var(--mat-sys-primary); outline-offset: 2px; }
    .head { display: flex; gap: 8px; align-items: baseline; }
    .name { font: var(--mat-sys-title-small); }
    .kind { color: var(--mat-sys-on-surface-variant); }
    .badge { margin-left: auto; padding: 0 6px; border-radius: 8px; background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .desc, .values { color: var(--mat-sys-on-surface-variant); }
    .effect { font-style: italic; }
    .actions, .editor-actions { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .spacer { flex: 1; }
    .editor { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 8px; padding: 8px; border: 1px dashed var(--mat-sys-outline-variant); border-radius: 8px; }
    .wide { grid-column: 1 / -1; }
    .hint { color: var(--mat-sys-on-surface-variant); }
    .history-title { margin: 8px 0 0; font: var(--mat-sys-title-small); }
    .history { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 2px; }
    .history li { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .when { color: var(--mat-sys-on-surface-variant); min-width: 140px; }
    .who { font-weight: 500; min-width: 28px; }
    .vals { color: var(--mat-sys-on-surface-variant); }
    .empty { margin: 0; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class PresetPanelComponent implements HoldsUnsavedEdits {
  /** The project whose preset is picked; null: the global default. */
  readonly projectId = input<string | null>(null);
  protected readonly store = inject(PresetStore);
  protected readonly selected = signal<string | null>(null);
  protected readonly draft = signal<(Draft & { id: string }) | null>(null);
  /** The draft as the editor opened it (JSON), to tell an edited draft from an untouched one. */
  private draftStart: string | null = null;
  protected readonly busy = signal(false);
  protected readonly weightKeys = WEIGHT_KEYS;
  protected readonly duration = duration;
  /** The preset picked in the list (the applied one until another is clicked). */
  protected readonly selectedId = computed(() => this.selected() ?? this.store.effective()?.presetId ?? null);
  protected readonly selectedPreset = computed(() => this.store.presets().find((p) => p.id === this.selectedId()) ?? null);
  protected readonly weightSum = computed(() => {
    const d = this.draft();
    return d ? Math.round(WEIGHT_KEYS.reduce((a, k) => a + d.weights[k], 0) * 1000) / 1000 : 0;
  });

  constructor() {
    effect(() => void this.store.load(this.projectId()));
  }

  protected effectText(e: PresetEffect | undefined): string {
    if (!e || !e.enough) return `Not enough history: ${e?.tasks ?? 0} of ${this.store.minTasks()} finished tasks under it here.`;
    const cost = e.averageCostUSD === null ? 'cost unknown' : `~$${e.averageCostUSD.toFixed(2)} per task (est.)`;
    return `${Math.round(e.successRate! * 100)}% succeeded, ${duration(e.averageDurationMs!)} per task, ${cost} — ${e.tasks} tasks.`;
  }

  /** A preset's values in one line: gate, limits, turn limit, preferred agents, budget. */
  protected valuesText(p: Preset): string {
    const parts = [
      `threshold ${p.gate.threshold}`,
      p.gate.checks.join(', '),
      `${p.maxIterations} runs/agent`,
      `${p.maxSwitches} switches`,
      `${p.parallelLimit} at once`,
      `turn ${p.turnTimeoutSec ? duration(p.turnTimeoutSec * 1000) : 'no limit'}`,
    ];
    if (p.matcher.preferredAgents.length) parts.push(`prefers ${p.matcher.preferredAgents.join(', ')}`);
    if (p.budgets.usd !== null) parts.push(`budget $${p.budgets.usd}`);
    return parts.join(' · ');
  }

  protected show(v: number | string | string[]): string {
    return Array.isArray(v) ? v.join(', ') : String(v);
  }

  protected valueText(v: ConfigChange['oldValue']): string {
    if (v === null) return '—';
    return typeof v === 'string' ? v : v.name;
  }

  protected when(at: number): string {
    return formatDateTime(at);
  }

  protected async apply(id: string): Promise<void> {
    await this.run(() => this.store.apply(id));
  }

  /** A copy under the first free id `<id>-copy`, `<id>-copy-2`, …, opened in the editor. */
  protected async copy(p: Preset): Promise<void> {
    const taken = new Set(this.store.presets().map((x) => x.id));
    const base = `${p.id.replace(/_/g, '-')}-copy`.slice(0, 34);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    if (await this.run(() => this.store.copy(p, id))) {
      this.selected.set(id);
      const created = this.store.presets().find((x) => x.id === id);
      if (created) this.edit(created);
    }
  }

  protected edit(p: Preset): void {
    this.setDraft({
      id: p.id,
      name: p.name,
      description: p.description,
      threshold: p.gate.threshold,
      maxIterations: p.maxIterations,
      maxSwitches: p.maxSwitches,
      parallelLimit: p.parallelLimit,
      turnTimeoutSec: p.turnTimeoutSec,
      preferred: p.matcher.preferredAgents.join(', '),
      budgetUsd: p.budgets.usd === null ? '' : String(p.budgets.usd),
      weights: { ...p.matcher.weights },
    });
  }

  private setDraft(d: Draft & { id: string }): void {
    this.draft.set(d);
    this.draftStart = JSON.stringify(d);
  }

  /** The open editor, when its draft differs from the preset it was opened on. */
  unsavedEdits(): Promise<UnsavedEdit[]> {
    const d = this.draft();
    const edited = d !== null && JSON.stringify(d) !== this.draftStart;
    return Promise.resolve(edited ? [{ label: `Preset "${d.name}" (editor)`, problem: null, testId: 'preset-name' }] : []);
  }

  /** Saves the open editor's draft. @returns true when no edited draft is left */
  async saveUnsavedEdits(): Promise<boolean> {
    if ((await this.unsavedEdits()).length === 0) return true;
    await this.save();
    return this.draft() === null;
  }

  protected patch(p: Partial<Draft>): void {
    this.draft.update((d) => (d ? { ...d, ...p } : d));
  }

  protected setWeight(k: (typeof WEIGHT_KEYS)[number], v: number): void {
    this.draft.update((d) => (d ? { ...d, weights: { ...d.weights, [k]: v } } : d));
  }

  /** Saves the draft over the user preset; the backend checks it and says what is wrong. */
  protected async save(): Promise<void> {
    const d = this.draft();
    const p = d && this.store.presets().find((x) => x.id === d.id);
    if (!d || !p) return;
    const usd = d.budgetUsd.trim() === '' ? null : Number(d.budgetUsd);
    const body: PresetBody = {
      name: d.name,
      description: d.description,
      matcher: { weights: d.weights, preferredAgents: d.preferred.split(',').map((s) => s.trim()).filter(Boolean) },
      maxIterations: d.maxIterations,
      maxSwitches: d.maxSwitches,
      parallelLimit: d.parallelLimit,
      gate: { ...p.gate, threshold: d.threshold },
      turnTimeoutSec: d.turnTimeoutSec,
      budgets: { ...p.budgets, usd },
    };
    if (await this.run(() => this.store.update(d.id, body))) this.draft.set(null);
  }

  protected async remove(id: string): Promise<void> {
    if (await this.run(() => this.store.remove(id))) this.selected.set(null);
  }

  protected async revert(changeId: number): Promise<void> {
    await this.run(() => this.store.revert(changeId));
  }

  private async run(fn: () => Promise<boolean>): Promise<boolean> {
    this.busy.set(true);
    try {
      return await fn();
    } finally {
      this.busy.set(false);
    }
  }
}
