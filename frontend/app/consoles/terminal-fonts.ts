import { TERMINAL_FONT_SIZE } from './terminal-themes';

/** Longest wait for the bundled terminal font before drawing with a fallback, ms. */
const FONT_LOAD_TIMEOUT_MS = 3_000;

let loading: Promise<void> | null = null;

/**
 * Waits (once per page) until JetBrains Mono regular and bold are loaded, so xterm.js
 * measures its cells with the real font. Never rejects; gives up after {@link FONT_LOAD_TIMEOUT_MS}.
 */
export function loadTerminalFonts(): Promise<void> {
  loading ??= Promise.race([
    Promise.all([
      document.fonts.load(`${TERMINAL_FONT_SIZE}px "JetBrains Mono"`),
      document.fonts.load(`bold ${TERMINAL_FONT_SIZE}px "JetBrains Mono"`),
    ]).then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => setTimeout(resolve, FONT_LOAD_TIMEOUT_MS)),
  ]);
  return loading;
}
