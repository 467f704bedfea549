import { describe, expect, it } from 'vitest';
import type { ScreenSnapshot } from '../pty/screen-snapshot.js';
import { STRUCTURE_RULES, findMenu, isSpinnerTick, readStructure } from './structure.js';
import { StructureRulesSchema } from './structure-schema.js';
import { parseStty } from './termios.js';
import { parseOsc, TerminalSignalScanner } from './terminal-signals.js';

function snap(lines: string[], cursor: [number, number] = [0, lines.length], extra: Partial<ScreenSnapshot> = {}): ScreenSnapshot {
  return { lines, cursorX: cursor[0], cursorY: cursor[1], alternate: false, ...extra };
}

const still = { still: true };
const moving = { still: false };

describe('choice menus', () => {
  it('a marker glyph on one of several aligned options, outside any box, with description rows between', () => {
    const s = snap(['  Choose how you want to use Codex.', '', '> 1. Sign in with ChatGPT', '     Usage included with Plus plans', '', '  2. Sign in with Device Code', '     Sign in from another device', '', '  3. Sign in another way', '', '  Press enter to continue']);
    const m = findMenu(s, true);
    expect(m).toMatchObject({ options: ['1. Sign in with ChatGPT', '2. Sign in with Device Code', '3. Sign in another way'], selected: 0, how: 'marker', ask: 'Choose how you want to use Codex.' });
    expect(readStructure(s, moving)).toMatchObject({ state: 'waiting', ask: 'Choose how you want to use Codex.', confidence: 'medium' });
  });

  it('inside box borders, not at line start, marked with ●', () => {
    const s = snap([' ╭──────────────────────────────────────────╮', ' │ Do you trust the files in this folder?    │', ' │                                          │', ' │ ● 1. Trust folder (demo)                  │', ' │   2. Trust parent folder (tmp)            │', " │   3. Don't trust                          │", ' ╰──────────────────────────────────────────╯']);
    expect(readStructure(s, moving)).toMatchObject({ state: 'waiting', ask: 'Do you trust the files in this folder?' });
  });

  it('highlighted by inverse video only (no marker)', () => {
    const s = snap(['Pick a theme:', '  Dark', '  Light', '  Solarized'], [0, 4], { styles: ['f0:-1g0:-1', 'f0:-1g0:-1', 'if0:-1g0:-1', 'f0:-1g0:-1'] });
    expect(findMenu(s, false)).toMatchObject({ selected: 1, how: 'style', ask: 'Pick a theme:' });
  });

  it('a different colour alone counts only with a key hint on screen (a coloured line in output is no menu)', () => {
    const styles = ['f0:-1g0:-1', 'f0:-1g0:-1', 'f16777216:2g0:-1', 'f0:-1g0:-1'];
    const s = snap(['Files:', '  alpha.ts', '  beta.ts', '  gamma.ts'], [0, 4], { styles });
    expect(findMenu(s, false)).toBeNull();
    const h = snap(['Files:', '  alpha.ts', '  beta.ts', '  gamma.ts', '', '↑/↓ to move, enter to select'], [0, 6], { styles: [...styles, '', 'f0:-1g0:-1'] });
    expect(readStructure(h, moving)).toMatchObject({ state: 'waiting', reason: expect.stringContaining('by colour') });
  });

  it('what is no option: a key-hint row, a wrapped URL, sentences beside a highlighted heading; a second highlighted row starts another menu', () => {
    // A red error, then "Press any key to retry" in another colour: an error dialog, not a menu.
    const err = snap(['Error during sign-in: request failed', 'login/device/code)', 'Press any key to retry'], [0, 3], { styles: ['f1:9g0:-1', 'f1:9g0:-1', 'f0:-1g0:-1'] });
    expect(findMenu(err, true)).toBeNull();
    expect(readStructure(err, moving)).toMatchObject({ state: 'waiting', reason: expect.stringMatching(/^error dialog/), ask: 'Error during sign-in: request failed' });
    // A sign-in URL wrapped over coloured rows, under a key hint.
    const url = snap(['  Finish signing in via your browser', '', '  https://auth.example.com/oauth/authorize?response_type=code&client_id=app', 'redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback', '', '  Press esc to cancel'], [0, 6], { styles: ['f0:-1g0:-1', '', 'f1:6g0:-1', 'f1:6g0:-1', '', 'df0:-1g0:-1'] });
    expect(findMenu(url, true)).toBeNull();
    // A page heading drawn like a selection, prose under it: no menu.
    const page = snap(['  Welcome to the tool', '', '> Use your own API key for billing', '', '  Paste or type your API key below.', '', '  Press enter to save']);
    expect(findMenu(page, true)).toBeNull();
    // The same heading above a real menu: the menu is found, titled by the line above it.
    const two = snap(['  Welcome to the tool', '', '> Set up the cloud provider', '', '  No credentials found.', '  Choose how you authenticate.', '', '> 1. A profile', '', '  2. Access keys', '', '  Press enter to continue']);
    expect(findMenu(two, true)).toMatchObject({ options: ['1. A profile', '2. Access keys'], selected: 0, ask: 'Choose how you authenticate.' });
  });

  it('quoted text where every row carries the marker is no menu; one marked line alone is no menu', () => {
    expect(findMenu(snap(['> first quoted line', '> second quoted line']), false)).toBeNull();
    expect(findMenu(snap(['│ >   Type your message or @path/to/file │']), false)).toBeNull();
  });
});

