import structureFile from './structure.json' with { type: 'json' };
import { isHighlightStyle, type ScreenSnapshot } from '../pty/screen-snapshot.js';
import { patternFlags, StructureRulesSchema, type LabelledPattern, type StructureRules } from './structure-schema.js';
import type { Confidence, VerdictState } from './status-types.js';

/** What the structure of one screen says, with the line that asks (a menu's title, a question) when there is one. */
export interface StructureVerdict {
  state: VerdictState;
  reason: string;
  /** What the screen asks the person, in their words (≤ {@link ASK_CHARS} chars), or null. */
  ask: string | null;
  confidence: Confidence;
}

/** The PTY's input mode as termios reports it: `echo` (ECHO) and `canonical` (ICANON). */
export interface InputMode {
  echo: boolean;
  canonical: boolean;
}

/** Longest asked line quoted in a reason or notification. */
export const ASK_CHARS = 100;

interface Compiled {
  rules: StructureRules;
  markers: Set<string>;
  borderLeft: RegExp;
  borderRight: RegExp;
  keyHints: { re: RegExp; label: string }[];
  keyInstruction: RegExp;
  busy: { re: RegExp; label: string }[];
  spinner: Set<string>;
  errorWords: RegExp;
  attention: { re: RegExp; label: string }[];
  secretWords: RegExp;
}

function compile(rules: StructureRules): Compiled {
  const re = (p: LabelledPattern) => ({ re: new RegExp(p.re, patternFlags(p.flags)), label: p.label });
  const b = [...rules.borders].map((c) => c.replace(/[\\\]^-]/g, '\\$&')).join('');
  return {
    rules,
    markers: new Set([...rules.markers]),
    borderLeft: new RegExp(`^\\s*[${b}]`, 'u'),
    borderRight: new RegExp(`[${b}]\\s*$`, 'u'),
    keyHints: rules.keyHints.map(re),
    keyInstruction: re(rules.keyInstruction).re,
    busy: rules.busy.map(re),
    spinner: new Set([...rules.spinnerGlyphs]),
    errorWords: re(rules.errorWords).re,
    attention: rules.attention.map(re),
    secretWords: re(rules.secretWords).re,
  };
}

/** The built-in vocabulary (structure.json), checked by {@link StructureRulesSchema} at load. */
export const STRUCTURE_RULES: StructureRules = StructureRulesSchema.parse(structureFile);
const DEFAULT = compile(STRUCTURE_RULES);

/**
 * A row with box borders removed: the text between `│ … │` (or the row itself), and the
 * column offset of that text in the row (string indices).
 */
function inner(row: string, c: Compiled): string {
  let s = row;
  const l = c.borderLeft.exec(s);
  if (l) s = ' '.repeat(l[0].length) + s.slice(l[0].length);
  const r = c.borderRight.exec(s);
  if (r && r.index > 0) s = s.slice(0, r.index);
  return s.trimEnd();
}

/** One row read as a possible menu option. */
interface OptionRow {
  row: number;
  /** Column where the option's text starts (after the marker, if any). */
  col: number;
  marked: boolean;
  text: string;
}

const OPTION_START = /^(?:[\p{L}\p{N}]|\[[ xX✓✔*]?\]|\([ xX*•]?\)|[○◯◻☐])/u;

/** Longest run without a blank an option's text may be: longer ones are URLs, paths or codes wrapped over rows. */
const OPTION_WORD_CHARS = 40;
const LONG_WORD = new RegExp(`\\S{${OPTION_WORD_CHARS + 1}}`, 'u');

function optionRow(text: string, row: number, c: Compiled): OptionRow | null {
  // A key hint ("Press any key to retry", "↑/↓ to navigate") tells how to answer: it is no option.
  if (c.keyHints.some((h) => h.re.test(text))) return null;
  if (LONG_WORD.test(text)) return null;
  const m = /^(\s*)(\S)(\s+)(.*)$/u.exec(text);
  if (m) {
    const [, lead, first, gap, rest] = m as unknown as [string, string, string, string, string];
    if (c.markers.has(first) && rest && OPTION_START.test(rest)) {
      return { row, col: lead.length + first.length + gap.length, marked: true, text: rest };
    }
  }
  const body = text.trimStart();
  if (!OPTION_START.test(body)) return null;
  return { row, col: text.length - body.length, marked: false, text: body };
}

/** A menu found on a screen: its options, which is highlighted and how, and its title line. */
export interface FoundMenu {
  options: string[];
  selected: number;
  how: 'marker' | 'style';
  ask: string | null;
}

