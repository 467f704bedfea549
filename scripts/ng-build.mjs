// `node scripts/ng-build.mjs [ng build options]`: `ng build` with Angular's chunk optimizer on
// (NG_BUILD_OPTIMIZE_CHUNKS, applied to optimized builds only). Without it esbuild splits the
// code the first screen shares with the lazy dialogs and views into a couple dozen small initial
// chunks; the page preloads only 10 of them and finds the others once main.js has arrived, a
// second round of requests before the app starts. The optimizer merges them back into main.js.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ng = require.resolve('@angular/cli/bin/ng.js');
const run = spawnSync(process.execPath, [ng, 'build', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NG_BUILD_OPTIMIZE_CHUNKS: '1' },
});
process.exit(run.status ?? 1);
