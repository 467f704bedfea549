/**
 * Schema migrations, applied in order; `PRAGMA user_version` holds how many ran.
 * Append only: never edit a migration that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: projects, sessions, session event log
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
  // 2: two-tier cache, cold tier. `schema_version` is the row format
  // (backend/cache/cold-tier.ts CACHE_SCHEMA_VERSION); value and deps are JSON.
  `
  CREATE TABLE cache_entries (
    key            TEXT PRIMARY KEY,
    schema_version INTEGER NOT NULL,
    value          TEXT NOT NULL,
    deps           TEXT NOT NULL,         -- JSON {files: [...], trees: [...]}
    bytes          INTEGER NOT NULL,      -- UTF-8 size of value
    created_at     INTEGER NOT NULL,      -- ms since the epoch
    expires_at     INTEGER NOT NULL       -- ms since the epoch
  );
  CREATE INDEX cache_entries_expires ON cache_entries(expires_at);
  `,
  // 3: session recovery: snapshots, restore bookkeeping, restart policy,
  // circuit breakers per agent profile, settings, and which run owned a live session.
  `
  CREATE TABLE session_snapshots (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,       -- last output batch the snapshot holds
    cols       INTEGER NOT NULL,
    rows       INTEGER NOT NULL,
    data       TEXT NOT NULL,          -- serialize-addon output: screen, scrollback, modes
    bytes      INTEGER NOT NULL,
    saved_at   INTEGER NOT NULL
  );
  ALTER TABLE sessions ADD COLUMN restored_at INTEGER;
  ALTER TABLE sessions ADD COLUMN restart_policy TEXT NOT NULL DEFAULT 'never';
  ALTER TABLE sessions ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN agent_session_id TEXT;
  ALTER TABLE sessions ADD COLUMN run_id TEXT;
  ALTER TABLE sessions ADD COLUMN note TEXT NOT NULL DEFAULT '';
  CREATE TABLE agent_breakers (
    agent      TEXT PRIMARY KEY,
    state      TEXT NOT NULL,          -- closed | open | half-open
    failures   TEXT NOT NULL,          -- JSON array of failure times (ms), last 10 minutes
    opened_at  INTEGER
  );
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                -- JSON
  );
  CREATE TABLE runs (
    id         TEXT PRIMARY KEY,
    pid        INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER                 -- null: still running, or it crashed
  );
  `,
  // 4: agent-aware status: what decided the state, why, and whether the user saw it.
  // The skeleton's running/quiet states become idle.
  `
  ALTER TABLE sessions ADD COLUMN state_source TEXT NOT NULL DEFAULT 'process';
  ALTER TABLE sessions ADD COLUMN state_reason TEXT NOT NULL DEFAULT '';
  ALTER TABLE sessions ADD COLUMN seen INTEGER NOT NULL DEFAULT 1;
  UPDATE sessions SET state = 'idle' WHERE state IN ('running', 'quiet');
  `,
  // 5: incremental snapshots: scrollback saved in append-only chunks, so a
  // snapshot serializes only the screen and the lines that scrolled off since the last one.
  `
  CREATE TABLE session_scrollback (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    chunk_no   INTEGER NOT NULL,
    line_count INTEGER NOT NULL,
    data       TEXT NOT NULL,          -- serialized rows, no trailing line break
    PRIMARY KEY (session_id, chunk_no)
  );
  ALTER TABLE session_snapshots ADD COLUMN chunked INTEGER NOT NULL DEFAULT 0;
  `,
  // 6: orchestrator: tasks with their worktree, branch and agent; every quality
  // gate run; every agent switch with its reason.
  `
  CREATE TABLE tasks (
    id               TEXT PRIMARY KEY,
    project_id       TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    text             TEXT NOT NULL,
    status           TEXT NOT NULL,          -- pending | in_progress | completed | failed | cancelled
    phase            TEXT NOT NULL,          -- queued | agent | gate | committing | done
    intent           TEXT NOT NULL,
    domain           TEXT NOT NULL,
    complexity       TEXT NOT NULL,
    parse            TEXT NOT NULL,          -- JSON TaskParse
    ranking          TEXT NOT NULL,          -- JSON RankedAgent[] at creation
    agent            TEXT NOT NULL,
    agent_chosen     INTEGER NOT NULL,
    agents_tried     TEXT NOT NULL,          -- JSON string[]
    iterations       INTEGER NOT NULL DEFAULT 0,
    worktree         TEXT,
    branch           TEXT,
    base_ref         TEXT,
    base_branch      TEXT,
    in_place         INTEGER NOT NULL,
    commit_sha       TEXT,
    session_id       TEXT,
    gate_session_id  TEXT,
    gate             TEXT,                   -- JSON QualityGate (the last run)
    review           TEXT NOT NULL DEFAULT 'open',
    guidelines       TEXT,                   -- JSON {file, created} while injected
    created_at       INTEGER NOT NULL,
    started_at       INTEGER,
    ended_at         INTEGER,
    error            TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX tasks_project ON tasks(project_id, created_at);
  CREATE INDEX tasks_status ON tasks(status);
  CREATE TABLE quality_snapshots (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id       TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    iteration     INTEGER NOT NULL,
    agent         TEXT NOT NULL,
    command       TEXT,
    passed        INTEGER NOT NULL,
    exit_code     INTEGER,
    tests_passed  INTEGER,
    tests_failed  INTEGER,
    tests_skipped INTEGER,
    tests_total   INTEGER,
    format        TEXT,
    quality       REAL NOT NULL,          -- 0..1: passed / counted tests, else 1 or 0
    duration_ms   INTEGER NOT NULL,
    session_id    TEXT,
    output_tail   TEXT NOT NULL,
    at            INTEGER NOT NULL
  );
  CREATE INDEX quality_snapshots_task ON quality_snapshots(task_id, iteration);
  CREATE TABLE agent_switches (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id    TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    from_agent TEXT NOT NULL,
    to_agent   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         INTEGER NOT NULL
  );
  CREATE INDEX agent_switches_task ON agent_switches(task_id);
  `,
  // Quality snapshots: each gate run's checks (tests, type check, lint, coverage, audit), its
  // verdict (passed | failed | unverified), overall score and counts. A task can end
  // `unverified` (no check could run); tasks.status holds it like any other status.
  `
  ALTER TABLE quality_snapshots ADD COLUMN verdict TEXT;
  ALTER TABLE quality_snapshots ADD COLUMN overall REAL;
  ALTER TABLE quality_snapshots ADD COLUMN coverage REAL;
  ALTER TABLE quality_snapshots ADD COLUMN type_errors INTEGER;
  ALTER TABLE quality_snapshots ADD COLUMN lint_problems INTEGER;
  ALTER TABLE quality_snapshots ADD COLUMN vulnerabilities INTEGER;
  ALTER TABLE quality_snapshots ADD COLUMN checks TEXT;      -- JSON: GateCheck[]
  ALTER TABLE quality_snapshots ADD COLUMN snapshot TEXT;    -- JSON: QualitySnapshot
  ALTER TABLE tasks ADD COLUMN retried_at INTEGER;           -- ms: the last tasks.retry (its limits count from there)
  `,
  // Task intents: `deploy` became `build`; per-agent outcome history by project, intent and domain.
  `
  UPDATE tasks SET intent = 'build' WHERE intent = 'deploy';
  UPDATE tasks SET parse = json_set(parse, '$.intent.value', 'build') WHERE json_valid(parse) AND json_extract(parse, '$.intent.value') = 'deploy';
  CREATE TABLE agent_outcomes (
    project_id   TEXT NOT NULL,
    agent        TEXT NOT NULL,
    intent       TEXT NOT NULL,
    domain       TEXT NOT NULL,
    tasks        INTEGER NOT NULL,       -- finished attempts
    passed       INTEGER NOT NULL,       -- attempts whose gate passed
    iterations   INTEGER NOT NULL,       -- gate runs, summed
    switches     INTEGER NOT NULL,       -- times the task switched away from this agent
    duration_ms  INTEGER NOT NULL,       -- summed
    cost_usd     REAL NOT NULL,          -- summed over attempts with a known cost
    cost_known   INTEGER NOT NULL,       -- attempts with a known cost
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (project_id, agent, intent, domain)
  );
  `,
  // cost_tracking: tokens and list-price cost per session, model and hour, from the agents' own records
  `
  CREATE TABLE cost_tracking (
    session_id   TEXT NOT NULL,
    hour         INTEGER NOT NULL,        -- ms since the epoch, start of the UTC hour of the usage
    model        TEXT NOT NULL,           -- '' when the record does not say
    project_id   TEXT NOT NULL,
    agent        TEXT NOT NULL,
    task_id      TEXT,
    source       TEXT NOT NULL,           -- claude-transcript | codex-rollout | otlp
    billing      TEXT NOT NULL,           -- api | subscription | unknown
    input        INTEGER NOT NULL DEFAULT 0,
    output       INTEGER NOT NULL DEFAULT 0,
    cache_write  INTEGER NOT NULL DEFAULT 0,
    cache_read   INTEGER NOT NULL DEFAULT 0,
    reasoning    INTEGER NOT NULL DEFAULT 0,
    cost_usd     REAL,                    -- list-price estimate; NULL when unpriced or subscription
    unpriced     INTEGER NOT NULL DEFAULT 0, -- records with tokens whose cost is unknown
    records      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, hour, model, source)
  );
  CREATE INDEX cost_tracking_project ON cost_tracking(project_id, hour);
  CREATE INDEX cost_tracking_hour ON cost_tracking(hour);
  `,
  // system_metrics: one sample of the instance every metricsIntervalSec, kept METRICS_LIMITS.retentionMs
  `
  CREATE TABLE system_metrics (
    at      INTEGER PRIMARY KEY,  -- ms since the epoch
    sample  TEXT NOT NULL         -- SystemMetricsSample as JSON
  );
  `,
  // Presets and per-project configuration: user presets beside the built-in ones (data in
  // backend/presets/builtin-presets.json), which preset each project (or '*', the global
  // default) uses, the history of every configuration change, and the preset each task ran under.
  `
  CREATE TABLE user_presets (
    id          TEXT PRIMARY KEY,
    body        TEXT NOT NULL,            -- JSON PresetBody
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  CREATE TABLE preset_assignments (
    scope       TEXT PRIMARY KEY,         -- a project id, or '*' for the global default
    preset_id   TEXT NOT NULL,
    at          INTEGER NOT NULL
  );
  CREATE TABLE config_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,         -- ms since the epoch
    actor       TEXT NOT NULL,            -- ui | cli | api
    kind        TEXT NOT NULL,            -- apply | create | update | delete
    target      TEXT NOT NULL,            -- project id, '*' or preset id
    old_value   TEXT,                     -- JSON: a preset id (apply) or a Preset; NULL when none
    new_value   TEXT,
    revert_of   INTEGER,                  -- the change this one reverted
    summary     TEXT NOT NULL
  );
  CREATE INDEX config_history_target ON config_history(target, id);
  CREATE TABLE task_presets (
    task_id     TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL,
    preset_id   TEXT NOT NULL,
    at          INTEGER NOT NULL
  );
  CREATE INDEX task_presets_preset ON task_presets(preset_id);
  `,
  // session_name: the name a user gives a session ('' = the agent's name and number)
  `
  ALTER TABLE sessions ADD COLUMN name TEXT NOT NULL DEFAULT '';
  `,
  // budgets and quota: user budgets per project/task, the sessions each task ran (its spend),
  // why a pending task is held, and per-agent quota waits (until the agent's reset time)
  `
  ALTER TABLE tasks ADD COLUMN held TEXT NOT NULL DEFAULT '';
  ALTER TABLE tasks ADD COLUMN held_until INTEGER;              -- ms: a quota hold ends then
  CREATE TABLE task_sessions (
    task_id     TEXT NOT NULL,
    session_id  TEXT NOT NULL,
    PRIMARY KEY (task_id, session_id)
  );
  CREATE INDEX task_sessions_session ON task_sessions(session_id);
  CREATE TABLE budgets (
    scope   TEXT NOT NULL,                                      -- project | task
    target  TEXT NOT NULL,                                      -- project id or task id
    usd     REAL,                                               -- USD at list price; NULL: no limit
    tokens  INTEGER,                                            -- NULL: no limit
    at      INTEGER NOT NULL,
    PRIMARY KEY (scope, target)
  );
  CREATE TABLE agent_quota (
    agent   TEXT PRIMARY KEY,
    until   INTEGER NOT NULL,                                   -- ms: the agent's reset time
    reason  TEXT NOT NULL,
    at      INTEGER NOT NULL
  );
  `,
  // budget_alerts: the budget alerts already raised, so a restart does not raise them again;
  // one budget value each (raising the budget re-arms them). usage_offsets: how far each
  // session's usage file was read into cost_tracking, so a restart goes on from there.
  `
  CREATE TABLE budget_alerts (
    scope      TEXT NOT NULL,                                   -- project | task
    target     TEXT NOT NULL,                                   -- project id or task id
    limit_key  TEXT NOT NULL,                                   -- the budget's limits, 'usd=2;tokens=-'
    level      TEXT NOT NULL,                                   -- warn | stop
    at         INTEGER NOT NULL,                                -- ms since the epoch
    PRIMARY KEY (scope, target, limit_key, level)
  );
  CREATE TABLE usage_offsets (
    session_id TEXT NOT NULL,
    path       TEXT NOT NULL,                                   -- the transcript or rollout file
    bytes      INTEGER NOT NULL,                                -- bytes read into cost_tracking (complete lines)
    at         INTEGER NOT NULL,
    PRIMARY KEY (session_id, path)
  );
  `,
  // What could not be read is unknown, never 0: lines and data points that could not be read,
  // and sessions whose usage record was never found.
  `
  ALTER TABLE cost_tracking ADD COLUMN unreadable INTEGER NOT NULL DEFAULT 0; -- records that could not be read
  ALTER TABLE cost_tracking ADD COLUMN unfound INTEGER NOT NULL DEFAULT 0;    -- 1: the session's usage record was never found
  `,
  // session_task: the task each session was started for and its role there (agent | gate),
  // so every session of a task stays with it after a restart. Sessions of earlier runs get
  // theirs from the task records: agent attempts (task_sessions, tasks.session_id), gate runs
  // (quality_snapshots.session_id, tasks.gate_session_id).
  `
  ALTER TABLE sessions ADD COLUMN task_id TEXT;
  ALTER TABLE sessions ADD COLUMN task_role TEXT;                -- agent | gate; NULL without a task
  UPDATE sessions SET task_role = 'agent', task_id = (
      SELECT task_id FROM task_sessions WHERE session_id = sessions.id
      UNION ALL SELECT id FROM tasks WHERE session_id = sessions.id LIMIT 1)
    WHERE id IN (SELECT session_id FROM task_sessions UNION SELECT session_id FROM tasks WHERE session_id IS NOT NULL);
  UPDATE sessions SET task_role = 'gate', task_id = (
      SELECT task_id FROM quality_snapshots WHERE session_id = sessions.id
      UNION ALL SELECT id FROM tasks WHERE gate_session_id = sessions.id LIMIT 1)
    WHERE id IN (SELECT session_id FROM quality_snapshots WHERE session_id IS NOT NULL
      UNION SELECT gate_session_id FROM tasks WHERE gate_session_id IS NOT NULL);
  CREATE INDEX sessions_task ON sessions(task_id);
  `,
];
