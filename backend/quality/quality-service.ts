import type { PlannedCheck, PresetGate, ProjectAnalysis, ProjectQuality } from '../contract/index.js';
import { CHECK_KINDS, CortexError, ProjectQualitySchema } from '../contract/index.js';
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
 * Precedence: what the project set explicitly > its preset's gate (`gateOf`: threshold,
 * blocking kinds, which check kinds run) > built-in defaults. Only the keys a user set are
 * stored, so a preset applied later still counts for the others.
 */
export class QualityService {
  private readonly s;

  constructor(
    db: Db,
    private readonly projects: ProjectService,
    private readonly analysis: AnalysisService,
    private readonly env: NodeJS.ProcessEnv,
    /** The project's preset gate, or null for the built-in defaults (every detected check runs). */
    private readonly gateOf: (projectId: string) => PresetGate | null = () => null,
  ) {
    this.s = {
      get: db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?'),
      put: db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
    };
  }

  /** A project's settings: what it set, over its preset's gate, over defaults (a stored shape the schema refuses counts as unset). @throws CortexError NOT_FOUND */
  settings(projectId: string): ProjectQuality {
    this.projects.get(projectId);
    const gate = this.gateOf(projectId);
    const base: ProjectQuality = { ...structuredClone(DEFAULT_PROJECT_QUALITY), ...(gate ? { threshold: gate.threshold, blocking: [...gate.blocking] } : {}) };
    const stored = this.explicit(projectId);
    const merged = { ...base, ...stored, weights: { ...base.weights, ...stored.weights } };
    const ok = ProjectQualitySchema.safeParse(merged);
    return ok.success ? ok.data : base;
  }

  /** The keys of a project's quality settings that were set explicitly (`quality.setChecks`); {} when none or unreadable. */
  explicit(projectId: string): Partial<ProjectQuality> {
    const row = this.s.get.get(key(projectId));
    if (!row) return {};
    try {
      const stored = JSON.parse(row.value) as unknown;
      const ok = ProjectQualitySchema.partial().safeParse(stored);
      return ok.success ? ok.data : {};
    } catch {
      return {};
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
    const was = this.explicit(projectId);
    const stored: Partial<ProjectQuality> = ProjectQualitySchema.partial().parse({
      commands,
      ...(patch.weights || was.weights ? { weights: { ...now.weights, ...patch.weights } } : {}),
      ...(patch.threshold !== undefined ? { threshold: patch.threshold } : was.threshold !== undefined ? { threshold: was.threshold } : {}),
      ...(patch.blocking !== undefined ? { blocking: patch.blocking } : was.blocking !== undefined ? { blocking: was.blocking } : {}),
    });
    this.s.put.run(key(projectId), JSON.stringify(stored));
    return this.settings(projectId);
  }

  /**
   * The checks for `root` (the project folder, or a task's worktree of it): detection from the
   * project's analysis, and the settings over it. @throws CortexError NOT_FOUND
   */
  async plan(projectId: string, root: string): Promise<{ detected: PlannedCheck[]; settings: ProjectQuality; checks: PlannedCheck[] }> {
    const project = this.projects.get(projectId);
    const settings = this.settings(projectId);
    // A kind the preset leaves out runs only where the project names a command for it.
    const gate = this.gateOf(projectId);
    const commands = { ...settings.commands };
    if (gate) for (const kind of CHECK_KINDS) if (!gate.checks.includes(kind) && commands[kind] === undefined) commands[kind] = null;
    let analysis: ProjectAnalysis | null = null;
    try {
      analysis = (await this.analysis.analyze(project.path)).analysis;
    } catch {
      analysis = null;
    }
    const ctx = { root, projectRoot: project.path, env: this.env };
    return { detected: planChecks(analysis, { commands: {} }, ctx), settings, checks: planChecks(analysis, { ...settings, commands }, ctx) };
  }
}
