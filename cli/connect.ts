import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { DATA_DIR_ENV } from '../backend/config/data-dir.js';
import { CortexError } from '../backend/contract/index.js';
import { endpointPath, readEndpoint } from '../backend/config/endpoint-file.js';
import { WsClient } from '../backend/client/ws-client.js';
import { CliError, EXIT } from './errors.js';

const START_HINT = 'Start it with `npm start` or `npm run serve`.';

/**
 * Connects to the instance whose endpoint file (`endpoint.json`, URL and token) is in
 * `dataDir`.
 * @throws CliError `NO_INSTANCE` (exit 3) when there is no endpoint file, its process is
 *   gone, or nothing answers at its address; `UNAUTHORIZED` (exit 1) when the instance
 *   refuses the token
 */
export async function connectToInstance(dataDir: string): Promise<WsClient> {
  const folderProblem = dataDirProblem(dataDir);
  if (folderProblem) throw new CliError('NO_INSTANCE', `Phantom Cortex is not running with the data folder ${dataDir}: ${folderProblem}.`, `Check ${DATA_DIR_ENV}, or start Phantom Cortex.`, EXIT.noInstance);
  const ep = readEndpoint(dataDir);
  if (!ep) {
    const why = existsSync(endpointPath(dataDir))
      ? `the endpoint file ${endpointPath(dataDir)} is stale: its process is gone`
      : `no endpoint file in ${dataDir}`;
    throw new CliError('NO_INSTANCE', `Phantom Cortex is not running (${why}).`, START_HINT, EXIT.noInstance);
  }
  try {
    return await WsClient.connect(ep.wsUrl, ep.token);
  } catch (err) {
    if (err instanceof CortexError && err.code === 'NO_INSTANCE') {
      throw new CliError(
        'NO_INSTANCE',
        `Phantom Cortex is not running (the endpoint file in ${dataDir} names ${ep.wsUrl}, which does not answer).`,
        START_HINT,
        EXIT.noInstance,
      );
    }
    if (err instanceof CortexError && err.code === 'UNAUTHORIZED') {
      throw new CliError('UNAUTHORIZED', `${err.message}`, `The endpoint file in ${dataDir} may be out of date: restart Phantom Cortex.`);
    }
    throw err;
  }
}

/** What keeps the CLI from reading `dataDir` (missing, not a folder, not readable), or null. */
function dataDirProblem(dataDir: string): string | null {
  if (!existsSync(dataDir)) return 'that folder does not exist';
  if (!statSync(dataDir).isDirectory()) return 'that is not a folder';
  try {
    accessSync(dataDir, constants.R_OK | constants.X_OK);
  } catch (err) {
    return `you may not read that folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return null;
}
