// `npm run serve [-- --port N]`: browser mode. Builds what is missing or stale, then runs the
// backend with the WebSocket transport on 127.0.0.1 and prints the URL with its token.
import { join } from 'node:path';
import { runBackend } from './backend-wrapper.mjs';
import { ROOT, buildIfStale } from './build-if-stale.mjs';

buildIfStale();
runBackend([join(ROOT, 'dist/node/backend/server/serve-main.js'), ...process.argv.slice(2)]);
