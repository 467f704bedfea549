import * as z from 'zod';
import { IdSchema as id, NoParamsSchema } from './schema-parts.js';

/** How a profile takes its first prompt: as the last argument, a flag, or typed once the program is ready. */
export const PromptModeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arg') }),
  z.object({ kind: z.literal('flag'), flag: z.string().min(1) }),
  z.object({ kind: z.literal('type'), delayMs: z.number().int().min(0).max(60_000).default(1500) }),
]);
export type PromptMode = z.infer<typeof PromptModeSchema>;

/** Circuit breaker of one agent profile (closed: healthy; open: starts refused; half-open: one trial). */
export const BreakerStateSchema = z.enum(['closed', 'open', 'half-open']);
export const BreakerSchema = z.object({
  state: BreakerStateSchema,
  /** Failures inside the window. */
  failures: z.number().int(),
  /** When it opened (ms epoch), else null. */
  openedAt: z.number().nullable(),
  /** When an open breaker turns half-open (ms epoch), else null. */
  retryAt: z.number().nullable(),
  /** The agent reported its usage or rate limit: no start before this time (ms epoch); null when not held. */
  quotaUntil: z.number().nullable().default(null),
  /** Why it is held, e.g. "quota reached (usage limit), resets at 2026-12-07 15:00 UTC"; empty when not held. */
  quotaReason: z.string().default(''),
});
export type Breaker = z.infer<typeof BreakerSchema>;

/** An agent profile as the UI sees it: data plus whether its command is installed. */
export const AgentInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  command: z.string(),
  args: z.array(z.string()),
  builtin: z.boolean(),
  installed: z.boolean(),
  /** Absolute path the command resolved to on PATH, when installed. */
  resolvedPath: z.string().nullable(),
  /** How to install it, shown when not installed. */
  installHint: z.string(),
  /** How to sign in to it once installed (its login command or prompt, or the API key it reads); empty when it needs none. */
  signInHint: z.string(),
  homepage: z.string().optional(),
  promptMode: PromptModeSchema,
  /** The profile's circuit breaker. */
  breaker: BreakerSchema,
});
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

/** A problem found while loading the custom profiles file; built-ins keep working. */
export const ProfileProblemSchema = z.object({
  file: z.string(),
  /** Dotted path of the field at fault, e.g. `profiles.0.command`; empty for the whole file. */
  field: z.string(),
  message: z.string(),
});
export type ProfileProblem = z.infer<typeof ProfileProblemSchema>;

/** Methods of the agents namespace. */
export const AGENTS_METHODS = {
  'agents.list': {
    params: NoParamsSchema,
    result: z.object({ agents: z.array(AgentInfoSchema), problems: z.array(ProfileProblemSchema) }),
  },
  /** Closes an open breaker by hand (the user fixed the agent). */
  'agents.resetBreaker': { params: z.object({ agent: id }).strict(), result: AgentInfoSchema },
} as const;

/** Events of the agents namespace. */
export const AGENTS_EVENTS = {
  /** An agent profile changed (its circuit breaker opened, half-opened or closed). */
  'agent.updated': AgentInfoSchema,
} as const;
