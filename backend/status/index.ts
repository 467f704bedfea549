/** Live status detection (DESIGN.md "Live status"): see INTEGRATION.md for the wiring. */
export { AGENT_STATES, STATUS_SOURCES, type AgentState, type HookEvent, type StatusEvent, type StatusSource } from './status-types.js';
export { StatusDetector, type StatusDetectorOptions } from './status-detector.js';
export { attachStatusDetector } from './attach.js';
export { HookServer, HOOK_PATH, HOOK_TOKEN_HEADER, type HookHandler } from './hook-server.js';
export { hookLaunchAdditions, HOOK_CLIENT_PATH, HOOK_ENV, type HookLaunchAdditions, type HookLaunchOptions } from './hook-launch.js';
export { terminalScreen, type ScreenSnapshot, type ScreenSource } from './screen-snapshot.js';
export { GENERIC_STATUS } from './generic-status.js';
export { StatusProfileSchema, HookConfigSchema, type StatusProfile, type HookConfig } from './status-profile-schema.js';
