// `npm run serve [-- --port N]`: browser mode. Builds what is missing or stale, then runs the
// backend with the WebSocket transport on 127.0.0.1 and prints the URL with its token.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, buildIfStale } from './build-if-stale.mjs';

buildIfStale();
const child = spawn(process.execPath, [join(ROOT, 'dist/node/backend/server/serve-main.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
