import * as z from 'zod';

/** How `usage.summary` groups its rows. */
export const USAGE_GROUPS = ['project', 'agent', 'model', 'session', 'task', 'day'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

/** Tokens by kind (tokens). `reasoning` is part of `output` (OpenAI models), shown apart. */
export const TokenCountsSchema = z.object({
  input: z.number().int().nonnegative(),
  output: z.number().int().nonnegative(),
  cacheWrite: z.number().int().nonnegative(),
  cacheRead: z.number().int().nonnegative(),
  reasoning: z.number().int().nonnegative(),
});

/** One group of `usage.summary`. */
export const UsageRowSchema = z.object({
  /**
   * The group's key: a project id, agent id, model, session id, task id or day (YYYY-MM-DD,
   * UTC). Grouped by task, usage of sessions no task started has the key `""`.
   */
  key: z.string(),
  /** Tokens read; a lower bound when `unreadable` or `unfoundSessions` is above 0. */
  tokens: TokenCountsSchema,
  /**
   * Estimated cost in USD at list price, or null when unknown: some tokens are of a model
   * without a price, were spent on a subscription login (tokens, not a bill), could not be
   * read (`unreadable`), or belong to a session whose usage record was never found
   * (`unfoundSessions`).
   */
  costUSD: z.number().nonnegative().nullable(),
  /** Always `list-price estimate`: no figure here is a bill. */
  costBasis: z.literal('list-price estimate'),
  /** Models with tokens and no known price in this group. */
  unpricedModels: z.array(z.string()),
  /** Usage records summed. */
  records: z.number().int().nonnegative(),
  /**
   * Records that could not be read (transcript or rollout lines, OTLP data points): their
   * tokens and cost are unknown, so `tokens` is what could be read and `costUSD` is null.
   */
  unreadable: z.number().int().nonnegative(),
  /**
   * Sessions whose usage record was never found (no transcript named by the agent, no
   * rollout file, no telemetry export received before it exited): their tokens and cost are
   * unknown, never 0, so `costUSD` is null.
   */
  unfoundSessions: z.number().int().nonnegative(),
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

/** Methods of the usage namespace. */
export const USAGE_METHODS = {
  /** Tokens and estimated cost, grouped, optionally for one project and a period (ms since the epoch). */
  'usage.summary': {
    params: z
      .object({
        groupBy: z.enum(USAGE_GROUPS).default('project'),
        projectId: z.string().optional(),
        /** Only the usage of this task's agent sessions. */
        taskId: z.string().optional(),
        since: z.number().int().nonnegative().optional(),
        until: z.number().int().nonnegative().optional(),
      })
      .strict(),
    result: z.object({ rows: z.array(UsageRowSchema), total: UsageRowSchema }),
  },
} as const;

