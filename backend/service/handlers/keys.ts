import type { HandlerDeps, NamespaceHandlers } from './types.js';

/** Handlers of the keys namespace: provider API keys in the OS keychain (never sent back). */
export function createKeyHandlers(d: Pick<HandlerDeps, 'keys'>): NamespaceHandlers<'keys.'> {
  return {
    'keys.list': () => ({ keychain: d.keys.availability(), keys: d.keys.list() }),
    'keys.set': ({ provider, key }) => d.keys.set(provider, key),
    'keys.clear': ({ provider }) => d.keys.clear(provider),
  };
}
