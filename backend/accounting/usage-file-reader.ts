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

  /**
   * @param path absolute path of the transcript or rollout file
   * @param format which agent wrote it
   * @param options tail bounds; `seen` shares Claude de-duplication keys across files
   */
  constructor(
    readonly path: string,
    readonly format: UsageFormat,
    private readonly options: JsonlTailOptions & { seen?: Set<string> } = {},
  ) {
    // Claude usage lines all contain "usage"; the parser skips the others anyway.
    this.tail = new JsonlTail(path, format === 'claude-transcript' ? { ...options, mustContain: '"usage"' } : options);
    this.parser = this.newParser();
  }

  /** Byte offset consumed so far. */
  get offset(): number {
    return this.tail.offset;
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
    const records: UsageRecord[] = [];
    const read = this.tail.readNew(
      (line) => {
        const r = this.parser.parseLine(line);
        if (r.kind === 'usage') {
          this.totals.add(r.usage);
          records.push(r.usage);
        } else if (r.kind === 'unreadable') {
          this.totals.unreadable++;
        }
      },
      () => {
        this.totals.byModel.clear();
        this.totals.records = 0;
        this.totals.unreadable = 0;
        this.parser = this.newParser();
      },
    );
    return { records, bytes: read.bytes, restarted: read.restarted };
  }

  private newParser(): { parseLine(line: string): LineResult } {
    return this.format === 'claude-transcript' ? new ClaudeTranscriptParser(this.options.seen) : new CodexRolloutParser();
  }
}
