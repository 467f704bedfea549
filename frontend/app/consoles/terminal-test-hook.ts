import type { Terminal } from '@xterm/xterm';

/** Global name of the registry of attached terminals, read by the end-to-end tests. */
export const TERMINALS_HOOK_KEY = '__cortexTerminals';

/** What the tests can read of one console's terminal. */
export interface TerminalProbe {
  /** Which buffer is active: `normal` or `alternate` (full-screen programs). */
  bufferType(): string;
  /** Every line of the active buffer, scrollback included, wrapped lines joined, trailing spaces trimmed. */
  text(): string;
  /** The visible rows only, trailing spaces trimmed. */
  screen(): string;
  /** Times xterm.js has drawn rows since the terminal was registered (its `onRender` events). */
  renders(): number;
  /** The terminal's size (columns, rows), as the fit addon set it. */
  size(): { cols: number; rows: number };
  /** The font and cursor options xterm.js draws with. */
  looks(): { fontSize: number; fontFamily: string; cursorStyle: string; cursorBlink: boolean };
  /** The row height xterm.js draws with, times the font's cell height (its `lineHeight` option). */
  lineHeight(): number;
  /** The text selected in the terminal ('' when nothing is selected). */
  selection(): string;
}

type Registry = Record<string, TerminalProbe>;

function registry(): Registry {
  const w = window as unknown as Record<string, Registry | undefined>;
  return (w[TERMINALS_HOOK_KEY] ??= {});
}

/**
 * Registers a console's terminal under its session id in `window.__cortexTerminals`, so
 * the end-to-end tests can read the whole buffer (xterm's DOM holds only the visible rows).
 * Read-only. @returns a function that unregisters it
 */
export function exposeTerminal(sessionId: string, term: Terminal): () => void {
  let renders = 0;
  const onRender = term.onRender(() => renders++);
  const probe: TerminalProbe = {
    renders: () => renders,
    size: () => ({ cols: term.cols, rows: term.rows }),
    looks: () => ({
      fontSize: term.options.fontSize ?? 0,
      fontFamily: term.options.fontFamily ?? '',
      cursorStyle: term.options.cursorStyle ?? 'block',
      cursorBlink: term.options.cursorBlink ?? false,
    }),
    lineHeight: () => term.options.lineHeight ?? 1,
    selection: () => term.getSelection(),
    bufferType: () => term.buffer.active.type,
    text: () => readLines(term, 0, term.buffer.active.length).join('\n'),
    screen: () => readLines(term, term.buffer.active.viewportY, term.buffer.active.viewportY + term.rows, false).join('\n'),
  };
  registry()[sessionId] = probe;
  return () => {
    onRender.dispose();
    if (registry()[sessionId] === probe) delete registry()[sessionId];
  };
}

function readLines(term: Terminal, from: number, to: number, joinWrapped = true): string[] {
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let y = from; y < to; y++) {
    const line = buf.getLine(y);
    if (!line) continue;
    const text = line.translateToString(true);
    if (joinWrapped && line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  return lines;
}
