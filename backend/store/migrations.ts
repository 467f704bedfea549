/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran.
 * Append only: never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: projects, sessions, session event log (issue 2)
  `
  CREATE TABLE projects (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    path       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    agent       TEXT NOT NULL,
    argv        TEXT NOT NULL,          -- JSON array
    cwd         TEXT NOT NULL,
    state       TEXT NOT NULL,
    state_since INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER,
    exit_code   INTEGER,
    signal      INTEGER,
    pid         INTEGER,
    cols        INTEGER NOT NULL,
    rows        INTEGER NOT NULL,
    title       TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX sessions_project ON sessions(project_id);
  CREATE TABLE session_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL,          -- started | state | exited | killed | resized | error
    detail      TEXT NOT NULL DEFAULT '{}'  -- JSON
  );
  CREATE INDEX session_events_session ON session_events(session_id, at);
  `,
];
