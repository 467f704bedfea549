import { TERMINAL_FONT_SIZE } from './terminal-themes';

/** Longest wait for the bundled terminal font before drawing with a fallback, ms. */
const FONT_LOAD_TIMEOUT_MS = 3_000;

let loading: Promise<void> | null = null;
let preloading: Promise<unknown> | null = null;

/** JetBrains Mono regular and bold, fetched (once per page) by the browser's font loader. */
function fetchFonts(): Promise<unknown> {
  preloading ??= Promise.all([
    document.fonts.load(`${TERMINAL_FONT_SIZE}px "JetBrains Mono"`),
    document.fonts.load(`bold ${TERMINAL_FONT_SIZE}px "JetBrains Mono"`),
  ]);
  return preloading;
}

/**
 * Starts fetching the terminal font without waiting (at start-up, before any console
 * opens), so the first console does not wait for it. Never rejects, never throws.
 */
export function preloadTerminalFonts(): void {
  fetchFonts().catch(() => undefined);
}

/**
 * Waits (once per page) until JetBrains Mono regular and bold are loaded, so xterm.js
 * measures its cells with the real font. Never rejects; gives up after {@link FONT_LOAD_TIMEOUT_MS}.
 */
export function loadTerminalFonts(): Promise<void> {
  loading ??= Promise.race([
    fetchFonts().then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => setTimeout(resolve, FONT_LOAD_TIMEOUT_MS)),
  ]);
  return loading;
}
