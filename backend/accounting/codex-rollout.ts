import { count, jsonRecord, record, type TokenCounts } from './usage.js';
import type { LineResult } from './claude-transcript.js';

/** Codex's cumulative token totals (`payload.info.total_token_usage`). */
interface CodexTotals {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

/**
 * Reads Codex CLI rollout lines (`~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`).
 * Each line is `{ timestamp, type, payload }`:
 * - `session_meta`: `payload.id` is the session id, `payload.cwd` its folder;
 * - `turn_context`: `payload.model` is the model for the turns that follow;
 * - `event_msg` with `payload.type` `token_count`: `payload.info.total_token_usage` holds
 *   cumulative `input_tokens` (cached input included), `cached_input_tokens`,
 *   `output_tokens` (reasoning included) and `reasoning_output_tokens`; `info` is null
 *   before the first response. Codex may repeat an event, so the usage of an event is its
 *   total minus the previous total, which makes a repeat add nothing.
 * Other types and fields are ignored. A complete line that is not JSON, or a token_count
 * whose totals are malformed, is unreadable.
 */
export class CodexRolloutParser {
  /** Codex's own session id, from `session_meta`, or null until seen. */
  sessionId: string | null = null;
  /** The session's folder, from `session_meta`, or null until seen. */
  cwd: string | null = null;
  /** The current model, from the latest `turn_context`, or null. */
  model: string | null = null;
  private last: CodexTotals = { input: 0, cached: 0, output: 0, reasoning: 0 };

  /** Reads one complete line. Never throws. */
  parseLine(line: string): LineResult {
    const obj = jsonRecord(line);
    if (obj === undefined) return { kind: 'unreadable', reason: 'not JSON' };
    const payload = record(obj?.payload);
    if (!obj || !payload) return { kind: 'other' };
    if (obj.type === 'session_meta') {
      if (typeof payload.id === 'string') this.sessionId = payload.id;
      if (typeof payload.cwd === 'string') this.cwd = payload.cwd;
      return { kind: 'other' };
    }
    if (obj.type === 'turn_context') {
      if (typeof payload.model === 'string' && payload.model.length > 0) this.model = payload.model;
      return { kind: 'other' };
    }
    if (obj.type !== 'event_msg' || payload.type !== 'token_count') return { kind: 'other' };
    if (payload.info === null || payload.info === undefined) return { kind: 'other' };
    const total = record(record(payload.info)?.total_token_usage);
    const input = count(total?.input_tokens);
    const output = count(total?.output_tokens);
    if (!total || input === null || output === null) return { kind: 'unreadable', reason: 'token_count without total_token_usage' };
    const now: CodexTotals = {
      input,
      cached: count(total.cached_input_tokens) ?? 0,
      output,
      reasoning: count(total.reasoning_output_tokens) ?? 0,
    };
    // Totals only grow within a session; a smaller total means Codex started counting again.
    const base = now.input < this.last.input || now.output < this.last.output ? { input: 0, cached: 0, output: 0, reasoning: 0 } : this.last;
    this.last = now;
    const cachedDelta = Math.max(0, now.cached - base.cached);
    const tokens: TokenCounts = {
      input: Math.max(0, now.input - base.input - cachedDelta),
      cacheWrite: 0,
      cacheRead: cachedDelta,
      output: now.output - base.output,
      reasoning: Math.max(0, now.reasoning - base.reasoning),
    };
    if (tokens.input + tokens.cacheRead + tokens.output === 0) return { kind: 'duplicate' };
    return {
      kind: 'usage',
      usage: { model: this.model, at: typeof obj.timestamp === 'string' ? obj.timestamp : null, tokens, reportedCostUSD: null },
    };
  }
}
