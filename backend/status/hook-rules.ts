import type { HookConfig } from './status-profile-schema.js';
import type { HookEvent, VerdictState } from './status-types.js';

/** What one hook call means for a session. */
export interface HookMeaning {
  /** The state it reports, or null (e.g. SessionStart only carries the agent's session id). */
  state: VerdictState | null;
  reason: string;
  /** The agent's own session id when the payload carries one (for resume). */
  agentSessionId: string | null;
}

/** Longest payload text quoted in a reason. */
const REASON_FIELD_CHARS = 120;

/**
 * Maps a hook call to a state with the profile's hook rules (data): the event's `state`,
 * replaced by the first override whose payload field matches. Unknown events report no state.
 * The reason is `hook <Event>[ (<override label>)][: <reasonField text>]`.
 * Sources: Claude Code hooks reference (UserPromptSubmit, Stop, Notification with `message` and
 * `notification_type`, SessionStart with `session_id`); Codex `notify` (JSON with `type`,
 * `thread-id`); Gemini CLI hooks reference (BeforeAgent, AfterAgent, Notification with
 * `notification_type` ToolPermission and `message`).
 */
export function interpretHook(e: HookEvent, cfg: HookConfig): HookMeaning {
  const rawId = e.payload[cfg.sessionIdField];
  const agentSessionId = typeof rawId === 'string' && rawId.length > 0 ? rawId : null;
  const rule = cfg.events[e.event];
  if (!rule) return { state: null, reason: `hook ${e.event} (not mapped)`, agentSessionId };
  let state: VerdictState | null = rule.state ?? null;
  let label = '';
  for (const o of rule.overrides) {
    const v = e.payload[o.field];
    if (typeof v === 'string' && new RegExp(o.re, o.flags).test(v)) {
      state = o.state === 'none' ? null : o.state;
      label = o.label ? ` (${o.label})` : '';
      break;
    }
  }
  const detail = rule.reasonField ? e.payload[rule.reasonField] : undefined;
  const text = typeof detail === 'string' && detail ? `: ${detail.slice(0, REASON_FIELD_CHARS)}` : '';
  return { state, reason: `hook ${e.event}${label}${text}`, agentSessionId };
}
