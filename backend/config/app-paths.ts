import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one place that knows where the app runs from. Everything else asks here for the app's
 * root, its version and the paths of files that ship beside the compiled code.
 *
 * Two layouts exist: the TypeScript sources run through tsx (tests, benchmarks, `bin/cortex`
 * before a build), where this file is `<root>/backend/config/app-paths.ts`, and the build,
 * where it is `<root>/dist/node/backend/config/app-paths.js` (also inside the desktop app's
 * archive). `<root>` holds package.json.
 */
const HERE = fileURLToPath(import.meta.url);

/** True when running from the TypeScript sources rather than the build. */
export const FROM_SOURCE = HERE.endsWith('.ts');

/** The folder holding the app's package.json (a checkout, or the installed app). */
export const APP_ROOT = resolve(dirname(HERE), FROM_SOURCE ? '../..' : '../../../..');

/** Where `tsc -p tsconfig.node.json` writes the compiled backend, electron and CLI. */
export const NODE_BUILD_DIR = join(APP_ROOT, 'dist', 'node');

/** The built renderer (`npm run build:frontend`), served in browser mode and the desktop app. */
export const RENDERER_DIR = join(APP_ROOT, 'dist', 'frontend', 'browser');

/** The app's version from its package.json; "0.0.0" when that cannot be read. */
export const APP_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/**
 * Path of a plain-JavaScript file that ships beside the compiled code (a script run as its
 * own process, such as the hook client or the gate runner), given by its path in the
 * sources, e.g. `backend/status/hook-client.mjs`. The build copies these files to the same
 * relative path under {@link NODE_BUILD_DIR} (`scripts/copy-assets.mjs`).
 */
export function shippedScript(sourcePath: string): string {
  return FROM_SOURCE ? join(APP_ROOT, sourcePath) : join(NODE_BUILD_DIR, sourcePath);
}
