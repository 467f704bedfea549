/**
 * Every action of the cockpit with its keyboard shortcut, as data: the command palette,
 * the shortcuts help and the global key listener all read this one table.
 *
 * Two keymaps, because the host reserves different keys:
 * - `browser` (browser mode): browsers keep Ctrl+Shift+N (private window), Ctrl+Shift+T
 *   (reopen tab), Ctrl+T/W/N and Ctrl+1..8 (and Alt+1..8 on Linux) for tab switching, and
 *   a page cannot take them back; these commands use Alt+Shift instead.
 * - `desktop` (the Electron app): no tab strip, so the usual Ctrl/Cmd+Shift+N,
 *   Ctrl/Cmd+Shift+T and Ctrl/Cmd+1..3 are free.
 * Keys are matched by `KeyboardEvent.code` (the physical key), so keyboard layouts and
 * Alt/Option producing other characters do not change them. "Mod" is Cmd on macOS, Ctrl
 * elsewhere. Pure: no DOM, unit-tested.
 */

/** Which host the page runs in. */
export type Keymap = 'browser' | 'desktop';

/** One key combination. `code` is a `KeyboardEvent.code` such as `KeyN`, `Digit1`, `F6`, `Backquote`. */
export interface KeyChord {
  code: string;
  /** Cmd on macOS, Ctrl elsewhere. */
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

/** Where a command acts: the whole window, or the focused terminal (its own key handler runs it). */
export type CommandScope = 'global' | 'terminal';

/** Groups of the shortcuts help, in display order. */
export const COMMAND_GROUPS = ['General', 'Focus', 'Consoles', 'Terminal'] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** One action. `keys[keymap]` lists its chords, the first one shown; empty = palette only. */
export interface CommandDef {
  id: CommandId;
  label: string;
  group: CommandGroup;
  scope: CommandScope;
  keys: Record<Keymap, readonly KeyChord[]>;
  /** Extra words the palette matches (synonyms). */
  keywords?: string;
}

/** Every command id. */
export type CommandId =
  | 'palette.open'
  | 'help.shortcuts'
  | 'session.new'
  | 'task.new'
  | 'settings.open'
  | 'view.consoles'
  | 'view.tasks'
  | 'view.dashboard'
  | 'theme.toggle'
  | 'notifications.toggle'
  | 'focus.nextRegion'
  | 'focus.previousRegion'
  | 'focus.terminal'
  | 'focus.sidebar'
  | 'focus.topBar'
  | 'sidebar.toggle'
  | 'console.equalWidths'
  | 'console.focus1'
  | 'console.focus2'
  | 'console.focus3'
  | 'console.maximize'
  | 'console.close'
  | 'terminal.find'
  | 'terminal.copy'
  | 'terminal.paste'
  | 'terminal.selectAll'
  | 'terminal.clear';

const same = (...chords: KeyChord[]): Record<Keymap, readonly KeyChord[]> => ({ browser: chords, desktop: chords });
const none = same();
const digit = (n: number): Record<Keymap, readonly KeyChord[]> => ({
  browser: [{ code: `Digit${n}`, alt: true, shift: true }],
  desktop: [{ code: `Digit${n}`, mod: true }],
});

/** The command table, in the palette's default order. */
export const COMMANDS: readonly CommandDef[] = [
  { id: 'palette.open', label: 'Command palette', group: 'General', scope: 'global', keys: same({ code: 'KeyP', mod: true, shift: true }, { code: 'F1' }), keywords: 'commands actions' },
  { id: 'help.shortcuts', label: 'Keyboard shortcuts', group: 'General', scope: 'global', keys: same({ code: 'Slash', mod: true }, { code: 'F1', shift: true }), keywords: 'help keys' },
  {
    id: 'session.new',
    label: 'New session',
    group: 'General',
    scope: 'global',
    keys: { browser: [{ code: 'KeyN', alt: true, shift: true }], desktop: [{ code: 'KeyN', mod: true, shift: true }] },
    keywords: 'start agent shell',
  },
  {
    id: 'task.new',
    label: 'New task',
    group: 'General',
    scope: 'global',
    keys: { browser: [{ code: 'KeyT', alt: true, shift: true }], desktop: [{ code: 'KeyT', mod: true, shift: true }] },
    keywords: 'orchestrator compose',
  },
  { id: 'settings.open', label: 'Settings', group: 'General', scope: 'global', keys: same({ code: 'Comma', mod: true }), keywords: 'preferences options' },
  { id: 'view.consoles', label: 'Show consoles', group: 'General', scope: 'global', keys: none, keywords: 'view terminals' },
  { id: 'view.tasks', label: 'Show tasks', group: 'General', scope: 'global', keys: none, keywords: 'view board' },
  { id: 'view.dashboard', label: 'Show usage and metrics', group: 'General', scope: 'global', keys: none, keywords: 'dashboard cost tokens metrics chart csv' },
  { id: 'theme.toggle', label: 'Switch light / dark theme', group: 'General', scope: 'global', keys: none, keywords: 'colour color dark light' },
  { id: 'notifications.toggle', label: 'Turn notifications on / off', group: 'General', scope: 'global', keys: none, keywords: 'bell alerts' },
  { id: 'focus.nextRegion', label: 'Focus the next region', group: 'Focus', scope: 'global', keys: same({ code: 'F6' }), keywords: 'leave terminal cycle' },
  { id: 'focus.previousRegion', label: 'Focus the previous region', group: 'Focus', scope: 'global', keys: same({ code: 'F6', shift: true }), keywords: 'cycle back' },
  { id: 'focus.terminal', label: 'Focus the terminal', group: 'Focus', scope: 'global', keys: same({ code: 'Backquote', mod: true }), keywords: 'return console' },
  { id: 'focus.sidebar', label: 'Focus the sidebar', group: 'Focus', scope: 'global', keys: none, keywords: 'projects sessions' },
  { id: 'focus.topBar', label: 'Focus the top bar', group: 'Focus', scope: 'global', keys: none, keywords: 'toolbar' },
  // Ctrl+B belongs to the program in the terminal (tmux's prefix, readline's back-char).
  { id: 'sidebar.toggle', label: 'Collapse or expand the sidebar', group: 'General', scope: 'global', keys: same({ code: 'KeyB', alt: true, shift: true }), keywords: 'hide show panel projects' },
  { id: 'console.focus1', label: 'Focus console 1', group: 'Consoles', scope: 'global', keys: digit(1) },
  { id: 'console.focus2', label: 'Focus console 2', group: 'Consoles', scope: 'global', keys: digit(2) },
  { id: 'console.focus3', label: 'Focus console 3', group: 'Consoles', scope: 'global', keys: digit(3) },
  { id: 'console.maximize', label: 'Maximize or restore the console', group: 'Consoles', scope: 'global', keys: none, keywords: 'zoom full' },
  { id: 'console.equalWidths', label: 'Give every console the same width', group: 'Consoles', scope: 'global', keys: none, keywords: 'resize reset split layout' },
  { id: 'console.close', label: 'Close the console (the session keeps running)', group: 'Consoles', scope: 'global', keys: none, keywords: 'hide' },
  { id: 'terminal.find', label: 'Find in the terminal', group: 'Terminal', scope: 'global', keys: same({ code: 'KeyF', mod: true, shift: true }), keywords: 'search' },
  {
    id: 'terminal.copy',
    label: 'Copy the selection',
    group: 'Terminal',
    scope: 'terminal',
    keys: same({ code: 'KeyC', mod: true, shift: true }, { code: 'Insert', mod: true }),
    keywords: 'clipboard',
  },
  {
    id: 'terminal.paste',
    label: 'Paste',
    group: 'Terminal',
    scope: 'terminal',
    keys: same({ code: 'KeyV', mod: true, shift: true }, { code: 'Insert', shift: true }),
    keywords: 'clipboard',
  },
  // Chrome keeps Ctrl+Shift+A (tab search) for itself.
  {
    id: 'terminal.selectAll',
    label: 'Select all in the terminal',
    group: 'Terminal',
    scope: 'terminal',
    keys: { browser: [], desktop: [{ code: 'KeyA', mod: true, shift: true }] },
  },
  { id: 'terminal.clear', label: 'Clear the terminal', group: 'Terminal', scope: 'terminal', keys: none, keywords: 'reset scrollback' },
];

/** The keyboard state a chord is matched against (a `KeyboardEvent` fits). */
export interface KeyState {
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** True when `e` is exactly `chord` (no extra modifier). Mod is Cmd on macOS, Ctrl elsewhere. */
export function matchesChord(e: KeyState, chord: KeyChord, mac: boolean): boolean {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const other = mac ? e.ctrlKey : e.metaKey;
  return e.code === chord.code && mod === !!chord.mod && !other && e.shiftKey === !!chord.shift && e.altKey === !!chord.alt;
}

/** The command whose chord `e` is in this keymap, or null. */
export function commandForKey(e: KeyState, keymap: Keymap, mac: boolean, commands: readonly CommandDef[] = COMMANDS): CommandDef | null {
  return commands.find((c) => c.keys[keymap].some((k) => matchesChord(e, k, mac))) ?? null;
}

const KEY_NAMES: Record<string, string> = { Backquote: '`', Comma: ',', Slash: '/', Insert: 'Insert', Escape: 'Esc' };

/** A chord as the user reads it: `Ctrl+Shift+N`, `Alt+Shift+1`, `F6`; on macOS `⌘⇧N`, `⌥⇧1`. */
export function chordLabel(chord: KeyChord, mac: boolean): string {
  const key = KEY_NAMES[chord.code] ?? chord.code.replace(/^(Key|Digit)/, '');
  if (mac) return `${chord.mod ? '⌘' : ''}${chord.alt ? '⌥' : ''}${chord.shift ? '⇧' : ''}${key}`;
  return [chord.mod ? 'Ctrl' : '', chord.alt ? 'Alt' : '', chord.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}

/** The label of a command's first chord in this keymap; '' when it has none. */
export function shortcutOf(id: CommandId, keymap: Keymap, mac: boolean): string {
  const chord = COMMANDS.find((c) => c.id === id)?.keys[keymap][0];
  return chord ? chordLabel(chord, mac) : '';
}

/**
 * The palette's list for a query: commands whose label or keywords contain every word of
 * the query (case-insensitive), those in `recent` (most recent first) ahead of the rest,
 * the rest in table order.
 */
export function rankCommands(query: string, recent: readonly CommandId[], commands: readonly CommandDef[] = COMMANDS): CommandDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = commands.filter((c) => {
    const hay = `${c.label} ${c.keywords ?? ''} ${c.group}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const rank = (c: CommandDef) => {
    const i = recent.indexOf(c.id);
    return i < 0 ? recent.length : i;
  };
  return hits.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
}

/** At most this many recently run commands are remembered. */
export const RECENT_COMMANDS_MAX = 8;

/** `recent` with `id` moved to the front, capped at {@link RECENT_COMMANDS_MAX}. */
export function noteRecent(recent: readonly CommandId[], id: CommandId): CommandId[] {
  return [id, ...recent.filter((x) => x !== id)].slice(0, RECENT_COMMANDS_MAX);
}
