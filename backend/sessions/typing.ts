/**
 * The one rule for typing text into a session's program (a first prompt, the orchestrator's
 * retry feedback, anything the backend types on a person's behalf). Pure: the caller reads
 * the program's bracketed-paste mode from the session's mirror after everything it printed
 * has been parsed, then writes what {@link typedInput} returns.
 */

/** Start of a bracketed paste (xterm control sequences, "Bracketed Paste Mode"). */
export const PASTE_START = '\x1b[200~';
/** End of a bracketed paste. */
export const PASTE_END = '\x1b[201~';
/** The Enter key as a terminal sends it. */
export const ENTER = '\r';

const PASTE_MARKERS = /\x1b\[20[01]~/g;
const LINE_BREAK = /\r?\n/g;

/**
 * The characters to write to a PTY so that its program receives `text` and then Enter.
 * - The program asked for bracketed paste (DECSET 2004): the text goes between
 *   {@link PASTE_START} and {@link PASTE_END}, line breaks intact, so a multi-line prompt
 *   arrives as one input; then Enter submits it.
 * - Otherwise (the one fallback): the text is typed the way a terminal pastes into a program
 *   that did not ask for bracketed paste (xterm.js `prepareTextForTerminal`): each line break
 *   (LF or CRLF) becomes CR, so the program reads each line as entered in turn; then Enter.
 * Paste markers inside `text` are dropped in both cases, so the text can never end a paste
 * early and have its rest read as keystrokes. Empty text is just Enter.
 * @param text what to type (UTF-16 string; any length the session accepts)
 * @param bracketedPaste whether the program has DEC mode 2004 on, as of its output so far
 * @returns the characters to write, ending with {@link ENTER}
 */
export function typedInput(text: string, bracketedPaste: boolean): string {
  const clean = text.replace(PASTE_MARKERS, '');
  if (clean.length === 0) return ENTER;
  if (bracketedPaste) return `${PASTE_START}${clean}${PASTE_END}${ENTER}`;
  return `${clean.replace(LINE_BREAK, '\r')}${ENTER}`;
}
