/**
 * The default terminal font, schema-free: the renderer's first screen reads it without
 * building the settings schemas (and zod), which `settings.ts` builds with it.
 */

/** The bundled terminal font first, then the platform's monospace fonts. */
export const DEFAULT_TERMINAL_FONT_FAMILY = '"JetBrains Mono", ui-monospace, monospace';
