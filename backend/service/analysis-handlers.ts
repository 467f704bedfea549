import { CortexError, type Params, type Result } from '../contract/index.js';
import { isMissing } from '../cache/deps.js';
import type { AnalysisService } from '../analysis/analysis-service.js';
import type { TwoTierCache } from '../cache/two-tier-cache.js';
import { checkProjectFolder } from '../projects/folder-check.js';
import type { ProjectService } from '../projects/project-service.js';

/** What the analysis handlers delegate to. */
export interface AnalysisHandlerDeps {
  analysis: AnalysisService;
  cache: TwoTierCache;
  projects: ProjectService;
}

/**
 * Handlers of `projects.analyze` and `cache.stats` (issue 5), spread into `createHandlers`.
 * `projects.analyze` throws CortexError NOT_FOUND for an unknown projectId, and
 * FOLDER_MISSING / NOT_A_DIRECTORY / FOLDER_UNREADABLE for a bad path.
 */
export function createAnalysisHandlers(d: AnalysisHandlerDeps): {
  'projects.analyze': (p: Params<'projects.analyze'>) => Promise<Result<'projects.analyze'>>;
  'cache.stats': (p: Params<'cache.stats'>) => Result<'cache.stats'>;
} {
  return {
    'projects.analyze': async ({ projectId, path, refresh }) => {
      const root = checkProjectFolder(projectId !== undefined ? d.projects.get(projectId).path : path!);
      try {
        return await d.analysis.analyze(root, { refresh });
      } catch (err) {
        if (isMissing(err)) throw new CortexError('FOLDER_MISSING', `The folder ${root} disappeared during the analysis.`, 'Check the path and try again.');
        throw err;
      }
    },
    'cache.stats': () => d.cache.stats(),
  };
}
