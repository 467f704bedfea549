/**
 * Any char that can change a terminal's state beyond the text of the rows it writes: C0
 * controls other than BEL, BS, HT, LF, VT, FF and CR (so ESC, SO/SI charset shifts, CAN/SUB
 * and the rest), DEL, and the C1 range U+0080–U+009F (xterm.js treats U+009B as CSI, U+009D
 * as OSC, …). Control set per ECMA-48 §5 and xterm.js's EscapeSequenceParser tables.
 */
const STATE_CHANGING = /[\x00-\x06\x0e-\x1f\x7f-\x9f]/;

/**
 * True when `data` is plain text for a terminal: printable chars plus BEL, BS, HT, LF, VT,
 * FF and CR only, none of which changes modes, attributes (SGR), charsets, the scroll
 * region or the title. Writing plain text moves the cursor and fills cells, nothing else.
 * One native regex scan (~1 GB/s), so it costs little next to parsing (~30 MB/s).
 */
export function isPlainText(data: string): boolean {
  return !STATE_CHANGING.test(data);
}

/** How many LF (U+000A) chars `data` holds in [`from`, `to`) (default: all of it). */
export function countLineFeeds(data: string, from = 0, to = data.length): number {
  let n = 0;
  for (let i = data.indexOf('\n', from); i !== -1 && i < to; i = data.indexOf('\n', i + 1)) n++;
  return n;
}

/** One scan of a batch of output, for fast-forward (TerminalMirror, RemoteMirror). */
export interface BatchScan {
  /** {@link isPlainText} of the batch; only plain batches are fast-forwarded. */
  plain: boolean;
  /** Line feeds in the batch (counted for plain batches only). */
  lineFeeds: number;
  /** Line feeds after the first CR in the batch; -1 when it has no CR (or is not plain). */
  lineFeedsAfterCr: number;
}

/**
 * Scans `data` for {@link BatchScan}: one regex test and, for plain text, one pass over its LFs.
 * @param plain {@link isPlainText} of `data` when the caller has it already (PtySession tests
 *   each batch once and hands the answer on), else tested here
 */
export function scanBatch(data: string, plain = isPlainText(data)): BatchScan {
  if (!plain) return { plain, lineFeeds: 0, lineFeedsAfterCr: -1 };
  const cr = data.indexOf('\r');
  const lineFeeds = countLineFeeds(data);
  // The part before the first CR is usually a char or two.
  return { plain, lineFeeds, lineFeedsAfterCr: cr >= 0 ? lineFeeds - countLineFeeds(data, 0, cr) : -1 };
}

/**
 * Line feeds after the first CR in `scans` (in order), counting no further than `enough`;
 * -1 when none has a CR before a batch that is not plain (or the end).
 */
export function lineFeedsAfterFirstCr(scans: Iterable<BatchScan>, enough: number): number {
  let after = -1;
  for (const scan of scans) {
    if (after >= enough || !scan.plain) break;
    if (after >= 0) after += scan.lineFeeds;
    else if (scan.lineFeedsAfterCr >= 0) after = scan.lineFeedsAfterCr;
  }
  return after;
}
