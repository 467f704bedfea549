import { homedir } from 'node:os';
import type { HandlerDeps, NamespaceHandlers } from './types.js';

/** Handlers of the app namespace: what the instance is, and what is wrong with it (`app.health`). */
export function createAppHandlers(d: Pick<HandlerDeps, 'version' | 'dataDir' | 'health'>): NamespaceHandlers<'app.'> {
  return {
    'app.info': () => ({ version: d.version, dataDir: d.dataDir, platform: process.platform, homeDir: homedir() }),
    'app.health': () => ({ problems: d.health.problems() }),
  };
}
