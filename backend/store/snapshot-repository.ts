import type { Db } from './database.js';

/** A saved terminal state: serialized screen and scrollback at output batch `seq`. */
export interface SessionSnapshot {
  sessionId: string;
  seq: number;
  cols: number;
  rows: number;
  /** serialize-addon output (VT sequences): scrollback chunks, then the screen and modes. */
  data: string;
  /** ms since the epoch. */
  savedAt: number;
}

/** One incremental save: the screen, and the rows that scrolled into the scrollback since the last save. */
export interface IncrementalSave {
  sessionId: string;
  seq: number;
  cols: number;
  rows: number;
  /** The visible screen, modes and alternate buffer (serialized with no scrollback but the rows of a line wrapped into the screen). */
  screen: string;
  /** Newly scrolled-off rows, serialized, or null when none. */
  chunk: { data: string; lines: number } | null;
  /** Drop every stored chunk first (the first save, a resize, or more lines than the scrollback holds). */
  rebase: boolean;
  /** Keep at most this many scrollback lines. */
  maxLines: number;
  savedAt: number;
}

/** The stored size of one session's saved screen and scrollback. */
export interface StoredScreenSize {
  sessionId: string;
  /** Bytes of the screen and every scrollback chunk (UTF-8). */
  bytes: number;
  /** When it was last saved, ms since the epoch. */
  savedAt: number;
}

interface Row {
  session_id: string;
  seq: number;
  cols: number;
  rows: number;
  data: string;
  saved_at: number;
  chunked: number;
}

/**
 * Snapshots of sessions: the latest screen per session in `session_snapshots`, and its
 * scrollback as append-only chunks in `session_scrollback`, trimmed to the scrollback limit.
 * Each save is one transaction, so a write cut short leaves the previous snapshot whole
 * (SQLite's atomic commit; WAL).
 */
export class SnapshotRepository {
  private readonly stmts;
  private readonly saveTx;
  private readonly dropTx;
  /** Path of the database file the snapshots are written to. */
  readonly file: string;

  constructor(db: Db) {
    this.file = db.name;
    this.stmts = {
      save: db.prepare(
        'INSERT OR REPLACE INTO session_snapshots (session_id, seq, cols, rows, data, bytes, saved_at, chunked) VALUES (@sessionId, @seq, @cols, @rows, @data, @bytes, @savedAt, @chunked)',
      ),
      get: db.prepare<[string], Row>('SELECT session_id, seq, cols, rows, data, saved_at, chunked FROM session_snapshots WHERE session_id = ?'),
      chunks: db.prepare<[string], { data: string }>('SELECT data FROM session_scrollback WHERE session_id = ? ORDER BY chunk_no'),
      dropChunks: db.prepare('DELETE FROM session_scrollback WHERE session_id = ?'),
      lastChunk: db.prepare<[string], { n: number | null; lines: number | null }>(
        'SELECT MAX(chunk_no) AS n, SUM(line_count) AS lines FROM session_scrollback WHERE session_id = ?',
      ),
      addChunk: db.prepare('INSERT INTO session_scrollback (session_id, chunk_no, line_count, data) VALUES (?, ?, ?, ?)'),
      oldest: db.prepare<[string], { chunk_no: number; line_count: number }>(
        'SELECT chunk_no, line_count FROM session_scrollback WHERE session_id = ? ORDER BY chunk_no LIMIT 1',
      ),
      dropChunk: db.prepare('DELETE FROM session_scrollback WHERE session_id = ? AND chunk_no = ?'),
      dropScreen: db.prepare('DELETE FROM session_snapshots WHERE session_id = ?'),
      exitedSizes: db.prepare<[], { session_id: string; bytes: number; saved_at: number }>(
        `SELECT s.session_id, s.bytes + COALESCE((SELECT SUM(length(CAST(c.data AS BLOB))) FROM session_scrollback c WHERE c.session_id = s.session_id), 0) AS bytes, s.saved_at
           FROM session_snapshots s JOIN sessions ses ON ses.id = s.session_id WHERE ses.state = 'exited'`,
      ),
    };
    this.dropTx = db.transaction((sessionId: string) => {
      this.stmts.dropChunks.run(sessionId);
      this.stmts.dropScreen.run(sessionId);
    });
    this.saveTx = db.transaction((s: IncrementalSave) => {
      if (s.rebase) this.stmts.dropChunks.run(s.sessionId);
      if (s.chunk) {
        const last = this.stmts.lastChunk.get(s.sessionId);
        this.stmts.addChunk.run(s.sessionId, (last?.n ?? 0) + 1, s.chunk.lines, s.chunk.data);
        let lines = (last?.lines ?? 0) + s.chunk.lines;
        // Drop whole chunks from the top while what is left still fills the scrollback.
        for (let old = this.stmts.oldest.get(s.sessionId); old && lines - old.line_count >= s.maxLines; old = this.stmts.oldest.get(s.sessionId)) {
          this.stmts.dropChunk.run(s.sessionId, old.chunk_no);
          lines -= old.line_count;
        }
      }
      this.stmts.save.run({ sessionId: s.sessionId, seq: s.seq, cols: s.cols, rows: s.rows, data: s.screen, bytes: Buffer.byteLength(s.screen), savedAt: s.savedAt, chunked: 1 });
    });
  }

  /** Saves a whole serialized state (no chunks). */
  save(s: SessionSnapshot): void {
    this.stmts.dropChunks.run(s.sessionId);
    this.stmts.save.run({ ...s, bytes: Buffer.byteLength(s.data), chunked: 0 });
  }

  /** Saves the screen and appends the new scrollback rows, in one transaction. */
  saveIncremental(s: IncrementalSave): void {
    this.saveTx(s);
  }

  /** The saved screens of exited sessions with their stored size. */
  exitedScreenSizes(): StoredScreenSize[] {
    return this.stmts.exitedSizes.all().map((r) => ({ sessionId: r.session_id, bytes: r.bytes, savedAt: r.saved_at }));
  }

  /** Deletes a session's saved screen and scrollback (the session's row stays), in one transaction. */
  drop(sessionId: string): void {
    this.dropTx(sessionId);
  }

  /** The snapshot, its scrollback chunks joined in front of the screen. */
  get(sessionId: string): SessionSnapshot | undefined {
    const r = this.stmts.get.get(sessionId);
    if (!r) return undefined;
    const data = r.chunked ? joinChunked(this.stmts.chunks.all(sessionId).map((c) => c.data), r.data, r.rows) : r.data;
    return { sessionId: r.session_id, seq: r.seq, cols: r.cols, rows: r.rows, data, savedAt: r.saved_at };
  }
}

/**
 * The scrollback rows, then a blank viewport (the rows scroll into the scrollback exactly as
 * they were), then the cursor back at the viewport's top, where the screen part — serialized
 * for an empty screen — draws itself. Chunks end at a line break: the rows of a line wrapped
 * into the screen travel in the screen part, which scrolls them into the scrollback itself
 * (see `TerminalMirror.captureIncremental`).
 * @param rows the viewport height the screen was serialized at
 */
export function joinChunked(chunks: string[], screen: string, rows: number): string {
  if (chunks.length === 0) return screen;
  const up = rows > 1 ? `${'\n'.repeat(rows - 1)}\x1b[${rows - 1}A` : '';
  return `${chunks.join('\r\n')}\r\n${up}\r${screen}`;
}
