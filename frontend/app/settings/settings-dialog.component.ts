import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { ProviderKeysComponent } from './provider-keys.component';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { SCROLLBACK_LIMITS, TERMINAL_FONT_SIZE_LIMITS, TERMINAL_LINE_HEIGHT_LIMITS, type Settings } from '@contract';
import { firstValueFrom } from 'rxjs';
import { beep } from '../shared/beep';
import { ErrorTextComponent } from '../shared/error-text.component';
import { toUserError, type UserError } from '../shared/user-error';
import { LocalPrefsService } from '../shell/local-prefs.service';
import { NotificationsService } from '../shell/notifications.service';
import { SettingsStore } from './settings.store';
import { OrchestratorSettingsComponent } from './orchestrator-settings.component';
import { PresetPanelComponent } from '../presets/preset-panel.component';
import { UNSAVED_CHANGES_MESSAGE_ID, UnsavedChangesDialogComponent, type UnsavedChangesAnswer, type UnsavedChangesData } from './unsaved-changes-dialog.component';
import { closeAction, SavesInFlight, parseTyped, unsavedTypedFields, type HoldsUnsavedEdits, type TypedField, type UnsavedEdit } from './unsaved-edits';

const SCROLLBACK_MIN = SCROLLBACK_LIMITS.min;
const SCROLLBACK_MAX = SCROLLBACK_LIMITS.max;

