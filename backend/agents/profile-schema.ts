import { z } from 'zod';
import { ApiKeyProviderSchema, PromptModeSchema, TaskIntentSchema } from '../contract/index.js';
import { HookConfigSchema, StatusProfileSchema } from '../status/status-profile-schema.js';
import { ResumeSpecSchema } from './resume-schema.js';
import { QuotaConfigSchema } from './quota-schema.js';

/**
 * One agent profile, as data. Built-ins live in `builtin-profiles.json`; users add or
 * override profiles in `profiles.json` in the data dir (same shape). Supporting a new
 * agent needs a new entry here, never new code.
 *
 * `command` is looked up on PATH; the special value `$SHELL` means the user's login shell.
 */
export const AgentProfileSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit'),
    name: z.string().min(1).max(100),
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    /** Extra environment variables for the agent's process. */
    env: z.record(z.string(), z.string()).default({}),
    installHint: z.string().default(''),
    /**
     * How to sign in to the agent once it is installed (its login command or prompt, or the API
     * key it reads), in plain words; empty when it needs no sign-in (the shell).
     */
    signInHint: z.string().default(''),
    homepage: z.string().optional(),
    promptMode: PromptModeSchema.default({ kind: 'type', delayMs: 1500 }),
    /** How to resume the conversation after a restart; none: a fresh start. */
    resume: ResumeSpecSchema.optional(),
    /** Live-status screen and title patterns (backend/status); absent = the generic fallback. */
    status: StatusProfileSchema.optional(),
    /** How the agent reports its lifecycle through hooks, passed per launch; absent = no hooks. */
    hooks: HookConfigSchema.optional(),
    /**
     * The keys that stop the agent's current turn and bring back its prompt, sent when a budget
     * is reached: Esc for Claude Code, Codex CLI and Gemini CLI (their footers read "esc to
     * interrupt" / "esc to cancel"); absent = {@link DEFAULT_INTERRUPT_KEYS}.
     */
    interruptKeys: z.string().min(1).max(16).optional(),
    /** The messages it prints when it hit a usage or rate limit (see quota-schema.ts); absent = none known. */
    quota: QuotaConfigSchema.optional(),
    /**
     * Task intents the agent takes on (TASK_INTENTS: implement, fix, refactor, perf, test,
     * docs, build, review, research; `deploy` is read as `build`). Empty: never picked for a
     * task (the shell).
     */
    capabilities: z.array(TaskIntentSchema).default([]),
    /** Domains, languages and frameworks the agent is strong in (lowercase), e.g. `backend`, `python`, `react`. */
    specializations: z.array(z.string().min(1).toLowerCase()).default([]),
    /**
     * Where the agent reads project guidelines: an instruction file in its working folder
     * (`CLAUDE.md`, `AGENTS.md`, `GEMINI.md`, `CONVENTIONS.md`), plus launch args naming it
     * (`["--read", "{file}"]` for aider; `{file}` becomes the file's path).
     */
    guidelines: z.object({ file: z.string().min(1), args: z.array(z.string()).default([]) }).strict().optional(),
    /**
     * API keys the agent reads from its environment: a provider's key kept in the OS keychain
     * (`keys.set`) is put in `env` at launch, e.g. `{ "provider": "anthropic", "env":
     * "ANTHROPIC_API_KEY" }`. A key given this way replaces the same variable of the user's
     * environment for this agent only.
     */
    apiKeys: z
      .array(z.object({ provider: ApiKeyProviderSchema, env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name: A-Z, 0-9 and _') }).strict())
      .default([]),
    /**
     * How the agent exports OpenTelemetry, enabled per launch through its environment only:
     * `env` values may hold `{endpoint}` (the cockpit's OTLP/HTTP receiver on 127.0.0.1) and
     * `{token}` (a token of that launch). A profile with `telemetry` is accounted from its
     * export; one without, from its own record file (Claude Code transcript, Codex rollout).
     */
    telemetry: z
      .object({
        env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name: A-Z, 0-9 and _'), z.string()),
        sources: z.string().min(1),
      })
      .strict()
      .optional(),
  })
  .strict();

export type AgentProfile = z.output<typeof AgentProfileSchema>;

/** Ctrl-C: the terminal's interrupt, what stops a turn of a program whose profile names no keys. */
export const DEFAULT_INTERRUPT_KEYS = '\u0003';

/** The shape of `builtin-profiles.json` and of the user's `profiles.json`. */
export const ProfilesFileSchema = z.object({ profiles: z.array(z.unknown()) }).strict();

/** The command value that stands for the user's login shell. */
export const LOGIN_SHELL = '$SHELL';
