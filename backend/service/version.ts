import { readFileSync } from 'node:fs';

/** The app version, from the root package.json. */
export const VERSION: string = (() => {
  for (const rel of ['../../package.json', '../../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      /* try the next layout (backend/service vs dist/node/backend/service) */
    }
  }
  return '0.0.0';
})();
