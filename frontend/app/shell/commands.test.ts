import { describe, expect, it } from 'vitest';
import { COMMANDS, chordLabel, commandForKey, matchesChord, noteRecent, rankCommands, RECENT_COMMANDS_MAX, type CommandId, type KeyState } from './commands';
import { nextRegionIndex } from './regions';

const key = (code: string, mods: Partial<Omit<KeyState, 'code'>> = {}): KeyState => ({ code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

/** Shortcuts a browser keeps for itself (Chrome/Firefox on Linux and Windows): a page cannot take them back. */
const BROWSER_RESERVED: KeyState[] = [
  key('KeyN', { ctrlKey: true }),
  key('KeyT', { ctrlKey: true }),
  key('KeyW', { ctrlKey: true }),
  key('KeyN', { ctrlKey: true, shiftKey: true }),
  key('KeyT', { ctrlKey: true, shiftKey: true }),
  key('KeyA', { ctrlKey: true, shiftKey: true }),
  key('Tab', { ctrlKey: true }),
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [key(`Digit${n}`, { ctrlKey: true }), key(`Digit${n}`, { altKey: true })]),
];

describe('the command table', () => {
  it('has unique ids, and no chord bound twice in one keymap', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    for (const keymap of ['browser', 'desktop'] as const) {
      const seen = new Set<string>();
      for (const c of COMMANDS) {
        for (const k of c.keys[keymap]) {
          const sig = chordLabel(k, false);
          expect(seen.has(sig), `${sig} twice in ${keymap}`).toBe(false);
          seen.add(sig);
        }
      }
    }
  });

  it('binds nothing a browser reserves in browser mode', () => {
    for (const e of BROWSER_RESERVED) expect(commandForKey(e, 'browser', false), chordLabel({ ...e, mod: e.ctrlKey, shift: e.shiftKey, alt: e.altKey }, false)).toBeNull();
  });

  it('keeps the desktop app’s usual Ctrl+Shift+N / Ctrl+Shift+T / Ctrl+1..3', () => {
    expect(commandForKey(key('KeyN', { ctrlKey: true, shiftKey: true }), 'desktop', false)?.id).toBe('session.new');
    expect(commandForKey(key('KeyT', { ctrlKey: true, shiftKey: true }), 'desktop', false)?.id).toBe('task.new');
    expect(commandForKey(key('Digit2', { ctrlKey: true }), 'desktop', false)?.id).toBe('console.focus2');
    expect(commandForKey(key('Digit2', { altKey: true, shiftKey: true }), 'browser', false)?.id).toBe('console.focus2');
    expect(commandForKey(key('KeyN', { altKey: true, shiftKey: true }), 'browser', false)?.id).toBe('session.new');
  });

  it('has a way out of the terminal and back: F6, Shift+F6, Ctrl+`', () => {
    expect(commandForKey(key('F6'), 'browser', false)?.id).toBe('focus.nextRegion');
    expect(commandForKey(key('F6', { shiftKey: true }), 'browser', false)?.id).toBe('focus.previousRegion');
    expect(commandForKey(key('Backquote', { ctrlKey: true }), 'browser', false)?.id).toBe('focus.terminal');
    expect(commandForKey(key('Backquote', { metaKey: true }), 'browser', true)?.id).toBe('focus.terminal');
  });
});

describe('matchesChord', () => {
  it('needs exactly the chord’s modifiers; Mod is Cmd on macOS and Ctrl elsewhere', () => {
    const chord = { code: 'KeyC', mod: true, shift: true };
    expect(matchesChord(key('KeyC', { ctrlKey: true, shiftKey: true }), chord, false)).toBe(true);
    expect(matchesChord(key('KeyC', { ctrlKey: true }), chord, false)).toBe(false);
    expect(matchesChord(key('KeyC', { ctrlKey: true, shiftKey: true, altKey: true }), chord, false)).toBe(false);
    expect(matchesChord(key('KeyC', { metaKey: true, shiftKey: true }), chord, false)).toBe(false);
    expect(matchesChord(key('KeyC', { metaKey: true, shiftKey: true }), chord, true)).toBe(true);
    expect(matchesChord(key('KeyC', { metaKey: true, ctrlKey: true, shiftKey: true }), chord, true)).toBe(false);
  });
});

describe('chordLabel', () => {
  it('reads as the platform writes shortcuts', () => {
    expect(chordLabel({ code: 'KeyN', alt: true, shift: true }, false)).toBe('Alt+Shift+N');
    expect(chordLabel({ code: 'Digit1', mod: true }, false)).toBe('Ctrl+1');
    expect(chordLabel({ code: 'Backquote', mod: true }, false)).toBe('Ctrl+`');
    expect(chordLabel({ code: 'F6', shift: true }, false)).toBe('Shift+F6');
    expect(chordLabel({ code: 'KeyP', mod: true, shift: true }, true)).toBe('⌘⇧P');
  });
});

describe('rankCommands', () => {
  it('matches every word against label and keywords, case-insensitively', () => {
    expect(rankCommands('NEW sess', []).map((c) => c.id)).toEqual(['session.new']);
    expect(rankCommands('clipboard', []).map((c) => c.id)).toEqual(['terminal.copy', 'terminal.paste']);
    expect(rankCommands('no such thing', [])).toEqual([]);
  });

  it('puts recent commands first, most recent first, the rest in table order', () => {
    const all = rankCommands('', ['settings.open', 'task.new']).map((c) => c.id);
    expect(all.slice(0, 2)).toEqual(['settings.open', 'task.new']);
    expect(all.slice(2)).toEqual(COMMANDS.map((c) => c.id).filter((id) => id !== 'settings.open' && id !== 'task.new'));
  });
});

describe('noteRecent', () => {
  it('moves the command to the front without duplicates, capped', () => {
    expect(noteRecent(['task.new', 'settings.open'], 'settings.open')).toEqual(['settings.open', 'task.new']);
    const many = COMMANDS.slice(0, RECENT_COMMANDS_MAX).map((c) => c.id);
    const after = noteRecent(many, 'terminal.clear' as CommandId);
    expect(after).toHaveLength(RECENT_COMMANDS_MAX);
    expect(after[0]).toBe('terminal.clear');
  });
});

describe('nextRegionIndex', () => {
  it('wraps both ways, and enters at either end from outside any region', () => {
    expect(nextRegionIndex(3, 2, 1)).toBe(0);
    expect(nextRegionIndex(3, 0, -1)).toBe(2);
    expect(nextRegionIndex(3, -1, 1)).toBe(0);
    expect(nextRegionIndex(3, -1, -1)).toBe(2);
    expect(nextRegionIndex(0, -1, 1)).toBe(-1);
  });
});
