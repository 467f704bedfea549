import { count, jsonRecord, record, type UsageRecord } from './usage.js';

/** Result of reading one transcript line. */
export type LineResult =
  | { kind: 'usage'; usage: UsageRecord }
  | { kind: 'duplicate' }
  | { kind: 'other' }
  | { kind: 'unreadable'; reason: string };

/**
 * Reads Claude Code session transcript lines (`~/.claude/projects/<project>/<session>.jsonl`).
 *
 * Rules, matching `ccusage` (its `usageDataSchema`, `createUniqueHash`, `calculateCostForEntry`):
 * - A usage line has a string `timestamp` and `message.usage` with numeric `input_tokens` and
 *   `output_tokens`; `cache_creation_input_tokens` and `cache_read_input_tokens` are optional
 *   (absent reads 0). Any other field, or any other line `type`, is ignored.
 * - Claude Code writes one line per content block of an assistant message, each repeating the
 *   message's usage; a line whose `message.id` and `requestId` were both seen before is a
 *   duplicate and not counted. A line missing either id is always counted.
 * - `costUSD`, written by older Claude Code versions, is kept as the agent-reported cost.
 * A complete line that is not JSON, or whose `message.usage` is malformed, is unreadable.
 *
 * The set of seen ids grows by one short string per assistant message; pass one set to
 * several parsers to de-duplicate across files as ccusage does.
 */
export class ClaudeTranscriptParser {
  /**
   * @param seen `message.id:requestId` keys already counted (shared across files if given)
   */
  constructor(private readonly seen: Set<string> = new Set()) {}

  /** Reads one complete line. Never throws. */
  parseLine(line: string): LineResult {
    // Most transcript bytes are message content; a line without a usage object is skipped
    // before JSON.parse (a line that fails to parse but has no usage is not ours to count).
    if (!line.includes('"usage"')) return { kind: 'other' };
    const obj = jsonRecord(line);
    if (obj === undefined) return { kind: 'unreadable', reason: 'not JSON' };
    const message = record(obj?.message);
    if (!obj || !message || !('usage' in message)) return { kind: 'other' };
    const usage = record(message.usage);
    const input = count(usage?.input_tokens);
    const output = count(usage?.output_tokens);
    if (!usage || input === null || output === null) return { kind: 'unreadable', reason: 'message.usage without input_tokens/output_tokens' };
    if (typeof obj.timestamp !== 'string') return { kind: 'unreadable', reason: 'usage line without timestamp' };
    const id = typeof message.id === 'string' ? message.id : null;
    const requestId = typeof obj.requestId === 'string' ? obj.requestId : null;
    if (id !== null && requestId !== null) {
      const key = `${id}:${requestId}`;
      if (this.seen.has(key)) return { kind: 'duplicate' };
      this.seen.add(key);
    }
    return {
      kind: 'usage',
      usage: {
        model: typeof message.model === 'string' && message.model.length > 0 ? message.model : null,
        at: obj.timestamp,
        tokens: {
          input,
          output,
          cacheWrite: count(usage.cache_creation_input_tokens) ?? 0,
          cacheRead: count(usage.cache_read_input_tokens) ?? 0,
          reasoning: 0,
        },
        reportedCostUSD: count(obj.costUSD),
      },
    };
  }
}
