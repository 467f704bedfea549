import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { ConfigChange, EffectiveConfig, Preset, PresetBody, PresetEffect } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { toUserError, type UserError } from '../shared/user-error';

/**
 * One scope's presets as signals: a project's (or, with a null project, the global default's)
 * effective configuration, every preset with its expected effect from this installation's
 * finished tasks, and the configuration history (the project's applies, or every change). Reloaded on `presets.changed` and after
 * a reconnect. Provided per panel (one scope each). Changes are recorded as made from the UI.
 */
@Injectable()
export class PresetStore {
  private readonly client = inject(CortexClient);
  private projectId: string | null = null;
  private readonly presetsSignal = signal<Preset[]>([]);
  private readonly defaultIdSignal = signal<string>('balanced');
  private readonly effectiveSignal = signal<EffectiveConfig | null>(null);
  private readonly effectsSignal = signal<PresetEffect[]>([]);
  private readonly minTasksSignal = signal(5);
  private readonly historySignal = signal<ConfigChange[]>([]);
  private readonly errorSignal = signal<UserError | null>(null);

  readonly presets = this.presetsSignal.asReadonly();
  readonly defaultPresetId = this.defaultIdSignal.asReadonly();
  /** What the scope runs with; null until loaded. */
  readonly effective = this.effectiveSignal.asReadonly();
  readonly minTasks = this.minTasksSignal.asReadonly();
  /** The scope's changes, newest first. */
  readonly history = this.historySignal.asReadonly();
  /** Why the last load or action failed. */
  readonly error = this.errorSignal.asReadonly();
  readonly effectById = computed(() => new Map(this.effectsSignal().map((e) => [e.presetId, e])));

  constructor() {
    const destroyRef = inject(DestroyRef);
    this.client.events('presets.changed').pipe(takeUntilDestroyed(destroyRef)).subscribe(() => void this.reload());
    this.client.reconnected$.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => void this.reload());
  }

  /** Loads the scope: a project id, or null for the global default. */
  async load(projectId: string | null): Promise<void> {
    this.projectId = projectId;
    await this.reload();
  }

  /** Applies a preset to the scope. @returns false (with {@link error} set) when refused */
  apply(presetId: string): Promise<boolean> {
    return this.act(() => this.client.call('presets.apply', { ...(this.projectId ? { projectId: this.projectId } : {}), presetId, via: 'ui' }));
  }

  /** Copies a preset under a new id (built-in presets are read-only: this is how to change one). */
  copy(from: Preset, id: string): Promise<boolean> {
    const { id: _id, builtin: _b, ...body } = from;
    return this.act(() => this.client.call('presets.create', { id, body: { ...body, name: `${body.name} (copy)` }, via: 'ui' }));
  }

  /** Saves a user preset's new body. */
  update(id: string, body: PresetBody): Promise<boolean> {
    return this.act(() => this.client.call('presets.update', { id, body, via: 'ui' }));
  }

  /** Deletes a user preset nothing uses. */
  remove(id: string): Promise<boolean> {
    return this.act(() => this.client.call('presets.delete', { id, via: 'ui' }));
  }

  /** Undoes one change of the history (the revert is recorded too). */
  revert(changeId: number): Promise<boolean> {
    return this.act(() => this.client.call('presets.revert', { changeId, via: 'ui' }));
  }

  private async act(fn: () => Promise<unknown>): Promise<boolean> {
    this.errorSignal.set(null);
    try {
      await fn();
      await this.reload();
      return true;
    } catch (err) {
      this.errorSignal.set(toUserError(err));
      return false;
    }
  }

  private async reload(): Promise<void> {
    const scope = this.projectId ? { projectId: this.projectId } : {};
    try {
      const [list, effective, effect, history] = await Promise.all([
        this.client.call('presets.list', {}),
        this.client.call('presets.effective', scope),
        this.client.call('presets.expectedEffect', {}),
        this.client.call('presets.history', { ...(this.projectId ? { target: this.projectId } : {}), limit: 50 }),
      ]);
      this.presetsSignal.set(list.presets);
      this.defaultIdSignal.set(list.defaultPresetId);
      this.effectiveSignal.set(effective);
      this.effectsSignal.set(effect.effects);
      this.minTasksSignal.set(effect.minTasks);
      this.historySignal.set(history.changes);
    } catch (err) {
      this.errorSignal.set(toUserError(err));
    }
  }
}
