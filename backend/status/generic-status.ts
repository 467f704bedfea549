import genericFile from './generic-status.json' with { type: 'json' };
import { StatusProfileSchema, type StatusProfile } from './status-profile-schema.js';

/**
 * The generic fallback patterns (data in generic-status.json): used for every profile without
 * a `status` block — the shell profile and custom commands. A shell prompt on a still screen
 * means idle; a yes/no question, a numbered or arrow-key menu or "press enter" means waiting;
 * output flowing means working (the detector's rule, not a pattern).
 */
export const GENERIC_STATUS: StatusProfile = StatusProfileSchema.parse(genericFile);
