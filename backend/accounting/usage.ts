/**
 * Token counts by kind, in tokens. `input` is input not served from a cache; `cacheWrite`
 * is input written to a prompt cache (Anthropic's cache creation); `cacheRead` is input
 * served from a cache; `output` is generated tokens (for OpenAI models it includes the
 * reasoning tokens, which `reasoning` breaks out and which are not added again).
 */
export interface TokenCounts {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  reasoning: number;
}

/** A zero count, to start sums from. */
export function zeroTokens(): TokenCounts {
  return { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, reasoning: 0 };
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  a.input += b.input;
  a.output += b.output;
  a.cacheWrite += b.cacheWrite;
  a.cacheRead += b.cacheRead;
  a.reasoning += b.reasoning;
  return a;
}

/** Tokens billed (input + output + cache write + cache read; reasoning is inside output). */
export function totalTokens(t: TokenCounts): number {
  return t.input + t.output + t.cacheWrite + t.cacheRead;
}

/** One usage observation read from an agent's own record. */
export interface UsageRecord {
  /** The model as the agent recorded it, or null when the record does not say. */
  model: string | null;
  /** When the agent recorded it (ISO 8601), or null. */
  at: string | null;
  tokens: TokenCounts;
  /** A cost the agent itself wrote next to the usage (USD), or null. */
  reportedCostUSD: number | null;
}

/** Usage summed per model. */
export interface ModelUsage {
  model: string | null;
  tokens: TokenCounts;
  /** Usage records summed. */
  records: number;
  /** Sum of the costs the agent reported itself (USD) for records that had one. */
  reportedCostUSD: number;
  /** Records that carried a reported cost. */
  reportedCostRecords: number;
}

/** Sums records per model; the key `null` model is kept under the empty string. */
export class UsageTotals {
  readonly byModel = new Map<string, ModelUsage>();
  /** Complete lines that looked like usage (or were not JSON) but could not be read. */
  unreadable = 0;
  /** Usage records summed. */
  records = 0;

  /** Adds one record. */
  add(r: UsageRecord): void {
    const key = r.model ?? '';
    let m = this.byModel.get(key);
    if (!m) {
      m = { model: r.model, tokens: zeroTokens(), records: 0, reportedCostUSD: 0, reportedCostRecords: 0 };
      this.byModel.set(key, m);
    }
    addTokens(m.tokens, r.tokens);
    m.records++;
    if (r.reportedCostUSD !== null) {
      m.reportedCostUSD += r.reportedCostUSD;
      m.reportedCostRecords++;
    }
    this.records++;
  }

  /** All tokens over every model. */
  tokens(): TokenCounts {
    const t = zeroTokens();
    for (const m of this.byModel.values()) addTokens(t, m.tokens);
    return t;
  }
}

/** A non-negative finite number, else null. */
export function count(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

/**
 * One line of a JSONL usage file read as a plain object: null when it is JSON but not an
 * object, `undefined` when it is not JSON at all (the caller counts that line unreadable).
 */
export function jsonRecord(line: string): Record<string, unknown> | null | undefined {
  try {
    return record(JSON.parse(line));
  } catch {
    return undefined;
  }
}

/** A plain object, else null. */
export function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
