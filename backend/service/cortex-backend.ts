import { join } from 'node:path';
import { AgentRegistry } from '../agents/agent-registry.js';
import { DATA_FILES, resolveDataDir } from '../config/data-dir.js';
import { InstanceLock } from '../config/instance-lock.js';
import { securePrivateDir } from '../config/private-files.js';
import { ProjectService } from '../projects/project-service.js';
import { MirrorHost } from '../pty/mirror-host.js';
import { SessionManager } from '../sessions/session-manager.js';
import { openDatabase, type Db, type OpenDatabaseOptions } from '../store/database.js';
import { ProjectRepository } from '../store/project-repository.js';
import { SessionRepository } from '../store/session-repository.js';
import { CostRepository } from '../store/cost-repository.js';
import { loadPrices } from '../accounting/prices.js';
import { followCodexSession, UsageWatcher, type CodexSessionFacts, type UsageOwner } from '../accounting/usage-watcher.js';
import { launchTelemetryEnv, OtlpReceiver } from '../accounting/otlp-receiver.js';
import { usageSourceOf, usageUnfound } from '../accounting/usage-source.js';
import { homedir } from 'node:os';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers/index.js';
import { Router } from './router.js';
import { TwoTierCache } from '../cache/two-tier-cache.js';
import { AnalysisService } from '../analysis/analysis-service.js';
import { VERSION } from './version.js';
import { randomUUID } from 'node:crypto';
import { BreakerRegistry } from '../recovery/breaker-registry.js';
import { SnapshotScheduler } from '../recovery/snapshot-scheduler.js';
import { recoverLastRun, type RecoveryReport } from '../sessions/startup-recovery.js';
import { ExitedScreenBudget } from '../recovery/exited-screen-budget.js';
import { EXITED_SCREENS_BUDGET_BYTES } from '../recovery/constants.js';
import { bestEffortWrite } from '../store/best-effort.js';
import { BreakerRepository } from '../store/breaker-repository.js';
import { QuotaRepository } from '../store/quota-repository.js';
import { RunRepository } from '../store/run-repository.js';
import { SettingsRepository } from '../store/settings-repository.js';
import { SnapshotRepository } from '../store/snapshot-repository.js';
import { agentInfo } from './handlers/agents.js';
import { HookServer } from '../status/hook-server.js';
import { Orchestrator } from '../orchestrator/orchestrator.js';
import { HealthMonitor } from './health-monitor.js';
import { quarantineOf } from '../store/quarantine.js';
import { QualityService } from '../quality/quality-service.js';
import { TaskRepository } from '../orchestrator/task-repository.js';
import { MetricsRepository } from '../store/metrics-repository.js';
import { MetricsSampler } from '../metrics/metrics-sampler.js';
import { readInstance } from '../metrics/instance-reading.js';
import { clearProcessUsageHistory } from '../metrics/process-usage.js';
import { OsKeychain, type Keychain } from '../secrets/keychain.js';
import { ProviderKeys } from '../secrets/provider-keys.js';
import { PresetService } from '../presets/preset-service.js';
import { BudgetService } from '../presets/budget-service.js';
import { BudgetAlertRepository } from '../store/budget-alert-repository.js';

export interface BackendOptions extends OpenDatabaseOptions {
  /** Data directory; default {@link resolveDataDir}. */
  dataDir?: string;
  /** Environment for PATH / SHELL lookups and spawned sessions; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Lines of scrollback per session mirror and snapshot; default the `scrollbackLines` setting. */
  scrollback?: number;
  /**
   * Where provider API keys are kept, given the data dir; default the OS keychain through
   * `@napi-rs/keyring` ({@link OsKeychain}). The desktop app passes one sealed by Electron's `safeStorage`.
   */
  keychain?: (dataDir: string) => Keychain;
  /** Most bytes the saved screens of exited sessions hold together; default {@link EXITED_SCREENS_BUDGET_BYTES}. */
  exitedScreensBudgetBytes?: number;
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
  /** Problems of the instance that leave every session running (a full disk...). */
  readonly health = new HealthMonitor();
  readonly cache: TwoTierCache;
  readonly analysis: AnalysisService;
  readonly router: Router;
  readonly settings: SettingsRepository;
  readonly breakers: BreakerRegistry;
  readonly snapshots: SnapshotScheduler;
  readonly orchestrator: Orchestrator;
  /** Presets, each project's configuration and its history. */
  readonly presets: PresetService;
  /** Token and cost rows (cost_tracking). */
  readonly costs: CostRepository;
  /** System metrics every `metricsIntervalSec` (started by {@link create}). */
  readonly metrics: MetricsSampler;
  /** Follows each session's agent record file into `costs`. */
  readonly usage: UsageWatcher;
  /** The OTLP/HTTP receiver agents with a `telemetry` profile export to (started by {@link create}). */
  readonly otlp: OtlpReceiver;
  /** Provider API keys in the OS keychain, given to agents at launch. */
  readonly keys: ProviderKeys;
  /** This run of the backend (rows of its live sessions carry it; a crash leaves it unended). */
  readonly runId = randomUUID();
  /** What the start-up recovery found and did. */
  readonly recovery: RecoveryReport;
  private readonly runs: RunRepository;
  /** Task of each agent session the orchestrator started (usage rows carry it). */
  private readonly sessionTask = new Map<string, string>();
  private taskRepo: TaskRepository | null = null;
  private closed = false;
  /** The data folder's instance lock, held from {@link create} to {@link close}. */
  private lock: InstanceLock | null = null;

