import * as z from 'zod';

/** What a budget limits: a project's spend (all its sessions) or one task's (its agent sessions). */
export const BUDGET_SCOPES = ['project', 'task'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];

/** Where a spend stands against its budget: within it, past the warning share, or at the limit. */
export const BUDGET_VERDICTS = ['ok', 'warn', 'stop'] as const;
export type BudgetVerdict = (typeof BUDGET_VERDICTS)[number];

/**
 * The shares of a budget (spent / limit) at which a verdict changes: from `warn` a notification
 * and a `budget.alert` event are raised once; from `stop` no new turn, retry or agent switch
 * starts for that task or project.
 */
export const BUDGET_THRESHOLDS = { warn: 0.8, stop: 1 } as const;
export type BudgetThresholds = { warn: number; stop: number };

/** A budget's limits: USD (list-price estimate) and tokens (input + output + cache); null = no limit. */
export const BudgetLimitSchema = z.object({
  usd: z.number().nonnegative().nullable(),
  tokens: z.number().int().nonnegative().nullable(),
});
export type BudgetLimit = z.infer<typeof BudgetLimitSchema>;

/** How a budget stands now. Every USD figure is an estimate at list price, not a bill. */
export const BudgetStatusSchema = z.object({
  scope: z.enum(BUDGET_SCOPES),
  /** The project id or task id. */
  target: z.string(),
  limit: BudgetLimitSchema,
  /** `user`: set through `budgets.set`; `preset`: the project's preset default; `none`: no limit. */
  source: z.enum(['user', 'preset', 'none']),
  /** Spent so far: USD null when some usage has no known cost (unpriced model, subscription). */
  spent: z.object({ usd: z.number().nonnegative().nullable(), tokens: z.number().int().nonnegative() }),
  verdict: z.enum(BUDGET_VERDICTS),
  /** The larger of spent/limit over the limits that can be measured; null when none can. */
  share: z.number().nonnegative().nullable(),
  /** In words, e.g. "budget reached: $2.04 of $2.00 (estimate at list price)". */
  reason: z.string(),
  costBasis: z.literal('list-price estimate'),
});
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;

const id = z.string().min(1);

/** Methods of the budgets namespace. */
export const BUDGETS_METHODS = {
  /** A project's budget (and a task's, given its id; the task's project is used then). */
  'budgets.get': {
    params: z
      .object({ projectId: id.optional(), taskId: id.optional() })
      .strict()
      .refine((p) => p.projectId !== undefined || p.taskId !== undefined, { message: 'give projectId or taskId' }),
    result: z.object({ project: BudgetStatusSchema, task: BudgetStatusSchema.nullable() }),
  },
  /**
   * Sets a project's or a task's budget (null: no limit of that kind; both absent: back to the
   * preset's default). Tasks held because a budget was reached start again when it allows them.
   */
  'budgets.set': {
    params: z
      .object({
        scope: z.enum(BUDGET_SCOPES),
        target: id,
        usd: z.number().nonnegative().nullable().optional(),
        tokens: z.number().int().nonnegative().nullable().optional(),
      })
      .strict(),
    result: BudgetStatusSchema,
  },
} as const;

/** Events of the budgets namespace. */
export const BUDGETS_EVENTS = {
  /** A budget passed its warning share or reached its limit (each raised once per budget and level). */
  'budget.alert': z.object({
    scope: z.enum(BUDGET_SCOPES),
    target: z.string(),
    projectId: z.string(),
    taskId: z.string().nullable(),
    verdict: z.enum(['warn', 'stop']),
    reason: z.string(),
    at: z.number(),
  }),
} as const;
