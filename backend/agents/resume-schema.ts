import { z } from 'zod';

/** Placeholder in `withId` arguments replaced by the agent's stored session id. */
export const SESSION_ID_PLACEHOLDER = '{id}';

/**
 * How a profile resumes its conversation after a restart, as data:
 * `withId` — arguments that resume one stored conversation (e.g. Claude Code
 * `["--resume", "{id}"]`); `continue` — arguments that resume the latest one in the folder
 * (Claude Code `--continue`, Codex `resume --last`, Gemini `--resume`, Aider
 * `--restore-chat-history`). Both are appended after the profile's own `args`.
 */
export const ResumeSpecSchema = z
  .object({
    withId: z.array(z.string()).optional(),
    continue: z.array(z.string()).optional(),
    /**
     * The agent's documented form of a session id, as a regular expression matched against
     * the whole id (e.g. a UUID for Claude Code). An id reported through a hook that does not
     * match is never put in an argument.
     */
    idPattern: z
      .string()
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression')
      .optional(),
  })
  .strict();
export type ResumeSpec = z.infer<typeof ResumeSpecSchema>;

/**
 * What any agent session id must look like to reach an argument, whatever the profile: a
 * letter or digit first (never `-`, so it cannot be read as an option), then up to 127
 * letters, digits, `.`, `_`, `:` or `-`.
 */
export const SAFE_SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Whether `id` is a session id the profile's agent could have issued (see `idPattern`). */
export function validAgentSessionId(spec: ResumeSpec | undefined, id: string): boolean {
  if (!SAFE_SESSION_ID.test(id)) return false;
  return spec?.idPattern === undefined || new RegExp(`^(?:${spec.idPattern})$`).test(id);
}
