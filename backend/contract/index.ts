/**
 * The typed contract between the backend and every client (renderer, CLI, tests), one file
 * per namespace. Types, schemas, shared limits and the platform-free client core: no Node,
 * no Electron, no DOM, and nothing else of ours.
 */
export * from './errors.js';
export * from './limits.js';
export * from './terminal-font.js';
export * from './gate-title.js';
export * from './endpoint.js';
export * from './schema-parts.js';
export * from './app.js';
export * from './health.js';
export * from './projects.js';
export * from './agents.js';
export * from './sessions.js';
export * from './settings.js';
export * from './orphans.js';
export * from './analysis.js';
export * from './tasks.js';
export * from './quality.js';
export * from './usage.js';
export * from './budgets.js';
export * from './metrics.js';
export * from './keys.js';
export * from './presets.js';
export * from './methods.js';
export * from './events.js';
export * from './messages.js';
export * from './output-frame.js';
export * from './rpc-client.js';
export * from './bridge.js';
export * from './intent.js';
