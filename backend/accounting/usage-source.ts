import type { CostSource } from '../store/cost-repository.js';

/** What {@link usageSourceOf} needs of an agent profile (the agents room's profile has these). */
export interface ProfileUsageFacts {
  id: string;
  /** Present: the agent exports OpenTelemetry to the receiver. */
  telemetry?: unknown;
  /** `claude-settings`: Claude Code hooks, whose payloads name the session transcript. */
  hooks?: { kind: string };
}

/**
 * The one usage source the cockpit reads for an agent's sessions (see this room's README):
 * its OTLP export when the profile has `telemetry`, else the Claude Code transcript for
 * profiles with Claude Code hooks, else the Codex rollout file for `codex`; null for agents
 * whose usage the cockpit does not read (a shell, Aider, ...), which are never shown as unknown.
 */
export function usageSourceOf(p: ProfileUsageFacts): CostSource | null {
  if (p.telemetry !== undefined) return 'otlp';
  if (p.hooks?.kind === 'claude-settings') return 'claude-transcript';
  if (p.id === 'codex') return 'codex-rollout';
  return null;
}

/**
 * Whether an exited session's usage is unknown because its record was never found: the agent
 * has a usage source, the source was never found in this run (no file opened, no export
 * received) and no usage of the session was recorded before (an earlier run of the app).
 */
export function usageUnfound(source: CostSource | null, foundNow: boolean, recordedBefore: boolean): boolean {
  return source !== null && !foundNow && !recordedBefore;
}
