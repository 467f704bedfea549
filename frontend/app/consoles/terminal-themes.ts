import type { ITheme } from '@xterm/xterm';
import { CONSOLE_SCROLLBACK_LINES, DEFAULT_TERMINAL_FONT_FAMILY, TERMINAL_FONT_SIZE_LIMITS, TERMINAL_LINE_HEIGHT_LIMITS } from '@contract';

/**
 * Terminal palettes matching the Material 3 theme (azure primary, neutral surfaces).
 * xterm.js paints on its own, so the colours are concrete values, not CSS variables;
 * keep `--cx-terminal-bg` in styles.scss equal to `background` here.
 */
export const DARK_TERMINAL_THEME: ITheme = {
  background: '#12131a',
  foreground: '#e2e2e9',
  cursor: '#aac7ff',
  cursorAccent: '#12131a',
  selectionBackground: '#3e5f90aa',
  black: '#1d1f27',
  red: '#ff6b6b',
  green: '#7bd88f',
  yellow: '#f4c86a',
  blue: '#7aa9ff',
  magenta: '#d59cff',
  cyan: '#63d3e6',
  white: '#d9dae3',
  brightBlack: '#6c7086',
  brightRed: '#ff8f8f',
  brightGreen: '#9be9a8',
  brightYellow: '#ffe08a',
  brightBlue: '#a4c5ff',
  brightMagenta: '#e5b9ff',
  brightCyan: '#8ee7f5',
  brightWhite: '#ffffff',
};

export const LIGHT_TERMINAL_THEME: ITheme = {
  background: '#fbfcff',
  foreground: '#1a1c22',
  cursor: '#1f5fa8',
  cursorAccent: '#fbfcff',
  selectionBackground: '#b9d3ff99',
  black: '#1a1c22',
  red: '#c0262d',
  green: '#1c7d35',
  yellow: '#8a6100',
  blue: '#1f5fa8',
  magenta: '#8e3fb0',
  cyan: '#00778a',
  white: '#d5d7df',
  brightBlack: '#5d6070',
  brightRed: '#dd3c43',
  brightGreen: '#2a9a48',
  brightYellow: '#a87a00',
  brightBlue: '#2f74c9',
  brightMagenta: '#a654c9',
  brightCyan: '#0c8fa5',
  brightWhite: '#ffffff',
};

/** Default terminal font: bundled JetBrains Mono (see styles.scss), then system monospace (the `terminalFontFamily` setting's default). */
export const TERMINAL_FONT_FAMILY = DEFAULT_TERMINAL_FONT_FAMILY;
/** Default terminal font size, CSS px (the `terminalFontSize` setting's default). */
export const TERMINAL_FONT_SIZE = TERMINAL_FONT_SIZE_LIMITS.default;
/** Default row height, times the font's cell height (the `terminalLineHeight` setting's default). */
export const TERMINAL_LINE_HEIGHT = TERMINAL_LINE_HEIGHT_LIMITS.default;
/** Lines of scrollback per console (the contract's bound). */
export const TERMINAL_SCROLLBACK_LINES = CONSOLE_SCROLLBACK_LINES;
