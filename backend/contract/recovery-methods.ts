import { z } from 'zod';
import { AgentInfoSchema, OrphanSchema, RestartPolicySchema, SessionSchema, SettingsPatchSchema, SettingsSchema } from './model.js';

const id = z.string().min(1);

/** Methods of session recovery (issue 3): restore, restart policy, breakers, settings, orphans. */
export const RECOVERY_METHODS = {
  /**
   * Relaunches a session that is not running (restored from a previous run and kept closed,
   * or exited) in the same folder, with its profile's resume arguments — the stored agent
   * session id first, else the agent's continue form — unless `fresh`. The saved screen stays
   * above a "restored" mark.
   */
  'sessions.restore': {
    params: z.object({ id, fresh: z.boolean().default(false) }).strict(),
    result: SessionSchema,
  },
  'sessions.setRestartPolicy': {
    params: z.object({ id, policy: RestartPolicySchema }).strict(),
    result: SessionSchema,
  },
  /** Closes an open breaker by hand (the user fixed the agent). */
  'agents.resetBreaker': { params: z.object({ agent: id }).strict(), result: AgentInfoSchema },
  'settings.get': { params: z.object({}).strict(), result: SettingsSchema },
  /** Changes some settings; returns all of them. */
  'settings.set': { params: SettingsPatchSchema, result: SettingsSchema },
  /** Processes that a crashed run left alive (looked up at start). */
  'orphans.list': { params: z.object({}).strict(), result: z.array(OrphanSchema) },
  /** Ends an orphan's process tree. Only pids listed by `orphans.list` are accepted. */
  'orphans.kill': { params: z.object({ pid: z.number().int().positive() }).strict(), result: z.object({ ok: z.literal(true) }) },
} as const;
