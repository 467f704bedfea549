import { statSync } from 'node:fs';
import { ClaudeTranscriptParser, type LineResult } from './claude-transcript.js';
import { CodexRolloutParser } from './codex-rollout.js';
import { JsonlTail, type JsonlTailOptions } from './jsonl-tail.js';
import { UsageTotals, type UsageRecord } from './usage.js';

/** The agents' record formats this room reads. */
export type UsageFormat = 'claude-transcript' | 'codex-rollout';

/** What one {@link UsageFileReader.poll} added. */
export interface UsagePoll {
  /** Usage records read in this poll, in file order. */
  records: UsageRecord[];
  /** Bytes consumed in this poll. */
  bytes: number;
  /** True when the file shrank or was replaced, so reading restarted at 0 and totals were reset. */
  restarted: boolean;
  /**
   * Complete lines read in this poll that could not be read (malformed, or over the line
   * bound) and whose usage is not covered by a later record. A Codex rollout's token counts are
   * cumulative, so a garbled count is covered once a later readable total arrives.
   */
  unreadable: number;
  /** Unreadable lines reported by earlier polls that a readable cumulative total of this poll covers. */
  resolved: number;
}

/**
 * Follows one agent record file and keeps its usage totals: each `poll()` reads only what
 * was appended since the previous one (byte offset), so cost grows with new bytes, not with
 * file size. Memory: the tail's bounded buffers plus the parser's de-duplication keys.
 * Errors: `poll` throws the fs error when the file cannot be opened (the caller decides
 * whether a missing file is "not yet written" or "unknown").
 */
export class UsageFileReader {
  readonly totals = new UsageTotals();
  private readonly tail: JsonlTail;
  private parser: { parseLine(line: string): LineResult };
  /** Bytes to read again without reporting (what an earlier run already recorded), then 0. */
  private replayTo: number;
  /** Unreadable lines of a cumulative format reported and not yet covered by a later total. */
  private reportedOutstanding = 0;

  /**
   * @param path absolute path of the transcript or rollout file
   * @param format which agent wrote it
   * @param options tail bounds; `seen` shares Claude de-duplication keys across files;
   *   `startOffset` (bytes, a line boundary: a {@link lineOffset} kept earlier) reports only
   *   what follows it: the lines before are read again once, unreported, so the parser's state
   *   (de-duplication keys, Codex's cumulative totals) is as it was (a file now shorter is read
   *   from 0)
   */
  constructor(
    readonly path: string,
    readonly format: UsageFormat,
    private readonly options: JsonlTailOptions & { seen?: Set<string>; startOffset?: number } = {},
  ) {
    // Claude usage lines all contain "usage"; the parser skips the others anyway.
    this.tail = new JsonlTail(path, format === 'claude-transcript' ? { ...options, mustContain: '"usage"' } : options);
    this.replayTo = Math.max(0, options.startOffset ?? 0);
    this.parser = this.newParser();
  }

  /** Byte offset consumed so far. */
  get offset(): number {
    return this.tail.offset;
  }

  /**
   * Byte offset of the end of the last complete line read (bytes; an unfinished last line is
   * not counted): where a later reader of the same file goes on without counting a line twice.
   */
  get lineOffset(): number {
    return this.tail.offset - this.tail.pendingLineBytes;
  }

  /** The Codex parser's session facts (session id, cwd, model), or null for other formats. */
  get codex(): CodexRolloutParser | null {
    return this.parser instanceof CodexRolloutParser ? this.parser : null;
  }

  /** Lines that could not be read (malformed, or longer than the line bound). */
  get unreadable(): number {
    return this.totals.unreadable + this.tail.oversizedLines;
  }

  /**
   * Reads what was appended since the last poll.
   * @throws the fs error when the file cannot be opened or read
   */
  poll(): UsagePoll {
    if (this.replayTo > 0) this.replay();
    const cumulative = this.format === 'codex-rollout';
    const records: UsageRecord[] = [];
    let unreadable = 0;
    let resolved = 0;
    let oversized = this.tail.oversizedLines;
    const read = this.tail.readNew(
      (line) => {
        const r = this.parser.parseLine(line);
        if (r.kind === 'usage') {
          this.totals.add(r.usage);
          records.push(r.usage);
          if (cumulative) {
            // A cumulative total covers every count before it that could not be read.
            resolved += this.reportedOutstanding;
            this.reportedOutstanding = 0;
            unreadable = 0;
          }
        } else if (r.kind === 'unreadable') {
          this.totals.unreadable++;
          unreadable++;
        }
      },
      () => {
        oversized = this.tail.oversizedLines;
        this.totals.byModel.clear();
        this.totals.records = 0;
        this.totals.unreadable = 0;
        this.parser = this.newParser();
      },
    );
    if (cumulative) this.reportedOutstanding += unreadable;
    return { records, bytes: read.bytes, restarted: read.restarted, unreadable: unreadable + this.tail.oversizedLines - oversized, resolved };
  }

  /** Reads the lines up to {@link replayTo} into the parser and totals without reporting them. */
  private replay(): void {
    const until = this.replayTo;
    const size = statSync(this.path).size; // throws while the file is not there: replayed at a later poll
    this.replayTo = 0;
    if (size < until) return; // replaced: everything is new
    this.tail.readNew(
      (line) => {
        const r = this.parser.parseLine(line);
        if (r.kind === 'usage') {
          this.totals.add(r.usage);
          if (this.format === 'codex-rollout') this.reportedOutstanding = 0;
        } else if (r.kind === 'unreadable') {
          this.totals.unreadable++;
          if (this.format === 'codex-rollout') this.reportedOutstanding++;
        }
      },
      undefined,
      until,
    );
  }

  private newParser(): { parseLine(line: string): LineResult } {
    return this.format === 'claude-transcript' ? new ClaudeTranscriptParser(this.options.seen) : new CodexRolloutParser();
  }
}
