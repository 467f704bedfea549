/** Live status detection: see INTEGRATION.md for how the sessions room wires it to a session. */
export { AGENT_STATES, STATUS_SOURCES, type AgentState, type HookEvent, type StatusEvent, type StatusSource } from './status-types.js';
export { StatusDetector, type StatusDetectorOptions } from './status-detector.js';
export { HookServer, HOOK_PATH, HOOK_TOKEN_HEADER, type HookHandler } from './hook-server.js';
export { GENERIC_STATUS } from './generic-status.js';
export { StatusProfileSchema, HookConfigSchema, type StatusProfile, type HookConfig } from './status-profile-schema.js';
