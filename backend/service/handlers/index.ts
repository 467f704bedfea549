import { createAgentHandlers } from './agents.js';
import { createAnalysisHandlers } from './analysis.js';
import { createAppHandlers } from './app.js';
import { createOrphanHandlers } from './orphans.js';
import { createPresetHandlers } from './presets.js';
import { createProjectHandlers } from './projects.js';
import { createQualityHandlers } from './quality.js';
import { createSessionHandlers } from './sessions.js';
import { createSettingsHandlers } from './settings.js';
import { createTaskHandlers } from './tasks.js';
import { createUsageHandlers } from './usage.js';
import { createMetricsHandlers } from './metrics.js';
import { createKeyHandlers } from './keys.js';
import { createBudgetHandlers } from './budgets.js';
import type { HandlerDeps, Handlers } from './types.js';

export type { HandlerDeps, Handlers } from './types.js';

/**
 * The behaviour behind every method of the contract, transport-agnostic: one file per
 * namespace, as in the contract. Errors are thrown as CortexError and become error
 * responses in the router.
 */
export function createHandlers(d: HandlerDeps): Handlers {
  return {
    ...createAppHandlers(d),
    ...createProjectHandlers(d),
    ...createAgentHandlers(d),
    ...createSessionHandlers(d),
    ...createSettingsHandlers(d),
    ...createOrphanHandlers(d),
    ...createAnalysisHandlers(d),
    ...createTaskHandlers(d.orchestrator),
    ...createQualityHandlers(d),
    ...createUsageHandlers(d),
    ...createMetricsHandlers(d),
    ...createKeyHandlers(d),
    ...createPresetHandlers(d),
    ...createBudgetHandlers(d),
  };
}