  /**
   * Opens the backend with its hook channel (agent hooks post live status to it).
   * One instance per data dir, enforced by an OS lock ({@link InstanceLock}); the data dir
   * is made private (0700) first.
   * @throws CortexError when another instance runs with this data dir; Error when the data
   *   dir, the database or the hook port cannot be opened, or the dir cannot be made private
   */
  static async create(opts: BackendOptions = {}): Promise<CortexBackend> {
    const dataDir = opts.dataDir ?? resolveDataDir(opts.env);
    securePrivateDir(dataDir);
    const lock = InstanceLock.acquire(dataDir, opts.nativeBinding);
    let hooks: HookServer | null = null;
    // Listening before the constructor: sessions the start-up recovery relaunches export too.
    const otlp = new OtlpReceiver();
    try {
      hooks = await HookServer.start();
      await otlp.start();
      const backend = new CortexBackend({ ...opts, dataDir }, hooks, otlp);
      backend.lock = lock;
      backend.metrics.start();
      // The first console's attach waits for the mirror worker's snapshot: boot it now.
      MirrorHost.shared().warm();
      return backend;
    } catch (err) {
      await hooks?.close();
      await otlp.close();
      lock.release();
      throw err;
    }
  }

  /**
   * Prefer {@link create}. Without `hooks`, agents that report through hooks fall back to
   * titles and screen patterns; without a started `otlp` receiver, profiles with `telemetry`
   * launch without it (their usage is not read).
   * @throws Error when the data dir or the database cannot be opened
   */
  constructor(
    opts: BackendOptions = {},
    private readonly hooks: HookServer | null = null,
    otlp: OtlpReceiver = new OtlpReceiver(),
  ) {
    this.otlp = otlp;
    this.dataDir = opts.dataDir ?? resolveDataDir(opts.env);
    this.db = openDatabase(join(this.dataDir, DATA_FILES.database), opts);
    this.agents = new AgentRegistry(join(this.dataDir, DATA_FILES.profiles), opts.env);
    this.projects = new ProjectService(new ProjectRepository(this.db));
    this.settings = new SettingsRepository(this.db);
    this.runs = new RunRepository(this.db);
    this.runs.begin(this.runId, process.pid);
    const scrollback = () => opts.scrollback ?? this.settings.get().scrollbackLines;
    const snapshotRepo = new SnapshotRepository(this.db);
    this.snapshots = new SnapshotScheduler(snapshotRepo, scrollback, undefined, undefined, this.health);
    quarantineOf(this.db).onSkip = (_row, all) => {
      const tables = [...new Set(all.map((r) => r.table))].join(', ');
      this.health.report({
        kind: 'corrupt-rows',
        message: `${all.length} corrupt row${all.length === 1 ? ' was' : 's were'} skipped (${tables}: ${all.map((r) => r.id).slice(0, 3).join(', ')}${all.length > 3 ? ', …' : ''}) in ${this.db.name}.`,
        hint: 'Everything else works; the log names each row. The rows stay in the database untouched.',
      });
    };
    this.health.problems$.subscribe((problems) => {
      if (!this.closed) this.bus.publish('app.health', { problems });
    });
    this.breakers = new BreakerRegistry(
      new BreakerRepository(this.db),
      (agent) => {
        try {
          this.bus.publish('agent.updated', agentInfo(this.agents, this.breakers, agent));
        } catch {
          /* a profile that no longer exists */
        }
      },
      Date.now,
      new QuotaRepository(this.db),
    );
    const sessionRepo = new SessionRepository(this.db);
    this.costs = new CostRepository(this.db);
    const pricesFile = join(this.dataDir, DATA_FILES.prices);
    this.usage = new UsageWatcher({
      costs: this.costs,
      prices: () => loadPrices(pricesFile).table,
      owner: (id) => this.usageOwner(sessionRepo, id),
    });
    this.usage.start();
    this.otlp.connect({
      record: (e) => this.costs.record(e),
      prices: () => loadPrices(pricesFile).table,
      owner: (id) => this.usageOwner(sessionRepo, id),
      // A limit the agent reported in an API error event: held as a quota message on its screen would be.
      limit: (id, l) => void this.sessions.reportQuota(id, { kind: l.kind, label: l.label, resetAt: l.resetAt, stated: l.stated, text: l.text }),
    });
    // One source per session: a profile that exports telemetry is read from its export only,
    // so its record file (if any) is not followed as well and nothing is counted twice.
    const exportsTelemetry = (agent: string): boolean => {
      try {
        return this.agents.require(agent).profile.telemetry !== undefined;
      } catch {
        return false;
      }
    };
    this.keys = new ProviderKeys(opts.keychain?.(this.dataDir) ?? new OsKeychain(`Phantom Cortex (${this.dataDir})`), () => this.agents.profiles());
    this.sessions = new SessionManager({
      secretEnv: (profile) => this.keys.envFor(profile),
      repo: sessionRepo,
      agents: this.agents,
      breakers: this.breakers,
      snapshots: this.snapshots,
      runId: this.runId,
      scrollback,
      env: opts.env ?? process.env,
      hooks,
      dataDir: this.dataDir,
      onHookEvent: (id, e) => {
        const s = sessionRepo.get(id);
        if (s && !exportsTelemetry(s.agent)) this.usage.onHook(id, e);
      },
      telemetryEnv: (id, profile) => (profile.telemetry && this.otlp.listening ? launchTelemetryEnv(profile.telemetry.env, this.otlp.register(id)) : {}),
    });
    this.bus.forward(this.sessions.events$);
    const env = opts.env ?? process.env;
    const codexHome = env['CODEX_HOME'] || join(homedir(), '.codex');
    this.sessions.events$.subscribe((e) => {
      if (e.event !== 'session.updated') return;
      const s = e.payload as CodexSessionFacts;
      if (s.state === 'exited') this.noteUnfoundUsage(sessionRepo, s.id, s.agent);
      if (exportsTelemetry(s.agent)) return;
      followCodexSession(this.usage, s, this.usageOwner(sessionRepo, s.id), codexHome);
    });
    this.recovery = recoverLastRun(
      { sessions: sessionRepo, snapshots: snapshotRepo, runs: this.runs, manager: this.sessions, runId: this.runId },
      this.settings.get().restoreMode,
    );
    // Exited sessions' final screens stay within their budget: counted at start and at each exit.
    const exitedScreens = new ExitedScreenBudget(snapshotRepo, opts.exitedScreensBudgetBytes ?? EXITED_SCREENS_BUDGET_BYTES, (id, budget) =>
      sessionRepo.logEvent(id, 'snapshot', { dropped: `the saved screens of exited sessions passed ${Math.round(budget / 1024 / 1024)} MiB: the oldest are dropped` }),
    );
    const keepScreensInBudget = () => bestEffortWrite('dropping the oldest exited screens', () => void exitedScreens.enforce());
    keepScreensInBudget();
    this.sessions.events$.subscribe((e) => {
      if (e.event === 'session.updated' && (e.payload as { state?: string }).state === 'exited') keepScreensInBudget();
    });
    this.cache = new TwoTierCache(this.db);
    this.analysis = new AnalysisService(this.cache);
    this.analysis.progress$.subscribe((p) => this.bus.publish('analysis.progress', p));
    const taskRepo = new TaskRepository(this.db);
    this.taskRepo = taskRepo;
    const presets: PresetService = (this.presets = new PresetService({
      db: this.db,
      projectName: (id) => this.projects.get(id).name,
      knownAgents: () => this.agents.list().map((a) => a.id),
      explicit: (projectId) => ({ quality: projectId ? quality.explicit(projectId) : {}, tasks: taskRepo.explicitSettings() }),
      publish: (c) => this.bus.publish('presets.changed', c),
    }));
    const budgets = new BudgetService({
      db: this.db,
      presetBudget: (projectId) => {
        this.projects.get(projectId);
        return presets.effective(projectId).budgets;
      },
      taskProject: (taskId) => taskRepo.get(taskId)?.projectId ?? null,
    });
    const quality: QualityService = new QualityService(this.db, this.projects, this.analysis, opts.env ?? process.env, (projectId) => presets.gateOf(projectId));
    this.orchestrator = new Orchestrator({
      quality,
      repo: taskRepo, sessions: this.sessions, projects: this.projects, agents: this.agents, breakers: this.breakers, analysis: this.analysis,
      publishTask: (t) => {
        if (t.sessionId) this.sessionTask.set(t.sessionId, t.id);
        presets.recordTask(t.id, t.projectId);
        this.bus.publish('task.updated', t);
      },
      publishProject: (p) => this.bus.publish('project.updated', p), notifyTask: (n) => this.bus.publish('task.notify', n), dataDir: this.dataDir, env: opts.env ?? process.env,
      config: presets,
      budgets,
      budgetAlerts: new BudgetAlertRepository(this.db),
      publishBudgetAlert: (a) => this.bus.publish('budget.alert', a),
    });
    // After session recovery: the tasks it interrupted find their relaunched sessions.
    this.orchestrator.start();
    const metricsRepo = new MetricsRepository(this.db);
    this.metrics = new MetricsSampler({
      repo: metricsRepo,
      intervalSec: () => this.settings.get().metricsIntervalSec,
      read: () =>
        readInstance({
          appPid: process.pid,
          sessions: () => this.sessions.list(),
          tasks: () => this.orchestrator.list(),
          costTotals: () => this.costs.totals(),
          cacheCounts: () => {
            const c = this.cache.stats();
            return { hotHits: c.hot.hits, hotMisses: c.hot.misses, coldHits: c.cold.hits };
          },
        }),
    });
    this.metrics.samples$.subscribe((sample) => {
      if (!this.closed) this.bus.publish('metrics.sample', sample);
    });
    this.router = new Router(
      createHandlers({
        version: VERSION,
        dataDir: this.dataDir,
        projects: this.projects,
        sessions: this.sessions,
        agents: this.agents,
        breakers: this.breakers,
        settings: this.settings,
        orphans: [...this.recovery.orphans],
        bus: this.bus,
        analysis: this.analysis,
        cache: this.cache,
        orchestrator: this.orchestrator,
        health: this.health,
        quality,
        costs: this.costs,
        metrics: { repo: metricsRepo, intervalMs: () => this.metrics.intervalMs() },
        keys: this.keys,
        presets,
        budgets,
      }),
    );
  }