/**
 * The Settings dialog: what happens to live sessions after a restart, scrollback kept in
 * snapshots, the default restart policy, the consoles' font, line height and cursor (backend
 * settings, saved on change, a number out of bounds refused at its field), the orchestrator's
 * limits (parallel tasks, gate runs, agent switches), and this window's notifications and sound.
 *
 * Closing (the Close button, Esc, a click outside) with a value typed and not saved (not yet
 * committed, or refused as out of range) asks first: keep editing, discard, or save and
 * close; with nothing unsaved it closes at once.
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
  private readonly ref = inject<MatDialogRef<SettingsDialogComponent>>(MatDialogRef);
  private readonly dialog = inject(MatDialog);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly orchestrator = viewChild(OrchestratorSettingsComponent);
  private readonly presets = viewChild(PresetPanelComponent);
  private readonly keys = viewChild(ProviderKeysComponent);
  protected readonly error = signal<UserError | null>(null);
  protected readonly saved = signal(false);
  protected readonly SCROLLBACK_MIN = SCROLLBACK_MIN;
  protected readonly SCROLLBACK_MAX = SCROLLBACK_MAX;
  protected readonly FONT_SIZE = TERMINAL_FONT_SIZE_LIMITS;
  protected readonly LINE_HEIGHT = TERMINAL_LINE_HEIGHT_LIMITS;
  /** Why the typed value of each field is refused (shown under the field, tied to it). */
  protected readonly fieldErrors = signal<Partial<Record<TypedField, string>>>({});
  /** The last text typed in each field; compared with the saved settings to find unsaved edits. */
  private readonly drafts = signal<Partial<Record<TypedField, string>>>({});
  /** Saves started and not finished: closing waits for them before judging what is unsaved. */
  private readonly inflight = new SavesInFlight();
  /** True while the unsaved-changes question is open (a second Esc or Close does not ask twice). */
  private asking = false;
  /**
   * True once the dialog is closing: the focus leaving a field as the dialog goes (back to
   * what opened it) commits nothing, so Discard discards.
   */
  private closing = false;

  constructor() {
    this.store.load().catch((err: unknown) => this.error.set(toUserError(err)));
    // Esc and a click outside come to requestClose, which asks when something is unsaved.
    this.ref.disableClose = true;
    this.ref.keydownEvents().subscribe((e) => {
      if (e.key === 'Escape' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
        e.preventDefault();
        void this.requestClose();
      }
    });
    this.ref.backdropClick().subscribe(() => void this.requestClose());
  }

  /** Saves one backend setting; the error, if any, shows in the dialog. @returns true when saved */
  protected save(patch: Partial<Settings>): Promise<boolean> {
    this.error.set(null);
    this.saved.set(false);
    const done = this.store.save(patch).then(
      () => {
        this.saved.set(true);
        return true;
      },
      (err: unknown) => {
        this.error.set(toUserError(err));
        return false;
      },
    );
    return this.inflight.track(done);
  }

  /** A section saved its own setting. */
  protected onSaved(): void {
    this.error.set(null);
    this.saved.set(true);
  }

  /** Why the typed value of `field` is refused, or null. */
  protected fieldError(field: TypedField): string | null {
    return this.fieldErrors()[field] ?? null;
  }

  /**
   * The user typed in a field: remembers the text; a number field says at once when it is out
   * of range (a font list only when committed: it is incomplete while typed).
   */
  protected edit(field: TypedField, raw: string): void {
    this.drafts.update((d) => ({ ...d, [field]: raw }));
    if (field !== 'terminalFontFamily') this.check(field, raw);
  }

  /** Shows or clears the field's error. @returns true when the text is a valid value */
  private check(field: TypedField, raw: string): boolean {
    const parsed = parseTyped(field, raw);
    this.fieldErrors.update((e) => ({ ...e, [field]: parsed.ok ? undefined : parsed.problem }));
    return parsed.ok;
  }

  /**
   * The field was committed (Enter, or the focus left it: Tab, a click elsewhere): saves it
   * when valid and changed. While the unsaved-changes question is open (it takes the focus
   * from the field) nothing is saved: the user has not answered yet.
   */
  protected committed(field: TypedField, raw: string): void {
    if (this.asking || this.closing) this.drafts.update((d) => ({ ...d, [field]: raw }));
    else void this.commit(field, raw);
  }

  /** Saves a field when its text is valid and changed. @returns true when nothing is left unsaved */
  private commit(field: TypedField, raw: string): Promise<boolean> {
    this.drafts.update((d) => ({ ...d, [field]: raw }));
    if (!this.check(field, raw)) return Promise.resolve(false);
    const parsed = parseTyped(field, raw);
    if (!parsed.ok || parsed.value === this.store.settings()?.[field]) return Promise.resolve(parsed.ok);
    return this.save({ [field]: parsed.value } as Partial<Settings>);
  }

  /** The sections that hold typed values of their own. */
  private sections(): HoldsUnsavedEdits[] {
    return [this.orchestrator(), this.presets(), this.keys()].filter((s): s is NonNullable<typeof s> => s !== undefined);
  }

  /** Every unsaved edit of the dialog, once the saves already started have finished. */
  private async unsavedEdits(): Promise<UnsavedEdit[]> {
    await this.inflight.settled();
    const own = unsavedTypedFields(this.drafts(), this.store.settings());
    const rest = await Promise.all(this.sections().map((s) => s.unsavedEdits()));
    return [...own, ...rest.flat()];
  }

  /** Saves every unsaved edit that can be saved. @returns true when none is left */
  private async saveUnsavedEdits(): Promise<boolean> {
    const own = unsavedTypedFields(this.drafts(), this.store.settings());
    const results = await Promise.all([
      ...own.map((e) => this.commit(e.field, this.drafts()[e.field] ?? '')),
      ...this.sections().map((s) => s.saveUnsavedEdits()),
    ]);
    return results.every(Boolean);
  }

  /**
   * Close, Esc or a click outside: closes at once when nothing is unsaved; otherwise asks.
   * Keep editing (or Esc) puts the focus in the first unsaved field; Discard closes without
   * saving; Save and close saves, and stays open on the first field still refused.
   */
  protected async requestClose(): Promise<void> {
    if (this.asking) return;
    this.asking = true;
    this.orchestrator()?.holdCommits(true);
    try {
      const edits = await this.unsavedEdits();
      if (closeAction(edits) === 'close') {
        this.close();
        return;
      }
      const question = this.dialog.open<UnsavedChangesDialogComponent, UnsavedChangesData, UnsavedChangesAnswer>(UnsavedChangesDialogComponent, {
        id: 'unsaved-changes',
        data: { edits },
        role: 'alertdialog',
        ariaDescribedBy: UNSAVED_CHANGES_MESSAGE_ID,
        autoFocus: 'first-tabbable',
        maxWidth: '95vw',
      });
      const answer = (await firstValueFrom(question.afterClosed())) ?? 'keep';
      if (answer === 'discard') {
        this.close();
      } else if (answer === 'save' && (await this.saveUnsavedEdits())) {
        this.close();
      } else {
        const left = answer === 'save' ? await this.unsavedEdits() : edits;
        this.focusField(left[0]?.testId);
      }
    } finally {
      this.asking = false;
      if (!this.closing) this.orchestrator()?.holdCommits(false);
    }
  }

  /** Closes the dialog; from now on no field commits. */
  private close(): void {
    this.closing = true;
    this.orchestrator()?.holdCommits(true);
    this.ref.close();
  }

  /** Puts the focus in the field with this `data-testid` (scrolled into view). */
  private focusField(testId: string | undefined): void {
    if (!testId) return;
    const el = this.host.nativeElement.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
    el?.scrollIntoView({ block: 'nearest' });
    el?.focus();
  }

  protected setSound(on: boolean): void {
    this.prefs.set({ sound: on });
    if (on) beep();
  }
}
