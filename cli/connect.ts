import { existsSync } from 'node:fs';
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
