import {
  DEFAULT_TERMINAL_FONT_FAMILY,
  SCROLLBACK_LIMITS,
  SettingsPatchSchema,
  TERMINAL_FONT_SIZE_LIMITS,
  TERMINAL_LINE_HEIGHT_LIMITS,
  type Settings,
} from '@contract';

/**
 * Typed-but-unsaved values in the Settings dialog, as data and pure functions (no DOM, no
 * Angular; unit-tested). The dialog saves each field when it is committed (Enter, Tab, a
 * click elsewhere); a value typed and not committed, or one refused as out of range, is an
 * unsaved edit, and closing the dialog asks about it.
 */

/** One field of a form whose typed value is not saved. */
export interface UnsavedEdit {
  /** The field's label, as the form shows it. */
  label: string;
  /** Why the typed value cannot be saved as it is, or null when it can. */
  problem: string | null;
  /** The field's `data-testid`: the dialog gives it the focus when the user keeps editing. */
  testId: string;
}

/** A part of a form that holds typed values until they are saved (a section of the Settings dialog). */
export interface HoldsUnsavedEdits {
  /** The unsaved edits once the saves already started have finished (a commit then a click on Close). */
  unsavedEdits(): Promise<UnsavedEdit[]>;
  /** Saves every unsaved edit that can be saved. @returns true when no unsaved edit is left */
  saveUnsavedEdits(): Promise<boolean>;
}

/** The Settings fields typed as text (the selects and switches save on each choice). */
export type TypedField = 'scrollbackLines' | 'terminalFontSize' | 'terminalLineHeight' | 'terminalFontFamily';

/** A typed value read as the setting's value, or why it cannot be. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** How one typed field is labelled, found and read. */
export interface TypedFieldDef<K extends TypedField> {
  label: string;
  testId: string;
  /** Reads the text of the field as the setting's value, within the contract's bounds. */
  parse(raw: string): Parsed<Settings[K]>;
}

/** A number within [min, max] (whole when `integer`), or the problem in the words the field shows. */
function parseNumber(raw: string, min: number, max: number, integer: boolean, problem: string): Parsed<number> {
  const n = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(n) && (!integer || Number.isInteger(n)) && n >= min && n <= max;
  return ok ? { ok: true, value: n } : { ok: false, problem };
}

const SB = SCROLLBACK_LIMITS;
const FS = TERMINAL_FONT_SIZE_LIMITS;
const LH = TERMINAL_LINE_HEIGHT_LIMITS;

/** Every typed field of the Settings dialog; bounds from the contract's limits. */
export const TYPED_FIELDS: { [K in TypedField]: TypedFieldDef<K> } = {
  scrollbackLines: {
    label: 'Scrollback lines kept',
    testId: 'settings-scrollback',
    parse: (raw) => {
      const p = parseNumber(raw, SB.min, SB.max, false, `Enter a number from ${SB.min} to ${SB.max}.`);
      return p.ok ? { ok: true, value: Math.round(p.value) } : p;
    },
  },
  terminalFontSize: {
    label: 'Font size (px)',
    testId: 'settings-font-size',
    parse: (raw) => parseNumber(raw, FS.min, FS.max, true, `Enter a whole number from ${FS.min} to ${FS.max}.`),
  },
  terminalLineHeight: {
    label: 'Line height',
    testId: 'settings-line-height',
    parse: (raw) => parseNumber(raw, LH.min, LH.max, false, `Enter a number from ${LH.min} to ${LH.max} (e.g. 1.2).`),
  },
  terminalFontFamily: {
    label: 'Font family',
    testId: 'settings-font-family',
    // An empty field goes back to the default font.
    parse: (raw) => {
      const parsed = SettingsPatchSchema.shape.terminalFontFamily.safeParse(raw.trim() === '' ? DEFAULT_TERMINAL_FONT_FAMILY : raw);
      if (parsed.success && parsed.data !== undefined) return { ok: true, value: parsed.data };
      return { ok: false, problem: `Not a font list: ${parsed.error?.issues[0]?.message ?? 'check the names'}.` };
    },
  },
};

/** The typed fields in the order the dialog shows them. */
export const TYPED_FIELD_ORDER: readonly TypedField[] = ['scrollbackLines', 'terminalFontSize', 'terminalLineHeight', 'terminalFontFamily'];

/** `TYPED_FIELDS[field].parse(raw)`, typed for a field chosen at run time. */
export function parseTyped(field: TypedField, raw: string): Parsed<Settings[TypedField]> {
  return (TYPED_FIELDS[field] as TypedFieldDef<TypedField>).parse(raw);
}

/**
 * The typed fields whose text is not what is saved: a value that parses to something other
 * than the saved setting (`problem` null), or one that does not parse (`problem` says why).
 * A field typed back to its saved value is not unsaved. Nothing is unsaved before the
 * settings are loaded (the fields are not shown then).
 * @param drafts the last text typed in each field (fields never typed in are absent)
 * @param saved the settings as the backend holds them, or null before they are loaded
 * @returns the unsaved fields, in {@link TYPED_FIELD_ORDER}
 */
export function unsavedTypedFields(drafts: Partial<Record<TypedField, string>>, saved: Settings | null): (UnsavedEdit & { field: TypedField })[] {
  if (!saved) return [];
  const out: (UnsavedEdit & { field: TypedField })[] = [];
  for (const field of TYPED_FIELD_ORDER) {
    const raw = drafts[field];
    if (raw === undefined) continue;
    const { label, testId } = TYPED_FIELDS[field];
    const parsed = parseTyped(field, raw);
    if (!parsed.ok) out.push({ field, label, testId, problem: parsed.problem });
    else if (parsed.value !== saved[field]) out.push({ field, label, testId, problem: null });
  }
  return out;
}

/** What closing a form with these unsaved edits does: close at once, or ask first. */
export function closeAction(edits: readonly UnsavedEdit[]): 'close' | 'ask' {
  return edits.length === 0 ? 'close' : 'ask';
}

/** True when every unsaved edit can be saved as typed (the question then offers "Save and close"). */
export function canSaveAll(edits: readonly UnsavedEdit[]): boolean {
  return edits.every((e) => e.problem === null);
}

/**
 * Saves a form has started and that have not settled yet: before it counts its unsaved edits
 * (a commit then at once a click on Close), a form waits for them, so that a value being saved
 * is not reported as unsaved.
 */
export class SavesInFlight {
  private readonly pending = new Set<Promise<unknown>>();

  /** Tracks `save` until it settles (fulfilled or rejected). @returns `save` itself */
  track<T>(save: Promise<T>): Promise<T> {
    this.pending.add(save);
    const forget = (): void => {
      this.pending.delete(save);
    };
    save.then(forget, forget);
    return save;
  }

  /** The number of tracked saves not settled yet. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves once every save tracked so far has settled; never rejects (a failed save reports itself). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
