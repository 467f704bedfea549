import { SESSION_ID_PLACEHOLDER, validAgentSessionId, type ResumeSpec } from '../agents/resume-schema.js';

/** The arguments that resume a session, and how they were chosen. */
export interface ResumePlan {
  /** Appended after the profile's argv; empty for a fresh start. */
  args: string[];
  kind: 'with-id' | 'continue' | 'fresh';
}

/**
 * Chooses the resume arguments: the stored agent session id first (`withId`, only when it
 * is of the agent's documented form: {@link validAgentSessionId}), else the
 * agent's continue form, else a fresh start (the `shell` profile, or `fresh` asked for).
 */
export function planResume(spec: ResumeSpec | undefined, agentSessionId: string | null, fresh = false): ResumePlan {
  if (fresh || !spec) return { args: [], kind: 'fresh' };
  // An id that is not of the agent's form (a hook may report anything) is never used.
  if (agentSessionId && spec.withId?.length && validAgentSessionId(spec, agentSessionId)) {
    return { args: spec.withId.map((a) => a.split(SESSION_ID_PLACEHOLDER).join(agentSessionId)), kind: 'with-id' };
  }
  if (spec.continue?.length) return { args: [...spec.continue], kind: 'continue' };
  return { args: [], kind: 'fresh' };
}
