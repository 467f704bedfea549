import { z } from 'zod';

/** Placeholder in `withId` arguments replaced by the agent's stored session id. */
export const SESSION_ID_PLACEHOLDER = '{id}';

/**
 * How a profile resumes its conversation after a restart (issue 3), as data:
 * `withId` — arguments that resume one stored conversation (e.g. Claude Code
 * `["--resume", "{id}"]`); `continue` — arguments that resume the latest one in the folder
 * (Claude Code `--continue`, Codex `resume --last`, Gemini `--resume`, Aider
 * `--restore-chat-history`). Both are appended after the profile's own `args`.
 */
export const ResumeSpecSchema = z
  .object({
    withId: z.array(z.string()).optional(),
    continue: z.array(z.string()).optional(),
  })
  .strict();
export type ResumeSpec = z.infer<typeof ResumeSpecSchema>;
