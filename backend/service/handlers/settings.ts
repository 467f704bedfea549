import type { HandlerDeps, NamespaceHandlers } from './types.js';

/** Handlers of the settings namespace; a change is published as `settings.updated`. */
export function createSettingsHandlers(d: Pick<HandlerDeps, 'settings' | 'bus'>): NamespaceHandlers<'settings.'> {
  return {
    'settings.get': () => d.settings.get(),
    'settings.set': (patch) => {
      const all = d.settings.set(patch);
      d.bus.publish('settings.updated', all);
      return all;
    },
  };
}
