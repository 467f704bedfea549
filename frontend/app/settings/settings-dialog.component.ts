import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { ProviderKeysComponent } from './provider-keys.component';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { DEFAULT_TERMINAL_FONT_FAMILY, SCROLLBACK_LIMITS, SettingsPatchSchema, TERMINAL_FONT_SIZE_LIMITS, TERMINAL_LINE_HEIGHT_LIMITS, type Settings } from '@contract';
import { beep } from '../shared/beep';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { LocalPrefsService } from '../shell/local-prefs.service';
import { NotificationsService } from '../shell/notifications.service';
import { SettingsStore } from './settings.store';
import { OrchestratorSettingsComponent } from './orchestrator-settings.component';
import { PresetPanelComponent } from '../presets/preset-panel.component';

const SCROLLBACK_MIN = SCROLLBACK_LIMITS.min;
const SCROLLBACK_MAX = SCROLLBACK_LIMITS.max;

/**
 * The Settings dialog: what happens to live sessions after a restart, scrollback kept in
 * snapshots, the default restart policy, the consoles' font, line height and cursor (backend
 * settings, saved on change, a number out of bounds refused at its field), the orchestrator's
 * limits (parallel tasks, gate runs, agent switches), and this window's notifications and sound.
 */
@Component({
  selector: 'cx-settings-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatSlideToggleModule, ErrorTextComponent, OrchestratorSettingsComponent, ProviderKeysComponent, PresetPanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'settings-dialog' },
  templateUrl: './settings-dialog.component.html',
  styleUrl: './settings-dialog.component.scss',
})
export class SettingsDialogComponent {
  protected readonly store = inject(SettingsStore);
  protected readonly prefs = inject(LocalPrefsService);
  protected readonly notifications = inject(NotificationsService);
  protected readonly error = signal<UserError | null>(null);
  protected readonly saved = signal(false);
  protected readonly SCROLLBACK_MIN = SCROLLBACK_MIN;
  protected readonly SCROLLBACK_MAX = SCROLLBACK_MAX;
  protected readonly FONT_SIZE = TERMINAL_FONT_SIZE_LIMITS;
  /** Why the typed font size is refused, or null. */
  protected readonly fontSizeError = signal<string | null>(null);
  protected readonly LINE_HEIGHT = TERMINAL_LINE_HEIGHT_LIMITS;
  /** Why the typed line height is refused, or null. */
  protected readonly lineHeightError = signal<string | null>(null);
  /** Why the typed font family is refused, or null. */
  protected readonly fontFamilyError = signal<string | null>(null);

  constructor() {
    this.store.load().catch((err: unknown) => this.error.set(toUserError(err)));
  }

  /** Saves one backend setting; the error, if any, shows in the dialog. */
  protected async save(patch: Partial<Settings>): Promise<void> {
    this.error.set(null);
    this.saved.set(false);
    try {
      await this.store.save(patch);
      this.saved.set(true);
    } catch (err) {
      this.error.set(toUserError(err));
    }
  }

  /** A section saved its own setting. */
  protected onSaved(): void {
    this.error.set(null);
    this.saved.set(true);
  }

  /** Why the typed scrollback is refused (shown under the field, tied to it), or null. */
  protected readonly scrollbackError = signal<string | null>(null);

  protected checkScrollback(raw: string): boolean {
    const n = Number(raw);
    const ok = raw.trim() !== '' && Number.isFinite(n) && n >= SCROLLBACK_MIN && n <= SCROLLBACK_MAX;
    this.scrollbackError.set(ok ? null : `Enter a number from ${SCROLLBACK_MIN} to ${SCROLLBACK_MAX}.`);
    return ok;
  }

  protected saveScrollback(raw: string): void {
    if (!this.checkScrollback(raw)) return;
    const n = Math.round(Number(raw));
    if (n !== this.store.settings()?.scrollbackLines) void this.save({ scrollbackLines: n });
  }

  protected checkFontSize(raw: string): boolean {
    const n = Number(raw);
    const ok = raw.trim() !== '' && Number.isInteger(n) && n >= TERMINAL_FONT_SIZE_LIMITS.min && n <= TERMINAL_FONT_SIZE_LIMITS.max;
    this.fontSizeError.set(ok ? null : `Enter a whole number from ${TERMINAL_FONT_SIZE_LIMITS.min} to ${TERMINAL_FONT_SIZE_LIMITS.max}.`);
    return ok;
  }

  protected saveFontSize(raw: string): void {
    if (!this.checkFontSize(raw)) return;
    const n = Number(raw);
    if (n !== this.store.settings()?.terminalFontSize) void this.save({ terminalFontSize: n });
  }

  protected checkLineHeight(raw: string): boolean {
    const n = Number(raw);
    const { min, max } = TERMINAL_LINE_HEIGHT_LIMITS;
    const ok = raw.trim() !== '' && Number.isFinite(n) && n >= min && n <= max;
    this.lineHeightError.set(ok ? null : `Enter a number from ${min} to ${max} (e.g. 1.2).`);
    return ok;
  }

  /** Saves the line height (times the font's cell height) when it is within the bounds. */
  protected saveLineHeight(raw: string): void {
    if (!this.checkLineHeight(raw)) return;
    const n = Number(raw);
    if (n !== this.store.settings()?.terminalLineHeight) void this.save({ terminalLineHeight: n });
  }

  /** Saves the font family; an empty field goes back to the default font. */
  protected saveFontFamily(raw: string): void {
    const value = raw.trim() === '' ? DEFAULT_TERMINAL_FONT_FAMILY : raw;
    const parsed = SettingsPatchSchema.shape.terminalFontFamily.safeParse(value);
    if (!parsed.success) {
      this.fontFamilyError.set(`Not a font list: ${parsed.error.issues[0]?.message ?? 'check the names'}.`);
      return;
    }
    this.fontFamilyError.set(null);
    if (parsed.data !== this.store.settings()?.terminalFontFamily) void this.save({ terminalFontFamily: parsed.data });
  }

  protected setSound(on: boolean): void {
    this.prefs.set({ sound: on });
    if (on) beep();
  }
}
