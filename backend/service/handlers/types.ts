import type { MethodName, Orphan, Params, Result } from '../../contract/index.js';
import type { AgentRegistry } from '../../agents/agent-registry.js';
import type { AnalysisService } from '../../analysis/analysis-service.js';
import type { TwoTierCache } from '../../cache/two-tier-cache.js';
import type { Orchestrator } from '../../orchestrator/orchestrator.js';
import type { ProjectService } from '../../projects/project-service.js';
import type { BreakerRegistry } from '../../recovery/breaker-registry.js';
import type { SessionManager } from '../../sessions/session-manager.js';
import type { CostRepository } from '../../store/cost-repository.js';
import type { MetricsRepository } from '../../store/metrics-repository.js';
import type { ProviderKeys } from '../../secrets/provider-keys.js';
import type { SettingsRepository } from '../../store/settings-repository.js';
import type { CallContext } from '../call-context.js';
import type { EventBus } from '../event-bus.js';
import type { HealthMonitor } from '../health-monitor.js';
import type { QualityService } from '../../quality/quality-service.js';
import type { PresetService } from '../../presets/preset-service.js';
import type { BudgetService } from '../../presets/budget-service.js';

/** A handler per contract method; params arrive already validated (defaults applied). */
export type Handlers = {
  [M in MethodName]: (params: Params<M>, ctx: CallContext) => Result<M> | Promise<Result<M>>;
};

/** The handlers of the methods whose names start with `prefix` (e.g. `'sessions.'`). */
export type NamespaceHandlers<Prefix extends string> = Pick<Handlers, Extract<MethodName, `${Prefix}${string}`>>;

/**
 * The services the handlers delegate to. `orphans` is the list found at start; it shrinks
 * as they are ended.
 */
export interface HandlerDeps {
  version: string;
  dataDir: string;
  projects: ProjectService;
  sessions: SessionManager;
  agents: AgentRegistry;
  breakers: BreakerRegistry;
  settings: SettingsRepository;
  orphans: Orphan[];
  bus: EventBus;
  analysis: AnalysisService;
  cache: TwoTierCache;
  orchestrator: Orchestrator;
  health: HealthMonitor;
  quality: QualityService;
  /** Token and cost rows the usage namespace reads. */
  costs: CostRepository;
  /** Stored system metrics samples and the sampling interval in force (ms). */
  metrics: { repo: MetricsRepository; intervalMs: () => number };
  /** Provider API keys in the OS keychain. */
  keys: ProviderKeys;
  /** Presets, per-project configuration and its history. */
  presets: PresetService;
  /** Budgets per project and per task. */
  budgets: BudgetService;
}

/** The result of a method that only confirms. */
export const OK = { ok: true } as const;
