import { rotateBrowserToken } from '../../backend/config/browser-identity.js';
import type { CommandSpec } from '../command.js';

/**
 * `cortex token rotate`: a fresh browser-mode token for this data dir. The token is kept
 * across restarts (so an open tab reconnects by itself) until rotated; a running instance
 * keeps the old one until it restarts. Needs no instance.
 */
export const tokenRotateCommand: CommandSpec = {
  name: 'token rotate',
  summary: 'Replace the browser-mode access token (takes effect at the next start).',
  details:
    'Browser mode keeps its token across restarts, so an open tab reconnects by itself. Rotate it when the URL leaked: ' +
    'pages holding the old token are refused once the instance restarts, and the new URL is printed at that start.',
  args: [],
  options: {},
  examples: ['cortex token rotate'],
  async run({ dataDir }) {
    const identity = rotateBrowserToken(dataDir);
    return {
      data: { rotated: true, port: identity.port },
      text: 'The browser-mode token was replaced. Restart the instance (npm run serve) and open the URL it prints; open tabs with the old token are refused.',
    };
  },
};
