import { z } from 'zod';
import { compiles, REGEX_FLAGS } from './status-profile-schema.js';


/** A pattern's flags plus `m` and `u`, each once. */
export function patternFlags(flags: string): string {
  return [...new Set(`${flags}mu`.split(''))].join('');
}

/** One labelled regex (JavaScript source; flags from i, s, u; `m` and `u` are always added). */
export const LabelledPatternSchema = z
  .object({
    re: z.string().min(1),
    flags: z.string().regex(REGEX_FLAGS, 'flags may only be i, s, u').default(''),
    label: z.string().min(1),
  })
  .strict()
  .refine((p) => compiles(p.re, patternFlags(p.flags)), { message: 'is not a valid regular expression' });
export type LabelledPattern = z.output<typeof LabelledPatternSchema>;

/**
 * The generic structural detector's vocabulary (data in structure.json): what a choice menu's
 * highlight marker and a box border look like, key hints, key instructions, busy markers, spinner frames,
 * error, attention (sign-in, credentials, trust) and secret wording. The rules that combine
 * them are code (structure.ts); the words and glyphs are data.
 */
export const StructureRulesSchema = z
  .object({
    sources: z.string().optional(),
    /** Glyphs that mark the highlighted option of a menu (each one character). */
    markers: z.string().min(1),
    /** Glyphs that draw a box's left and right borders. */
    borders: z.string().min(1),
    keyHints: z.array(LabelledPatternSchema).min(1),
    /**
     * A line telling which key does something ("press c to copy it", "Press esc and choose …"):
     * it says how to act, not what is asked, so it is passed over when a page's asked line is
     * looked for. Unlike a key hint it does not make a screen waiting (a dev server's "press h
     * to show help" asks nothing).
     */
    keyInstruction: LabelledPatternSchema,
    busy: z.array(LabelledPatternSchema),
    /** Frames of spinners: a cell that changes from one of these to another in place is a spinner tick. */
    spinnerGlyphs: z.string().min(1),
    errorWords: LabelledPatternSchema,
    attention: z.array(LabelledPatternSchema),
    secretWords: LabelledPatternSchema,
  })
  .strict();
export type StructureRules = z.output<typeof StructureRulesSchema>;
