import { join } from 'node:path';
import { AgentRegistry } from '../agents/agent-registry.js';
import { DATA_FILES, resolveDataDir } from '../config/data-dir.js';
import { ProjectService } from '../projects/project-service.js';
import { SessionManager } from '../sessions/session-manager.js';
import { openDatabase, type Db, type OpenDatabaseOptions } from '../store/database.js';
import { ProjectRepository } from '../store/project-repository.js';
import { SessionRepository } from '../store/session-repository.js';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers.js';
import { Router } from './router.js';
import { VERSION } from './version.js';

export interface BackendOptions extends OpenDatabaseOptions {
  /** Data directory; default {@link resolveDataDir}. */
  dataDir?: string;
  /** Environment for PATH / SHELL lookups and spawned sessions; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Lines of scrollback per session mirror. */
  scrollback?: number;
}

/**
 * The composition root of the backend: data dir, SQLite store, agent registry, projects,
 * sessions, event bus and the router that serves the contract. Plain Node; never imports
 * Electron. One instance per process.
 */
export class CortexBackend {
  readonly dataDir: string;
  readonly db: Db;
  readonly agents: AgentRegistry;
  readonly projects: ProjectService;
  readonly sessions: SessionManager;
  readonly bus = new EventBus();
  readonly router: Router;
  private closed = false;

  /** @throws Error when the data dir or the database cannot be opened */
  constructor(opts: BackendOptions = {}) {
    this.dataDir = opts.dataDir ?? resolveDataDir(opts.env);
    this.db = openDatabase(join(this.dataDir, DATA_FILES.database), opts);
    this.agents = new AgentRegistry(join(this.dataDir, DATA_FILES.profiles), opts.env);
    this.projects = new ProjectService(new ProjectRepository(this.db));
    this.sessions = new SessionManager(new SessionRepository(this.db), this.agents, opts.scrollback);
    this.bus.forward(this.sessions.events$);
    this.router = new Router(
      createHandlers({ version: VERSION, dataDir: this.dataDir, projects: this.projects, sessions: this.sessions, agents: this.agents, bus: this.bus }),
    );
  }

  /** Kills every session (whole process groups), then closes the database. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sessions.shutdown();
    this.bus.complete();
    this.db.close();
  }
}
