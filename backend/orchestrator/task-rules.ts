import { z } from 'zod';
import { TASK_DOMAINS, TASK_INTENTS } from '../contract/index.js';
import rulesFile from './task-rules.json' with { type: 'json' };

/** `[term, weight]`: lowercase words; a trailing `*` matches the last word's stem with an inflection or derivation. */
const TermSchema = z.tuple([z.string().min(1), z.number().positive()]);
export type Term = z.infer<typeof TermSchema>;

const labelTable = <L extends readonly [string, ...string[]]>(labels: L) =>
  z.object({
    default: z.enum(labels),
    labels: z.partialRecord(z.enum(labels), z.array(TermSchema)),
  });

/**
 * The task parser's keyword tables (task-rules.json), checked once at load. Data, not code:
 * tune the words and weights there.
 */
export const TaskRulesSchema = z
  .object({
    sources: z.string(),
    /** Factor for the intent term that opens the text (an issue title's verb). */
    leadFactor: z.number().min(1),
    /** Keyword scores of the intents the learned model does not read (review, research). */
    intents: z.object({ labels: z.partialRecord(z.enum(TASK_INTENTS), z.array(TermSchema)) }),
    domains: labelTable(TASK_DOMAINS),
    /** An intent that implies a domain adds this much to it (a docs task is about docs). */
    intentDomain: z.partialRecord(z.enum(TASK_INTENTS), z.tuple([z.enum(TASK_DOMAINS), z.number().positive()])),
    complexity: z.object({
      simple: z.array(TermSchema),
      complex: z.array(TermSchema),
      /** Texts of at least this many words lean moderate / complex. */
      wordsModerate: z.number().int().positive(),
      wordsComplex: z.number().int().positive(),
    }),
    technologies: z.array(z.object({ name: z.string(), aliases: z.array(z.string().min(1)) })),
    /** Words that end a named component ("payment service", "login handler"). */
    componentNouns: z.array(z.string()),
    /** Words never taken as part of a component's name. */
    stopWords: z.array(z.string()),
  })
  .strict();
export type TaskRules = z.infer<typeof TaskRulesSchema>;

/** The rules shipped with the app. @throws ZodError at load when task-rules.json is malformed */
export const TASK_RULES: TaskRules = TaskRulesSchema.parse(rulesFile);
