import { readFileSync } from 'node:fs';
import { z } from 'zod';
import builtinFile from './builtin-prices.json' with { type: 'json' };
import type { ModelUsage, TokenCounts } from './usage.js';

/**
 * One model's list price, in USD per million tokens, with where and when it was read.
 * `cacheWrite` is the price of input written to a prompt cache (0 where the provider does
 * not charge for it, as OpenAI); `cacheRead` the price of input served from the cache.
 */
export const PriceRowSchema = z
  .object({
    model: z.string().min(1).describe('Model id, or a prefix of dated ids (claude-sonnet-4-5 prices claude-sonnet-4-5-20250929)'),
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cacheWrite: z.number().nonnegative(),
    cacheRead: z.number().nonnegative(),
    source: z.string().min(1).describe('Where the price was read (a URL)'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
  })
  .strict();
export type PriceRow = z.infer<typeof PriceRowSchema>;

/** The shape of `builtin-prices.json` and of the user's `prices.json` in the data folder. */
export const PriceFileSchema = z
  .object({
    currency: z.literal('USD'),
    unit: z.literal('per million tokens'),
    models: z.array(PriceRowSchema),
  })
  .strict();

/** The built-in list prices, checked against the schema once at load. */
export const BUILTIN_PRICES: readonly PriceRow[] = PriceFileSchema.parse(builtinFile).models;

/** A cost estimate: always at list price, never a bill. */
export interface CostEstimate {
  /** USD at list price, or null when no price is known for some of the tokens. */
  usd: number | null;
  /** Always `list-price estimate`: the UI labels every figure with it. */
  basis: 'list-price estimate';
  /** Models with tokens but no price row (their cost is unknown, not 0). */
  unpricedModels: string[];
}

/**
 * A price table: built-in rows overridden, model by model, by the user's rows.
 * Lookup: the row whose `model` equals the recorded model, else the longest row `model`
 * that is a prefix of it followed by `-` (a dated or suffixed id).
 */
export class PriceTable {
  private readonly rows: PriceRow[];

  /** @param rows price rows; later rows replace earlier rows of the same model */
  constructor(rows: readonly PriceRow[]) {
    const byModel = new Map<string, PriceRow>();
    for (const r of rows) byModel.set(r.model, r);
    this.rows = [...byModel.values()].sort((a, b) => b.model.length - a.model.length);
  }

  /** Every row, longest model id first. */
  all(): readonly PriceRow[] {
    return this.rows;
  }

  /** The row pricing `model`, or null when none does. */
  find(model: string): PriceRow | null {
    const exact = this.rows.find((r) => r.model === model);
    if (exact) return exact;
    return this.rows.find((r) => model.startsWith(`${r.model}-`)) ?? null;
  }

  /** USD at list price for `tokens` of `model`, or null when the model has no price. */
  cost(model: string | null, tokens: TokenCounts): number | null {
    const row = model === null ? null : this.find(model);
    if (!row) return null;
    return (tokens.input * row.input + tokens.output * row.output + tokens.cacheWrite * row.cacheWrite + tokens.cacheRead * row.cacheRead) / 1_000_000;
  }

  /**
   * The list-price estimate over per-model usage. A model with tokens but no price makes the
   * whole figure unknown (null) and is named; a model with no tokens costs nothing. Where the
   * agent itself reported a cost for every record of a model, that cost is used, as ccusage
   * does in its default mode.
   */
  estimate(usage: Iterable<ModelUsage>): CostEstimate {
    let usd = 0;
    const unpriced: string[] = [];
    for (const m of usage) {
      if (m.reportedCostRecords > 0 && m.reportedCostRecords === m.records) {
        usd += m.reportedCostUSD;
        continue;
      }
      const t = m.tokens;
      if (t.input + t.output + t.cacheWrite + t.cacheRead === 0) continue;
      const c = this.cost(m.model, t);
      if (c === null) unpriced.push(m.model ?? 'unknown model');
      else usd += c;
    }
    return { usd: unpriced.length > 0 ? null : usd, basis: 'list-price estimate', unpricedModels: unpriced };
  }
}

/** Result of loading the user's price file. */
export interface LoadedPrices {
  table: PriceTable;
  /** What was wrong with the user's file (empty when fine or absent). */
  problems: string[];
}

/**
 * The built-in prices overridden by the user's `prices.json` (same schema as the built-in
 * file). A missing file is no problem; an unreadable or invalid file is reported and the
 * built-in prices stay in force. Never throws.
 * @param file absolute path of the user's `prices.json`
 */
export function loadPrices(file: string): LoadedPrices {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { table: new PriceTable(BUILTIN_PRICES), problems: [] };
    return { table: new PriceTable(BUILTIN_PRICES), problems: [`${file} cannot be read: ${(err as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { table: new PriceTable(BUILTIN_PRICES), problems: [`${file} is not valid JSON (${(err as Error).message}); fix it or delete it to use the built-in prices`] };
  }
  const parsed = PriceFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(file)'}: ${i.message}`);
    return { table: new PriceTable(BUILTIN_PRICES), problems };
  }
  return { table: new PriceTable([...BUILTIN_PRICES, ...parsed.data.models]), problems: [] };
}
