import { CortexError, type Params, type Result } from '../../contract/index.js';
import { isMissing } from '../../cache/deps.js';
import { checkProjectFolder } from '../../projects/folder-check.js';
import type { HandlerDeps } from './types.js';

/**
 * Handlers of the analysis namespace: `projects.analyze` and `cache.stats`.
 * `projects.analyze` throws CortexError NOT_FOUND for an unknown projectId, and
 * FOLDER_MISSING / NOT_A_DIRECTORY / FOLDER_UNREADABLE for a bad path.
 */
export function createAnalysisHandlers(d: Pick<HandlerDeps, 'analysis' | 'cache' | 'projects'>): {
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
