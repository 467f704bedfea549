import { z } from 'zod';

/** Flags a quota pattern may carry (data): i, s, u. */
const FLAGS = /^[isu]*$/;

/**
 * One message an agent prints when it hit a usage limit or a rate limit, as data: a JavaScript
 * regex (flags + `m`) and what its named groups hold, read by `backend/recovery/quota-policy.ts`:
 * - `epoch`: the reset time in seconds since the epoch (Claude Code's `…|1749924000`);
 * - `clock` (+ optional `tz`, an IANA zone): a time of day, `3pm`, `9:30 AM`, `15:00`; the next
 *   such time after the message, in `tz` or else the machine's zone;
 * - `date` (+ `clock`): a day such as `Mar 10th, 2026`, with the time of day;
 * - `in`: a duration, `2 hours 13 minutes`, `45s`, `4 days 20 hours 9 minutes`.
 * Without any of them the reset time is `waitSec` after the message.
 */
export const QuotaPatternSchema = z
  .object({
    re: z.string().min(1),
    flags: z.string().regex(FLAGS, 'flags may only be i, s, u').default(''),
    /** `usage`: a plan's usage limit (hours to days); `rate`: a rate limit or a 429 (seconds to minutes). */
    kind: z.enum(['usage', 'rate']),
    /** Short name shown in the reason, e.g. "usage limit". */
    label: z.string().min(1),
    /** Wait when the message gives no reset time, s. */
    waitSec: z.number().int().min(1).max(7 * 86_400).default(3600),
  })
  .strict()
  .refine(
    (p) => {
      try {
        new RegExp(p.re, p.flags + 'm');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not a valid regular expression' },
  );
export type QuotaPattern = z.output<typeof QuotaPatternSchema>;

/** An agent's quota and rate-limit messages, with where their wording comes from. */
export const QuotaConfigSchema = z
  .object({
    /** Where the messages come from (the agent's source, its issue tracker), for maintainers. */
    sources: z.string().optional(),
    patterns: z.array(QuotaPatternSchema).min(1),
  })
  .strict();
export type QuotaConfig = z.output<typeof QuotaConfigSchema>;