  /**
   * An exited session of an agent whose usage the cockpit reads, whose record was never found:
   * marked so its tokens and cost read as unknown, never as 0. Never throws.
   */
  private noteUnfoundUsage(repo: SessionRepository, id: string, agent: string): void {
    try {
      const profile = this.agents.profiles().find((p) => p.id === agent);
      const source = profile ? usageSourceOf(profile) : null;
      const found = source === 'otlp' ? this.otlp.heardFrom(id) : this.usage.found(id);
      const owner = this.usageOwner(repo, id);
      if (owner && source && usageUnfound(source, found, this.costs.hasUsage(id))) this.costs.markUnfound({ ...owner, model: null, source, at: Date.now() });
    } catch {
      // A profile removed meanwhile, or a full disk: the session's usage stays as recorded.
    }
  }

  /**
   * Who a session's usage is attributed to: its project, agent and the task whose agent
   * session it is (or null). Billing is not known from the launch yet.
   */
  private usageOwner(repo: SessionRepository, id: string): UsageOwner | null {
    const s = repo.get(id);
    if (!s) return null;
    let taskId = this.sessionTask.get(id) ?? null;
    if (taskId === null && this.taskRepo) {
      taskId = this.taskRepo.taskOfSession(id);
      if (taskId !== null) this.sessionTask.set(id, taskId);
    }
    return { sessionId: id, projectId: s.projectId, agent: s.agent, taskId, billing: 'unknown' };
  }

  /**
   * Quit: saves every session's snapshot, kills every session (whole process groups) while
   * keeping them marked live for the next start, records the run's end, then closes the
   * database. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.orchestrator.close();
    await this.metrics.stop();
    clearProcessUsageHistory();
    await this.sessions.shutdown();
    this.usage.stop();
    await this.otlp.close();
    await this.hooks?.close();
    this.snapshots.dispose();
    this.runs.end(this.runId);
    this.bus.complete();
    this.analysis.close();
    await this.cache.close();
    this.db.close();
    this.lock?.release();
  }
}
