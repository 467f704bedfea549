import { deflateRawSync, inflateRawSync, constants as zlib } from 'node:zlib';

/** Select Graphic Rendition: every attribute back to its default. */
const SGR_RESET = '\x1b[0m';

/** One stretch of serialized rows, deflated. */
interface ColdChunk {
  data: Buffer;
  rows: number;
}

/**
 * The older part of a mirror's scrollback, kept as serialize-addon output (VT sequences,
 * UTF-8) deflated in chunks instead of as xterm.js cells. A row of cells costs 12 bytes per
 * column (xterm.js keeps 3 Uint32 words per cell) plus the line object; the same row
 * serialized and deflated costs ~20–60 bytes for text. Chunks are appended in order, start
 * at a line start and end at a line break (a line longer than a chunk is cut there), and are
 * joined with CRLF when read back. Whole chunks are dropped from the top, so the rows held
 * can exceed the limit asked for by less than one chunk.
 */
export class ColdScrollback {
  private readonly chunks: ColdChunk[] = [];
  private total = 0;

  /** Rows held. */
  get rows(): number {
    return this.total;
  }

  /** Bytes of deflated data held. */
  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.data.byteLength;
    return n;
  }

  /**
   * Appends `rows` rows serialized as `text` (no trailing line break).
   * @param text serialize-addon output of the rows
   * @param rows how many buffer rows it holds (>= 1)
   */
  append(text: string, rows: number): void {
    // Level 1: a chunk moves on every few hundred rows of output; speed matters more than the last bytes.
    // Serialized rows assume they start with the default attributes and may end with others set:
    // a reset after each chunk keeps the next one (and the screen after the last) as serialized.
    this.chunks.push({ data: deflateRawSync(Buffer.from(text + SGR_RESET, 'utf8'), { level: zlib.Z_BEST_SPEED }), rows });
    this.total += rows;
  }

  /**
   * Drops whole chunks from the top while the rows left, plus `newerRows` kept elsewhere,
   * still reach `limit`.
   */
  trim(limit: number, newerRows: number): void {
    while (this.chunks.length > 0 && this.total - this.chunks[0]!.rows + newerRows >= limit) this.total -= this.chunks.shift()!.rows;
  }

  /**
   * The newest chunks holding at least `rows` rows (all when fewer), oldest first, joined
   * with CRLF; null when empty or `rows` <= 0.
   * @returns the text and the rows it holds
   */
  read(rows = Infinity): { text: string; rows: number } | null {
    if (rows <= 0 || this.chunks.length === 0) return null;
    let first = this.chunks.length;
    let n = 0;
    while (first > 0 && n < rows) n += this.chunks[--first]!.rows;
    const parts: string[] = [];
    for (let i = first; i < this.chunks.length; i++) parts.push(inflateRawSync(this.chunks[i]!.data).toString('utf8'));
    return { text: parts.join('\r\n'), rows: n };
  }

  /** Drops every row (the scrollback was erased). */
  clear(): void {
    this.chunks.length = 0;
    this.total = 0;
  }
}

/**
 * Serialized scrollback rows in front of a screen serialized for an empty screen: the rows,
 * then a blank viewport (they scroll into the scrollback exactly as they were), then the
 * cursor back at the viewport's top, where the screen part draws itself. The same join the
 * snapshot store makes of saved chunks and a saved screen.
 * @param rows the viewport height the screen was serialized at
 */
export function joinScrollback(scrollback: string, screen: string, rows: number): string {
  const up = rows > 1 ? `${'\n'.repeat(rows - 1)}\x1b[${rows - 1}A` : '';
  return `${scrollback}\r\n${up}\r${screen}`;
}
