import type { TaskSettings } from '../contract/index.js';
import type { MatchConfig } from './agent-matcher.js';

/**
 * Where the orchestrator reads a project's configuration (its preset, with explicit settings
 * over it; `backend/presets/` provides it). Without one, every project runs with the global
 * orchestrator settings and the default matcher weights.
 */
export interface ProjectConfigSource {
  /** The matcher's weights and preferred agents for a project ('' for a folder not added yet). */
  matchConfig(projectId: string): MatchConfig;
  /** Iterations, switches, this project's parallel limit and the turn limit for a project's tasks. */
  taskSettings(projectId: string): TaskSettings;
}
