/**
 * Whether a session's raw output, written as it is into a fresh terminal of the session's
 * size, may stand in for the mirror's snapshot when a client attaches.
 *
 * The screen it gives is the mirror's by construction (the same bytes at the same size, from
 * the first byte), so the only risk is a terminal's answers: a query in the output (device
 * attributes, a cursor position report, a colour query, …) was answered once, by the
 * clients attached when it came, and a replay would make the new client's terminal answer
 * again, as input to the program. So the text must hold only what a terminal draws or sets
 * without answering; anything else — a query, a string command (DCS, APC, PM, SOS), a C1
 * control, an unknown or unfinished sequence — leaves the attach to the mirror.
 *
 * The sequences are those of xterm's control sequences (ctlseqs, "XTerm Control Sequences")
 * that xterm.js implements without a reply.
 */

/** CSI finals (no prefix, no intermediate) that move, erase, scroll, set SGR or modes, without a reply. */
const CSI_SILENT_FINALS = new Set('@ABCDEFGHIJKLMPSTXZ`abdefghlmrsu'.split(''));
/** OSC commands that set a title, the working folder, a hyperlink or a shell mark, without a reply. */
const OSC_SILENT = new Set(['0', '1', '2', '7', '8', '133', '633']);
/** Two-char ESC sequences: save/restore cursor, keypad modes, index, next line, reverse index, reset, tab set. */
const ESC_SILENT = new Set('78=>DEMcH'.split(''));
/** ESC intermediates that designate a character set: the next char names it. */
const ESC_CHARSET = new Set('()*+-./'.split(''));

/**
 * True when `text` holds only printable text, the C0 controls a terminal draws with (BS, TAB,
 * LF, VT, FF, CR, BEL, SO, SI), and escape sequences that draw or set state without a reply
 * (see the module's rule). Pure; O(length).
 */
export function replayableAsIs(text: string): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && (c < 0x80 || c > 0x9f)) {
      i++; // printable, or DEL (ignored by terminals)
      continue;
    }
    if (c >= 0x80) return false; // a C1 control: CSI, DCS, OSC… in their 8-bit form
    if (c !== 0x1b) {
      if (c < 0x07 || c > 0x0f) return false; // NUL, ENQ (answerback), and the rest
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return false;
    if (next === '[') {
      const end = csiEnd(text, i + 2);
      if (end < 0) return false;
      const body = text.slice(i + 2, end);
      if (!csiSilent(body, text[end]!)) return false;
      i = end + 1;
    } else if (next === ']') {
      const end = oscEnd(text, i + 2);
      if (end < 0) return false;
      const payload = text.slice(i + 2, end);
      const semi = payload.indexOf(';');
      const cmd = semi < 0 ? payload : payload.slice(0, semi);
      if (!OSC_SILENT.has(cmd)) return false;
      i = end + (text[end] === '\x07' ? 1 : 2);
    } else if (ESC_SILENT.has(next)) {
      i += 2;
    } else if (ESC_CHARSET.has(next)) {
      if (i + 2 >= n) return false;
      i += 3;
    } else {
      return false; // DCS, APC, PM, SOS, and anything not listed
    }
  }
  return true;
}

/** Index of the CSI's final byte (0x40–0x7e) from `from`, or -1 when the text ends first or a byte is not CSI. */
function csiEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c >= 0x40 && c <= 0x7e) return j;
    if (c < 0x20 || c > 0x3f) return -1; // only parameters (0x30–0x3f) and intermediates (0x20–0x2f) come before the final
  }
  return -1;
}

/** Index of the OSC's terminator (BEL, or the ESC of ESC \) from `from`, or -1 when the text ends first. */
function oscEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x07) return j;
    if (c === 0x1b) return text[j + 1] === '\\' ? j : -1;
  }
  return -1;
}

/** Whether a CSI with parameters and intermediates `body` and final `final` is drawn without a reply. */
function csiSilent(body: string, final: string): boolean {
  const prefix = body[0];
  const intermediates = body.replace(/^[0-?]*/, '');
  if (intermediates === ' ' && final === 'q') return true; // DECSCUSR: the cursor's shape
  if (intermediates === '!' && final === 'p') return true; // DECSTR: soft reset
  if (intermediates !== '') return false; // DECRQM ($p), DECSCA ("q) and other rarities
  if (prefix === '?') return final === 'h' || final === 'l'; // DEC private modes; not ?n, ?u (queries)
  if (prefix === '>') return final === 'm'; // XTMODKEYS; not >c, >q (queries)
  if (prefix === '<' || prefix === '=') return false;
  if (final === 'u' && body !== '') return false; // SCORC takes no parameters; CSI … u is a keyboard protocol request
  return CSI_SILENT_FINALS.has(final);
}