/**
 * Finds the lowest choice menu on the screen: two or more option rows starting at one column
 * (inside or outside box borders, anywhere on the row), exactly one of them highlighted —
 * by a marker glyph before it (❯ › > ● → ▸ …), or by a style (inverse, a background colour,
 * or with a key hint on screen any different look) that no sibling shares. Rows indented
 * deeper between options are their descriptions; one blank row may separate options.
 * Pure: reads only `snap`.
 */
export function findMenu(snap: ScreenSnapshot, hint: boolean, c: Compiled = DEFAULT): FoundMenu | null {
  const rows = snap.lines.map((l) => inner(l, c));
  let found: FoundMenu | null = null;
  let i = 0;
  while (i < rows.length) {
    const first = optionRow(rows[i]!, i, c);
    if (!first) {
      i++;
      continue;
    }
    const group: OptionRow[] = [first];
    let j = i + 1;
    let blanks = 0;
    for (; j < rows.length; j++) {
      const t = rows[j]!;
      if (t.trim() === '') {
        if (++blanks > 1) break;
        continue;
      }
      const o = optionRow(t, j, c);
      const indent = t.length - t.trimStart().length;
      if (o && o.col === first.col) {
        // A second highlighted row belongs to another menu (a page's heading drawn like a selection above it).
        if (o.marked && group.some((g) => g.marked)) break;
        group.push(o);
        blanks = 0;
        continue;
      }
      // A description: indented deeper than the options' text, not marked.
      if (indent > first.col && !(o && o.marked)) {
        blanks = 0;
        continue;
      }
      break;
    }
    const menu = judge(group, snap, rows, hint);
    if (menu) found = menu;
    i = group.length > 1 ? j : i + 1;
  }
  return found;
}

function judge(group: OptionRow[], snap: ScreenSnapshot, rows: string[], hint: boolean): FoundMenu | null {
  if (group.length < 2) return null;
  const marked = group.filter((o) => o.marked);
  let selected = -1;
  let how: FoundMenu['how'] = 'marker';
  if (marked.length === 1) selected = group.indexOf(marked[0]!);
  else if (marked.length === 0 && snap.styles) {
    const styles = group.map((o) => snap.styles![o.row] ?? '');
    const odd = styles.filter((s) => styles.filter((t) => t === s).length === 1);
    const common = styles.find((s) => styles.filter((t) => t === s).length > 1);
    if (odd.length === 1 && common !== undefined && styles.every((s) => s === odd[0] || s === common) && (isHighlightStyle(odd[0]!) || hint)) {
      selected = styles.indexOf(odd[0]!);
      how = 'style';
    }
  }
  if (selected < 0) return null;
  // The options are the evenly spaced run around the highlighted one (a title or footer at the
  // same column sits at another distance); numbered options keep only numbered siblings.
  let run = group;
  if (/^\d+[.)]/.test(group[selected]!.text)) run = group.filter((o) => /^\d+[.)]/.test(o.text));
  const at = run.indexOf(group[selected]!);
  const prevGap = at > 0 ? run[at]!.row - run[at - 1]!.row : Infinity;
  const nextGap = at < run.length - 1 ? run[at + 1]!.row - run[at]!.row : Infinity;
  const gap = Math.min(prevGap, nextGap);
  if (gap === Infinity) return null;
  let lo = at;
  let hi = at;
  while (lo > 0 && run[lo]!.row - run[lo - 1]!.row === gap) lo--;
  while (hi < run.length - 1 && run[hi + 1]!.row - run[hi]!.row === gap) hi++;
  const options = run.slice(lo, hi + 1);
  if (options.length < 2) return null;
  // Unnumbered rows that end a sentence are a page's prose beside a highlighted heading, not options.
  if (!/^\d+[.)]/.test(group[selected]!.text) && options.some((o) => /\p{L}\.$/u.test(o.text))) return null;
  return { options: options.map((o) => o.text), selected: at - lo, how, ask: titleAbove(rows, options[0]!.row) };
}

/**
 * The menu's title: the nearest line ending in "?" within {@link TITLE_ROWS} rows above the
 * options, else the nearest ending in ":", else the nearest text line.
 */
