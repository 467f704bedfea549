/**
 * The quality gate's session title, schema-free: the renderer's session list reads it
 * without building the quality schemas (and zod), which sit in `quality.ts`.
 */

/**
 * Title prefix (OSC 2) a quality gate session sets with its verdict, e.g. `quality gate:
 * failed — tsc (typecheck)`: clients show it instead of the runner's exit code (always 0).
 */
export const GATE_TITLE_PREFIX = 'quality gate: ';
