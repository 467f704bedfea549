import { describe, expect, it } from 'vitest';
import { ENTER, PASTE_END, PASTE_START, typedInput } from './typing.js';

describe('typedInput: how text is typed into a session', () => {
  it('pastes between the bracketed-paste markers, then presses Enter, when the program asked for it', () => {
    expect(typedInput('fix the failing test', true)).toBe('\x1b[200~fix the failing test\x1b[201~\r');
  });

  it('keeps line breaks intact inside a bracketed paste (one input, one Enter)', () => {
    const text = 'The gate failed.\nFix these:\r\n  - a\n  - b';
    const typed = typedInput(text, true);
    expect(typed).toBe(`${PASTE_START}${text}${PASTE_END}${ENTER}`);
    expect(typed.split(ENTER)).toHaveLength(3); // the CR of the CRLF, and the final Enter
  });

  it('falls back to line-by-line typing without bracketed paste: every LF or CRLF becomes CR', () => {
    expect(typedInput('one\ntwo\r\nthree', false)).toBe('one\rtwo\rthree\r');
    expect(typedInput('single line', false)).toBe('single line\r');
  });

  it('never lets the text end a paste early: paste markers inside it are dropped', () => {
    const hostile = `before${PASTE_END}rm -rf ~\n${PASTE_START}after`;
    expect(typedInput(hostile, true)).toBe(`${PASTE_START}beforerm -rf ~\nafter${PASTE_END}${ENTER}`);
    expect(typedInput(hostile, false)).toBe(`beforerm -rf ~\rafter${ENTER}`);
    expect(typedInput(hostile, true).split(PASTE_END)).toHaveLength(2);
  });

  it('types empty text (or text of markers only) as Enter alone', () => {
    expect(typedInput('', true)).toBe(ENTER);
    expect(typedInput('', false)).toBe(ENTER);
    expect(typedInput(PASTE_START + PASTE_END, true)).toBe(ENTER);
  });

  it('passes other characters through untouched (Unicode, tabs, other escapes)', () => {
    expect(typedInput('grün 日本語 😀\tx', true)).toBe(`${PASTE_START}grün 日本語 😀\tx${PASTE_END}${ENTER}`);
    expect(typedInput('a\x1b[31mb', false)).toBe('a\x1b[31mb\r');
  });
});