function titleAbove(rows: string[], top: number): string | null {
  let nearest: string | null = null;
  let colon: string | null = null;
  for (let r = top - 1; r >= Math.max(0, top - TITLE_ROWS); r--) {
    const t = rows[r]!.trim();
    if (!t || !/[\p{L}\p{N}]/u.test(t)) continue;
    if (/\?\s*$/.test(t)) return clip(t);
    if (/:\s*$/.test(t)) colon ??= clip(t);
    nearest ??= clip(t);
  }
  return colon ?? nearest;
}

/** A spinner frame or bullet drawn before a status line ("⠋ Waiting for …", "◎ Waiting …"): not part of what is asked. */
const SPINNER_LEAD = new RegExp(`^[${[...STRUCTURE_RULES.spinnerGlyphs].filter((g) => /[^\p{L}\p{N}\-|/\\]/u.test(g)).map((g) => g.replace(/[\]^]/g, '\\$&')).join('')}]\\s+(?=\\p{L})`, 'u');

/** How far above a menu its title is looked for (rows): dialogs put a paragraph between them. */
export const TITLE_ROWS = 12;

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim().replace(SPINNER_LEAD, '');
  return one.length > ASK_CHARS ? one.slice(0, ASK_CHARS - 1) + '…' : one;
}

function firstHit(list: { re: RegExp; label: string }[], text: string): { label: string; line: string } | null {
  for (const p of list) {
    const m = p.re.exec(text);
    if (m) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      const end = text.indexOf('\n', m.index);
      return { label: p.label, line: text.slice(start, end < 0 ? undefined : end).trim() };
    }
  }
  return null;
}

/** Options of {@link readStructure}. */
export interface StructureContext {
  /** True when the screen has been still for the debounce: weak evidence (wording, a label at the cursor) is read only then. */
  still: boolean;
  /** The PTY's termios input mode, when known. */
  input?: InputMode | null;
  /** Look only for a choice menu. */
  only?: 'menu';
}

/** Key hints and busy markers are looked for in this many non-empty bottom rows (older ones are history). */
export const HINT_ROWS = 6;

/**
 * Reads a screen's structure, for any program, beneath a profile's own patterns. Strongest
 * first: echo off in canonical mode (a password or key prompt: readline-less `read -s`,
 * getpass — TUIs in raw mode turn off ICANON too, so they do not count); a choice menu; a busy
 * marker; a key hint (with an error line: an error dialog; else asking with a question line
 * near it, the title of its dialog box, or what the page above it asks: {@link pageAsk}); then,
 * on a still screen only, an
 * input field (the cursor right after a label ending in `:` or `?`, or on a dim placeholder),
 * and sign-in / credentials / trust wording. Null when nothing is recognised.
 * Pure: reads only its arguments.
 */
