import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { API_KEY_PROVIDER_NAMES, type ApiKeyProvider, type Result } from '@contract';
import { CortexClient } from '../core/cortex-client';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import type { HoldsUnsavedEdits, UnsavedEdit } from './unsaved-edits';

/**
 * Provider API keys in the OS keychain: per provider whether a key is set (its last 4
 * characters), the agents it goes to, a password field to store one and a button to remove
 * it. The key typed is sent once and never shown again; without a keychain the reason shows
 * and nothing can be stored. A key typed and not stored is an unsaved edit the dialog asks
 * about when closed.
 */
@Component({
  selector: 'cx-provider-keys',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, ErrorTextComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'provider-keys' },
  template: `
    @if (state(); as s) {
      @if (!s.keychain.available) {
        <p class="note" data-testid="keys-unavailable">{{ s.keychain.reason }}</p>
      }
      @for (k of s.keys; track k.provider) {
        <div class="row" [attr.data-provider]="k.provider">
          <div class="what">
            <span class="name">{{ names[k.provider] }}</span>
            <span class="status" data-testid="key-status">{{ k.set ? 'set (…' + k.last4 + ')' : 'not set' }}</span>
            <span class="agents" [title]="envText(k.agents)">{{ agentsText(k.agents) }}</span>
          </div>
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="field">
            <mat-label>{{ names[k.provider] }} API key</mat-label>
            <input matInput type="password" autocomplete="off" spellcheck="false" [disabled]="!s.keychain.available" #field (input)="onTyped(k.provider, field.value)" (keydown.enter)="save(k.provider, field)" [attr.data-testid]="'key-input-' + k.provider" />
          </mat-form-field>
          <button mat-stroked-button [disabled]="!s.keychain.available" (click)="save(k.provider, field)" [attr.data-testid]="'key-save-' + k.provider">Store</button>
          @if (k.set) {
            <button mat-button (click)="clear(k.provider)" [attr.data-testid]="'key-clear-' + k.provider">Remove</button>
          }
        </div>
      }
    } @else {
      <p class="note">Reading the keychain…</p>
    }
    @if (error(); as e) {
      <cx-error-text [error]="e" data-testid="keys-error" />
    }
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 8px; }
    .note { margin: 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    .what { display: flex; flex-direction: column; min-width: 150px; flex: 1; }
    .name { font: var(--mat-sys-label-large); }
    .status, .agents { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .field { width: 220px; }
  `,
})
export class ProviderKeysComponent implements HoldsUnsavedEdits {
  private readonly client = inject(CortexClient);
  protected readonly names = API_KEY_PROVIDER_NAMES;
  protected readonly state = signal<Result<'keys.list'> | null>(null);
  protected readonly error = signal<UserError | null>(null);
  /** The text typed in each provider's field and not stored yet. */
  private readonly typed = signal<Partial<Record<ApiKeyProvider, string>>>({});

  constructor() {
    void this.load();
  }

  protected agentsText(agents: readonly { agent: string; env: string }[]): string {
    return agents.length ? `For ${agents.map((a) => a.agent).join(', ')}` : 'No agent profile reads it';
  }

  /** Which variable each agent gets it in (the tooltip). */
  protected envText(agents: readonly { agent: string; env: string }[]): string {
    return agents.map((a) => `${a.agent}: ${a.env}`).join('\n');
  }

  private async load(): Promise<void> {
    try {
      this.state.set(await this.client.call('keys.list', {}));
    } catch (err) {
      this.error.set(toUserError(err));
    }
  }

  protected async save(provider: ApiKeyProvider, field: HTMLInputElement): Promise<void> {
    if (await this.store(provider, field.value)) field.value = '';
  }

  protected onTyped(provider: ApiKeyProvider, value: string): void {
    this.typed.update((t) => ({ ...t, [provider]: value }));
  }

  /** Stores a key in the keychain. @returns true when stored (or nothing was typed) */
  private async store(provider: ApiKeyProvider, raw: string): Promise<boolean> {
    const key = raw.trim();
    if (!key) return true;
    try {
      await this.client.call('keys.set', { provider, key });
      this.typed.update((t) => ({ ...t, [provider]: undefined }));
      this.error.set(null);
      await this.load();
      return true;
    } catch (err) {
      this.error.set(toUserError(err));
      return false;
    }
  }

  /** The providers whose field holds a key typed and not stored. */
  unsavedEdits(): Promise<UnsavedEdit[]> {
    const typed = this.typed();
    const edits = (Object.keys(typed) as ApiKeyProvider[])
      .filter((p) => (typed[p] ?? '').trim() !== '')
      .map((p) => ({ label: `${this.names[p]} API key`, problem: null, testId: `key-input-${p}` }));
    return Promise.resolve(edits);
  }

  async saveUnsavedEdits(): Promise<boolean> {
    const typed = this.typed();
    const results = await Promise.all((Object.keys(typed) as ApiKeyProvider[]).map((p) => this.store(p, typed[p] ?? '')));
    return results.every(Boolean);
  }

  protected async clear(provider: ApiKeyProvider): Promise<void> {
    try {
      await this.client.call('keys.clear', { provider });
      this.error.set(null);
      await this.load();
    } catch (err) {
      this.error.set(toUserError(err));
    }
  }
}