describe('key hints, busy markers, fields, wording', () => {
  it.each([
    ['Use ↑/↓ to choose', 'arrow-key hint'],
    ['Enter to confirm · Esc to cancel', 'Enter hint'],
    ['Press Enter to continue', 'press Enter'],
    ['Esc to go back', 'Esc hint'],
    ['Overwrite? [y/N]', 'yes/no'],
    ['Apply edit? (Y)es/(N)o', 'yes/no'],
  ])('%s → waiting (%s)', (line, label) => {
    expect(readStructure(snap(['some output', line], [0, 2]), moving)).toMatchObject({ state: 'waiting', reason: expect.stringContaining(label) });
  });

  it('an error line with a key hint is an error dialog, asking with the error line', () => {
    expect(readStructure(snap(['Error: could not reach the server', '', 'Press Enter to retry'], [0, 3]), moving)).toMatchObject({ state: 'waiting', reason: expect.stringMatching(/^error dialog/), ask: 'Error: could not reach the server' });
  });

  it('busy markers are working; a hint typed into the input box is the person\u2019s, not the program\u2019s', () => {
    expect(readStructure(snap(['✻ Thinking… (esc to interrupt)', '> '], [2, 1]), moving)).toMatchObject({ state: 'working' });
    expect(readStructure(snap(['Request failed, retrying in 5s'], [0, 1]), moving)).toMatchObject({ state: 'working', reason: 'retrying' });
    expect(readStructure(snap(['done', '> what does press enter to continue mean'], [40, 1]), moving)).toBeNull();
  });

  it('on a still screen only: a label ending in ":" or "?" at the cursor, a secret placeholder, sign-in / trust wording', () => {
    const label = snap(['Project name: '], [14, 0]);
    expect(readStructure(label, moving)).toBeNull();
    expect(readStructure(label, still)).toMatchObject({ state: 'waiting', reason: 'input field: "Project name:"', confidence: 'low' });
    const key = snap(['Enter your API key', '> sk-…paste here'], [2, 1], { cursorStyle: 'df0:-1g0:-1' });
    expect(readStructure(key, still)).toMatchObject({ state: 'waiting', reason: expect.stringMatching(/^input field with placeholder/) });
    const chat = snap(['> Type your message'], [2, 0], { cursorStyle: 'df0:-1g0:-1' });
    expect(readStructure(chat, still)).toMatchObject({ state: 'idle' });
    expect(readStructure(snap(['You are not logged in.', 'Run /login to sign in.', ''], [0, 2]), still)).toMatchObject({ state: 'waiting', reason: expect.stringMatching(/^sign-in wording/) });
    expect(readStructure(snap(['Do you want to trust this folder', ''], [0, 1]), still)).toMatchObject({ state: 'waiting', reason: expect.stringMatching(/^trust wording/) });
  });

  it('a key hint in a dialog asks with the dialog\u2019s title; a spinner frame is not part of what is asked; block art is no placeholder', () => {
    const dialog = snap([' ╭────────────────────────────╮', ' │ Enter the API key          │', ' │ ╭────────────────────────╮ │', ' │ │ Paste your key here    │ │', ' │ ╰────────────────────────╯ │', ' │ (Press Enter to submit)    │', ' ╰────────────────────────────╯'], [0, 7]);
    expect(readStructure(dialog, moving)).toMatchObject({ state: 'waiting', ask: 'Enter the API key' });
    expect(readStructure(snap(['Opening your browser to sign in.', '', '◎ Waiting for authorization in your browser...'], [2, 2], { cursorStyle: 'f2:9541793g0:-1' }), still)).toMatchObject({ state: 'waiting', ask: 'Waiting for authorization in your browser...' });
    const art = snap(['   ▄▀▀▀▀▀▀▀▀▄▄▄▀▀▀▀▀▀▄', '  ▄▀▀▀▀▀▀▀▀▀▀▀▀     ▀▀▀▀▀▄'], [2, 1], { cursorHidden: true, cursorStyle: 'f2:279177g2:279177' });
    expect(readStructure(art, still)).toBeNull();
  });

  describe('the asked line of a page whose key hint has no question beside it and no dialog title', () => {
    const faint = 'df0:-1g0:-1';
    const plain = 'f0:-1g0:-1';

    it('a hint-only screen: the hint is what is asked (output above it names nothing)', () => {
      expect(readStructure(snap(['some output', 'Press Enter to continue'], [0, 2]), moving)).toMatchObject({ state: 'waiting', ask: 'Press Enter to continue' });
      expect(readStructure(snap(['  Installing…', '  12 packages added', '', '  Press any key to exit'], [0, 4]), moving)).toMatchObject({ ask: 'Press any key to exit' });
    });

    it('the label above an empty input field, past a faint placeholder and the field\u2019s titled edge', () => {
      const s = snap(
        ['  Deploy tool', '', '  Type the name of the new environment.', '', '╭Name──────────────────╮', '│e.g. staging          │', '╰──────────────────────╯', '  Press enter to save', '  Esc to go back'],
        [0, 8],
        { styles: [plain, '', plain, '', plain, faint, '', faint, faint] },
      );
      expect(readStructure(s, moving)).toMatchObject({ state: 'waiting', ask: 'Type the name of the new environment.' });
      // A box holding ordinary text (a log, a preview) is no field: nothing above it becomes its label.
      const shown = snap(['  Deploy tool', '', '  Release notes', '╭──────────────────────╮', '│Fixed the login bug   │', '╰──────────────────────╯', '  Press enter to continue'], [0, 7], { styles: [plain, '', plain, plain, plain, '', faint] });
      expect(readStructure(shown, moving)).toMatchObject({ ask: 'Press enter to continue' });
    });

    it('a question further up than the last rows (a wrapped code between), a named sign-in heading past key instructions and URLs', () => {
      const code = 'a1b2c3d4e5f6'.repeat(5);
      const q = snap(['  Keep the generated lockfile?', '', `  ${code}`, code, code, code, code, '', '  [y/N]'], [0, 9]);
      expect(readStructure(q, moving)).toMatchObject({ state: 'waiting', ask: 'Keep the generated lockfile?' });
      const page = snap([
        '  Welcome to the tool',
        '',
        '  Log in with your browser',
        '',
        '  If nothing opens, press c to copy the link:',
        '',
        '  https://login.example.com/authorize?response_type=code&client_id=abcdef0123456789',
        'redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fcallback&state=0123456789abcdef',
        '',
        '  No browser here? Press esc and choose Log in with a code.',
        '',
        '  Press esc to cancel',
      ], [0, 12]);
      expect(readStructure(page, moving)).toMatchObject({ state: 'waiting', reason: expect.stringContaining('Esc hint'), ask: 'Log in with your browser' });
    });

    it('inside a dialog without a title row, the walk stays in the dialog; a heading above a menu stays the menu\u2019s title', () => {
      // The dialog's top edge scrolled off: its rows are read, the question above it is not.
      const cut = snap(
        ['Log in again?', '│ Paste the API key from your account page.   │', '│ It is kept in the system keychain.          │', '│ It never leaves this machine.               │', '│ You can change it later.                    │', '│                                             │', '│ Enter to submit · Esc to cancel             │', '╰─────────────────────────────────────────────╯'],
        [0, 8],
      );
      expect(readStructure(cut, moving)).toMatchObject({ state: 'waiting', ask: 'Paste the API key from your account page.' });
      const menu = snap(['  Sign in', '', '  Choose a way to sign in:', '', '> 1. Browser', '  2. Device code', '', '  Press enter to continue']);
      expect(readStructure(menu, moving)).toMatchObject({ state: 'waiting', reason: expect.stringMatching(/^choice menu/), ask: 'Choose a way to sign in:' });
    });
  });

  it('echo off in canonical mode is a hidden-input prompt (getpass, read -s); raw mode is not', () => {
    const s = snap(['[sudo] password for dev: '], [25, 0]);
    expect(readStructure(s, { still: true, input: { echo: false, canonical: true } })).toMatchObject({ state: 'waiting', confidence: 'high', ask: '[sudo] password for dev:' });
    expect(readStructure(snap(['$ '], [2, 0]), { still: true, input: { echo: false, canonical: false } })).toBeNull();
  });
});

