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
