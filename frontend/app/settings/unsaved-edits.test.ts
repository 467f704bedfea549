import { describe, expect, it } from 'vitest';
import { DEFAULT_TERMINAL_FONT_FAMILY, SCROLLBACK_LIMITS, SettingsSchema, TERMINAL_FONT_SIZE_LIMITS, TERMINAL_LINE_HEIGHT_LIMITS } from '@contract';
import { canSaveAll, closeAction, SavesInFlight, parseTyped, TYPED_FIELD_ORDER, TYPED_FIELDS, unsavedTypedFields } from './unsaved-edits';

const saved = SettingsSchema.parse({});

describe('parsing a typed settings field', () => {
  it('takes the bounds from the contract, both ends included', () => {
    expect(parseTyped('scrollbackLines', String(SCROLLBACK_LIMITS.min))).toEqual({ ok: true, value: SCROLLBACK_LIMITS.min });
    expect(parseTyped('scrollbackLines', String(SCROLLBACK_LIMITS.max))).toEqual({ ok: true, value: SCROLLBACK_LIMITS.max });
    expect(parseTyped('scrollbackLines', String(SCROLLBACK_LIMITS.max + 1)).ok).toBe(false);
    expect(parseTyped('terminalFontSize', String(TERMINAL_FONT_SIZE_LIMITS.min - 1)).ok).toBe(false);
    expect(parseTyped('terminalLineHeight', String(TERMINAL_LINE_HEIGHT_LIMITS.max))).toEqual({ ok: true, value: TERMINAL_LINE_HEIGHT_LIMITS.max });
  });

  it('refuses empty text, a fraction where a whole number is due, and says the range', () => {
    expect(parseTyped('scrollbackLines', '  ')).toEqual({ ok: false, problem: `Enter a number from ${SCROLLBACK_LIMITS.min} to ${SCROLLBACK_LIMITS.max}.` });
    expect(parseTyped('terminalFontSize', '13.5')).toEqual({ ok: false, problem: `Enter a whole number from ${TERMINAL_FONT_SIZE_LIMITS.min} to ${TERMINAL_FONT_SIZE_LIMITS.max}.` });
    expect(parseTyped('terminalLineHeight', 'abc').ok).toBe(false);
  });

  it('rounds a scrollback with a fraction, as it is saved', () => {
    expect(parseTyped('scrollbackLines', '1000.4')).toEqual({ ok: true, value: 1000 });
  });

  it('reads an empty font family as the default font, and refuses CSS that is not a font list', () => {
    expect(parseTyped('terminalFontFamily', '')).toEqual({ ok: true, value: DEFAULT_TERMINAL_FONT_FAMILY });
    expect(parseTyped('terminalFontFamily', '  "Fira Code", monospace ')).toEqual({ ok: true, value: '"Fira Code", monospace' });
    const bad = parseTyped('terminalFontFamily', 'mono; } body {');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem).toMatch(/^Not a font list: /);
  });

  it('names every field with its label and its element, in the order shown', () => {
    expect(TYPED_FIELD_ORDER).toEqual(Object.keys(TYPED_FIELDS));
    for (const f of TYPED_FIELD_ORDER) expect(TYPED_FIELDS[f].testId).toMatch(/^settings-/);
  });
});

describe('unsaved typed fields', () => {
  it('none before anything is typed, or before the settings are loaded', () => {
    expect(unsavedTypedFields({}, saved)).toEqual([]);
    expect(unsavedTypedFields({ scrollbackLines: '5' }, null)).toEqual([]);
  });

  it('a field typed back to its saved value is not unsaved', () => {
    expect(unsavedTypedFields({ scrollbackLines: String(saved.scrollbackLines), terminalLineHeight: `${saved.terminalLineHeight}` }, saved)).toEqual([]);
    expect(unsavedTypedFields({ terminalFontFamily: '' }, saved)).toEqual([]);
  });

  it('a valid value other than the saved one is unsaved and can be saved', () => {
    const edits = unsavedTypedFields({ terminalFontSize: '18' }, saved);
    expect(edits).toEqual([{ field: 'terminalFontSize', label: 'Font size (px)', testId: 'settings-font-size', problem: null }]);
    expect(canSaveAll(edits)).toBe(true);
    expect(closeAction(edits)).toBe('ask');
  });

  it('a refused value is unsaved with its reason, and then not everything can be saved', () => {
    const edits = unsavedTypedFields({ terminalFontSize: '18', scrollbackLines: '5' }, saved);
    expect(edits.map((e) => e.field)).toEqual(['scrollbackLines', 'terminalFontSize']);
    expect(edits[0]!.problem).toContain(`from ${SCROLLBACK_LIMITS.min} to ${SCROLLBACK_LIMITS.max}`);
    expect(canSaveAll(edits)).toBe(false);
  });

  it('closes at once with nothing unsaved', () => {
    expect(closeAction([])).toBe('close');
    expect(canSaveAll([])).toBe(true);
  });
});

describe('saves in flight', () => {
  it('waits for every tracked save, kept or failed, and forgets each once settled', async () => {
    const saves = new SavesInFlight();
    let keep!: (v: boolean) => void;
    let fail!: (e: Error) => void;
    const kept = saves.track(new Promise<boolean>((r) => (keep = r)));
    const failed = saves.track(new Promise<boolean>((_, j) => (fail = j)));
    failed.catch(() => undefined);
    expect(saves.size).toBe(2);
    let settled = false;
    const waiting = saves.settled().then(() => (settled = true));
    keep(true);
    await kept;
    await Promise.resolve();
    expect(settled).toBe(false);
    fail(new Error('disk full'));
    await waiting;
    expect(settled).toBe(true);
    expect(saves.size).toBe(0);
    await expect(kept).resolves.toBe(true);
  });

  it('settles at once when nothing is in flight', async () => {
    await expect(new SavesInFlight().settled()).resolves.toBeUndefined();
  });
});
