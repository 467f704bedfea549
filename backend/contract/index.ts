/**
 * The typed contract between the backend and every client (renderer, CLI, tests).
 * Types, schemas and the platform-free client core: no Node, no Electron, no DOM.
 */
export * from './errors.js';
export * from './model.js';
export * from './methods.js';
export * from './events.js';
export * from './messages.js';
export * from './output-frame.js';
export * from './rpc-client.js';
export * from './bridge.js';
export * from './recovery-methods.js';
export * from './analysis-methods.js';
export * from './status-methods.js';
export * from './orchestrator-methods.js';
export * from './intent.js';