describe('spinner ticks', () => {
  it('frames changing in place (with a counter) are a tick; text changing is not; identical screens are not', () => {
    const a = snap(['⠋ Working (3s)', 'log line']);
    expect(isSpinnerTick(a, snap(['⠙ Working (4s)', 'log line']))).toBe(true);
    expect(isSpinnerTick(snap(['| building']), snap(['/ building']))).toBe(true);
    expect(isSpinnerTick(snap(['⠹ Working (9s)']), snap(['⠸ Working (10s)']))).toBe(true);
    expect(isSpinnerTick(a, snap(['⠙ Reading (4s)', 'log line']))).toBe(false);
    expect(isSpinnerTick(a, snap(['⠋ Working (4s)', 'log line']))).toBe(false);
    expect(isSpinnerTick(a, a)).toBe(false);
    // A progress counter counting in place; a clock or other figure alone is not.
    expect(isSpinnerTick(snap(['Downloading 41%']), snap(['Downloading 42%']))).toBe(true);
    expect(isSpinnerTick(snap(['files 12/40']), snap(['files 13/40']))).toBe(true);
    expect(isSpinnerTick(snap(['12:01 ready']), snap(['12:02 ready']))).toBe(false);
  });
});

describe('data and parsers', () => {
  it('structure.json passes its schema; a bad regex is refused with the field named', () => {
    expect(StructureRulesSchema.parse(STRUCTURE_RULES)).toEqual(STRUCTURE_RULES);
    const bad = StructureRulesSchema.safeParse({ ...STRUCTURE_RULES, busy: [{ re: '(', label: 'x' }] });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('not a valid regular expression');
  });

  it('stty -a output gives echo and icanon', () => {
    expect(parseStty('speed 38400 baud; rows 24;\nlflags: isig icanon iexten -echo echoe')).toEqual({ echo: false, canonical: true });
    expect(parseStty('isig -icanon iexten echo echoe')).toEqual({ echo: true, canonical: false });
    expect(parseStty('nothing here')).toBeNull();
  });

  it('OSC payloads and a scanner that joins sequences split across chunks and ignores BEL inside strings', () => {
    expect(parseOsc('133;D;127')).toEqual({ kind: 'done', exitCode: 127 });
    expect(parseOsc('133;D')).toEqual({ kind: 'done', exitCode: null });
    expect(parseOsc('9;4;1;50')).toEqual({ kind: 'progress' });
    expect(parseOsc('0;title')).toBeNull();
    const sc = new TerminalSignalScanner();
    expect(sc.scan('out\x1b]13')).toEqual([]);
    expect(sc.scan('3;C\x07more\x1b]0;a title\x07\x07')).toEqual([{ kind: 'command' }, { kind: 'bell' }]);
    expect(sc.scan('\x1bPq#0\x07\x1b\\')).toEqual([]);
  });
});