export function readStructure(snap: ScreenSnapshot, ctx: StructureContext, c: Compiled = DEFAULT): StructureVerdict | null {
  const cursorLine = inner(snap.lines[snap.cursorY] ?? '', c);
  const beforeCursor = cursorLine.slice(0, snap.cursorX).trim();
  if (ctx.input && !ctx.input.echo && ctx.input.canonical) {
    const ask = beforeCursor || lastText(snap, c);
    return { state: 'waiting', reason: `hidden input (terminal echo off)${ask ? `: "${clip(ask)}"` : ''}`, ask: ask ? clip(ask) : 'hidden input (password or key)', confidence: 'high' };
  }
  // An input box's line (the cursor row inside borders or after a prompt glyph) holds what the
  // person typed: hints and busy words there are theirs, not the program's.
  const typedRow = c.borderLeft.test(snap.lines[snap.cursorY] ?? '') || c.markers.has(cursorLine.trimStart()[0] ?? '') ? snap.cursorY : -1;
  const tail = snap.lines
    .map((l, r) => (r === typedRow ? '' : inner(l, c)))
    .filter((l) => l.trim())
    .slice(-HINT_ROWS)
    .join('\n');
  const hint = firstHit(c.keyHints, tail);
  const menu = findMenu(snap, hint !== null, c);
  if (ctx.only === 'menu' && !menu) return null;
  if (menu) {
    const opt = menu.options[menu.selected]!;
    const reason = `choice menu, ${menu.options.length} options, "${clip(opt).slice(0, 40)}" highlighted${menu.how === 'style' ? ' by colour' : ''}`;
    return { state: 'waiting', reason: menu.ask ? `${reason}: "${menu.ask}"` : reason, ask: menu.ask ?? `choose: ${clip(opt)}`, confidence: 'medium' };
  }
  const busy = firstHit(c.busy, tail);
  if (busy) return { state: 'working', reason: busy.label, ask: null, confidence: 'medium' };
  if (hint) {
    const err = c.errorWords.exec(tail);
    if (err) {
      const line = tail.split('\n').find((l) => c.errorWords.test(l))!.trim();
      return { state: 'waiting', reason: `error dialog with ${hint.label}: "${clip(line)}"`, ask: clip(line), confidence: 'medium' };
    }
    const ask = questionLine(tail) ?? dialogTitle(snap, hint.line, c) ?? pageAsk(snap, hint.line, typedRow, c) ?? hint.line;
    return { state: 'waiting', reason: `${hint.label} ("${clip(hint.line)}")`, ask: clip(ask), confidence: 'medium' };
  }
  if (!ctx.still) return null;
  if (/[\p{L}\p{N})\]]\s*[:?]$/u.test(beforeCursor) && cursorLine.slice(snap.cursorX).trim() === '') {
    return { state: 'waiting', reason: `input field: "${clip(beforeCursor)}"`, ask: clip(beforeCursor), confidence: 'low' };
  }
  const underCursor = cursorLine.slice(snap.cursorX).trim();
  const promptLike = beforeCursor === '' || /[^\p{L}\p{N}\s]$/u.test(beforeCursor);
  const placeholderLook = !!snap.cursorStyle && (/^i?b?d/.test(snap.cursorStyle) || !/f0:/.test(snap.cursorStyle));
  // A placeholder is words ("Type your message"); block or line art under a hidden cursor is a banner.
  if (underCursor && /\p{L}/u.test(underCursor) && placeholderLook && promptLike) {
    const field = clip(`${beforeCursor} ${underCursor}`.trim());
    if (c.secretWords.test(field) || c.attention.some((a) => a.re.test(tail))) {
      return { state: 'waiting', reason: `input field with placeholder: "${field}"`, ask: field, confidence: 'low' };
    }
    return { state: 'idle', reason: `input box with placeholder: "${field}"`, ask: null, confidence: 'low' };
  }
  const words = firstHit(c.attention, tail);
  if (words) return { state: 'waiting', reason: `${words.label} wording: "${clip(words.line)}"`, ask: clip(questionLine(tail) ?? words.line), confidence: 'low' };
  return null;
}

/** Top-left corners of a box: the row a dialog starts on. */
const BOX_TOP = /^\s*[╭┌┏╔]/u;

/**
 * The title of the box (dialog) that holds the row showing `line`: the first text row below
 * the box's top border; null when that row is in no box. Nested boxes (a field inside the
 * dialog) are passed through: their rows start with the outer border too.
 */
function dialogTitle(snap: ScreenSnapshot, line: string, c: Compiled): string | null {
  let r = snap.lines.length - 1;
  while (r >= 0 && inner(snap.lines[r]!, c).trim() !== line) r--;
  if (r < 0 || !c.borderLeft.test(snap.lines[r]!)) return null;
  while (r >= 0 && c.borderLeft.test(snap.lines[r]!)) r--;
  if (r < 0 || !BOX_TOP.test(snap.lines[r]!)) return null;
  for (let t = r + 1; t < snap.lines.length; t++) {
    const text = inner(snap.lines[t]!, c).trim();
    if (!text) continue;
    return text === line || !/[\p{L}\p{N}]/u.test(text) ? null : text;
  }
  return null;
}

/** Top- or bottom-left corner of a box: an edge row, no text of its own (a title drawn in the edge is the box's, not the page's). */
const BOX_EDGE = /^\s*[╭┌┏╔╰└┗╚]/u;

/** A row's look is faint (dim): a placeholder or secondary text. */
const FAINT = /^i?b?d/;

/**
 * What a page asks when its key hint has neither a question beside it nor a dialog title:
 * walking up from the hint's row (`line`, the lowest row showing it, not `typedRow`) over at
 * most {@link TITLE_ROWS} text rows, passing over other key hints and key instructions (they say
 * how to answer), rows with a run longer than a word (a wrapped URL or code), art without
 * letters, and the rows of any box the hint is not in — and, when the hint is in a box,
 * stopping at that box's edge — it returns, in this order:
 * 1. the label of an input field: the nearest text row above a box whose inner rows are empty
 *    or faint (a placeholder) and that lies between that row and the hint;
 * 2. the nearest row ending in "?";
 * 3. the nearest row that names what is asked (sign-in, credentials, trust wording).
 * Null when there is none: then the hint itself is what the page asks ("some output" above
 * "Press Enter to continue" names nothing). Pure.
 */
