import type { PlannedCheck, ProjectAnalysis, ProjectQuality } from '../contract/index.js';
import { CortexError, ProjectQualitySchema } from '../contract/index.js';
import type { AnalysisService } from '../analysis/analysis-service.js';
import { shellWords } from '../orchestrator/shell-words.js';
import type { ProjectService } from '../projects/project-service.js';
import type { Db } from '../store/database.js';
import { planChecks } from './plan-checks.js';
import { DEFAULT_PROJECT_QUALITY } from './score.js';

/** Settings key of a project's quality settings (JSON of {@link ProjectQuality}) in the settings table. */
const key = (projectId: string) => `quality.project.${projectId}`;

/** What `quality.setChecks` takes besides the project id. */
export interface QualityPatch {
  commands?: Partial<Record<PlannedCheck['kind'], string | null>> | undefined;
  weights?: Partial<ProjectQuality['weights']> | undefined;
  threshold?: number | undefined;
  blocking?: ProjectQuality['blocking'] | undefined;
}

/**
 * Per-project quality settings (check commands over detection, score weights, threshold,
 * blocking kinds) in the settings table, and the checks the gate runs for a folder.
 */
export class QualityService {
  private readonly s;

  constructor(
    db: Db,
    private readonly projects: ProjectService,
    private readonly analysis: AnalysisService,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.s = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      put: db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
    };
  }

  /** A project's settings, defaults for anything unset or stored in a shape the schema refuses. @throws CortexError NOT_FOUND */
  settings(projectId: string): ProjectQuality {
    this.projects.get(projectId);
    const row = this.s.get.get(key(projectId));
    if (!row) return structuredClone(DEFAULT_PROJECT_QUALITY);
    try {
      const stored = JSON.parse(row.value) as Partial<ProjectQuality>;
      const merged = { ...DEFAULT_PROJECT_QUALITY, ...stored, weights: { ...DEFAULT_PROJECT_QUALITY.weights, ...stored.weights } };
      const ok = ProjectQualitySchema.safeParse(merged);
      return ok.success ? ok.data : structuredClone(DEFAULT_PROJECT_QUALITY);
    } catch {
      return structuredClone(DEFAULT_PROJECT_QUALITY);
    }
  }

  /**
   * Changes a project's settings: `commands` merged key by key (`""` clears a key: detection
   * again; `null` turns the check off). @throws CortexError NOT_FOUND, INVALID_REQUEST (a
   * command that cannot be split into words)
   */
  setSettings(projectId: string, patch: QualityPatch): ProjectQuality {
    const now = this.settings(projectId);
    const commands = { ...now.commands };
    for (const [kind, cmd] of Object.entries(patch.commands ?? {}) as [PlannedCheck['kind'], string | null][]) {
      if (cmd === '' || (typeof cmd === 'string' && cmd.trim() === '')) {
        delete commands[kind];
        continue;
      }
      if (cmd !== null) {
        try {
          shellWords(cmd);
        } catch (err) {
          throw new CortexError('INVALID_REQUEST', `The ${kind} command ${JSON.stringify(cmd)} cannot be split into words: ${(err as Error).message}.`, 'Close the quote, or drop the trailing backslash.');
        }
      }
      commands[kind] = cmd === null ? null : cmd.trim();
    }
    const next: ProjectQuality = ProjectQualitySchema.parse({
      commands,
      weights: { ...now.weights, ...patch.weights },
      threshold: patch.threshold ?? now.threshold,
      blocking: patch.blocking ?? now.blocking,
    });
    this.s.put.run(key(projectId), JSON.stringify(next));
    return next;
  }

  /**
   * The checks for `root` (the project folder, or a task's worktree of it): detection from the
   * project's analysis, and the settings over it. @throws CortexError NOT_FOUND
   */
  async plan(projectId: string, root: string): Promise<{ detected: PlannedCheck[]; settings: ProjectQuality; checks: PlannedCheck[] }> {
    const project = this.projects.get(projectId);
    const settings = this.settings(projectId);
    let analysis: ProjectAnalysis | null = null;
    try {
      analysis = (await this.analysis.analyze(project.path)).analysis;
    } catch {
      analysis = null;
    }
    const ctx = { root, projectRoot: project.path, env: this.env };
    return { detected: planChecks(analysis, { commands: {} }, ctx), settings, checks: planChecks(analysis, settings, ctx) };
  }
}
