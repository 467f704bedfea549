import { homedir } from 'node:os';
import type { HandlerDeps, NamespaceHandlers } from './types.js';

/** Handlers of the app namespace. */
export function createAppHandlers(d: Pick<HandlerDeps, 'version' | 'dataDir'>): NamespaceHandlers<'app.'> {
  return {
    'app.info': () => ({ version: d.version, dataDir: d.dataDir, platform: process.platform, homeDir: homedir() }),
  };
}