function pageAsk(snap: ScreenSnapshot, line: string, typedRow: number, c: Compiled): string | null {
  let hintRow = snap.lines.length - 1;
  while (hintRow >= 0 && (hintRow === typedRow || inner(snap.lines[hintRow]!, c).trim() !== line)) hintRow--;
  if (hintRow < 0) return null;
  const boxed = c.borderLeft.test(snap.lines[hintRow]!);
  // The box met since the last text row: none, a field (empty or faint rows) or another box.
  let box: 'none' | 'field' | 'other' = 'none';
  let label: string | null = null;
  let question: string | null = null;
  let named: string | null = null;
  let seen = 0;
  for (let r = hintRow - 1; r >= 0 && seen < TITLE_ROWS; r--) {
    const raw = snap.lines[r]!;
    if (boxed && !c.borderLeft.test(raw)) break;
    // Seen from the hint's own level: inside its dialog, the dialog's border is stripped.
    const row = boxed ? inner(raw, c) : raw;
    if (BOX_EDGE.test(row) || c.borderLeft.test(row)) {
      if (box === 'none') box = 'field';
      const body = BOX_EDGE.test(row) ? '' : inner(row, c).trim();
      if (/[\p{L}\p{N}]/u.test(body) && !FAINT.test(snap.styles?.[r] ?? '')) box = 'other';
      continue;
    }
    const text = row.trim();
    if (!/[\p{L}\p{N}]/u.test(text) || LONG_WORD.test(text)) continue;
    if (c.keyHints.some((h) => h.re.test(text)) || c.keyInstruction.test(text)) {
      box = 'none';
      continue;
    }
    seen++;
    if (box === 'field') label ??= text;
    box = 'none';
    if (/\?\s*$/.test(text)) question ??= text;
    if (c.attention.some((a) => a.re.test(text))) named ??= text;
  }
  return label ?? question ?? named;
}

function questionLine(tail: string): string | null {
  const lines = tail.split('\n').map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) if (/\?\s*$/.test(lines[i]!)) return lines[i]!;
  return null;
}

function lastText(snap: ScreenSnapshot, c: Compiled): string {
  for (let r = snap.cursorY; r >= 0; r--) {
    const t = inner(snap.lines[r] ?? '', c).trim();
    if (t) return t;
  }
  return '';
}

const PROGRESS = /\d+(?:\.\d+)?\s*%|\b\d+\s*\/\s*\d+\b/;

/**
 * True when `next` differs from `prev` only by spinner frames changing in place (a glyph of
 * the spinner set replaced by another at the same column), optionally with digits changing
 * (an elapsed-time counter) on the same rows, and at least one spinner frame changed — or a
 * progress counter (`45%`, `12/40`) counting in place. Rows are compared as strings; at most
 * 4 rows may differ. Pure.
 */
export function isSpinnerTick(prev: ScreenSnapshot, next: ScreenSnapshot, c: Compiled = DEFAULT): boolean {
  if (prev.lines.length !== next.lines.length || prev.alternate !== next.alternate) return false;
  let ticks = 0;
  let rowsChanged = 0;
  for (let r = 0; r < next.lines.length; r++) {
    const a = prev.lines[r]!;
    const b = next.lines[r]!;
    if (a === b) continue;
    if (++rowsChanged > 4) return false;
    const ac = [...a];
    const bc = [...b];
    if (ac.length !== bc.length) {
      // A counter that gained a digit (9s → 10s) shifts the rest: compare with digits runs collapsed.
      if (a.replace(/\d+/g, '0') !== b.replace(/\d+/g, '0')) {
        const ax = [...a.replace(/\d+/g, '0')];
        const bx = [...b.replace(/\d+/g, '0')];
        if (ax.length !== bx.length) return false;
        for (let k = 0; k < ax.length; k++) {
          if (ax[k] === bx[k]) continue;
          if (c.spinner.has(ax[k]!) && c.spinner.has(bx[k]!)) ticks++;
          else return false;
        }
      }
      continue;
    }
    let digits = false;
    for (let k = 0; k < ac.length; k++) {
      const x = ac[k]!;
      const y = bc[k]!;
      if (x === y) continue;
      if (c.spinner.has(x) && c.spinner.has(y)) ticks++;
      else if (/\d/.test(x) && /\d/.test(y)) digits = true;
      else return false;
    }
    // A progress counter ("45%", "12/40") counting in place is a tick of its own.
    if (digits && PROGRESS.test(b)) ticks++;
  }
  return ticks > 0;
}
