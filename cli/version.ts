import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The CLI's version: the `version` of the nearest package.json named `phantom-cortex`
 * above this file, so it is right from the sources (backend/cli) and from the build
 * (dist/node/backend/cli) alike; "0.0.0" when none is found.
 */
export function cliVersion(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'phantom-cortex' && pkg.version) return pkg.version;
    } catch {
      /* no package.json here: look further up */
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
