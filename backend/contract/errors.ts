/**
 * Error codes of the contract. Every failed request carries exactly one of these,
 * a message written for the user ("what was wrong") and, where one exists, a hint
 * ("what to do"). Codes are stable; messages may change.
 */
export const ERROR_CODES = [
  'INVALID_REQUEST', // params failed schema validation, or the frame was not a request
  'UNKNOWN_METHOD', // no such method on the contract
  'UNAUTHORIZED', // wrong token, foreign Origin, or an IPC sender that is not our window
  'NOT_FOUND', // a project, session or profile id that does not exist
  'FOLDER_MISSING', // a project path that does not exist
  'NOT_A_DIRECTORY', // a project path that is a file (or anything but a directory)
  'FOLDER_UNREADABLE', // a project path we may not read
  'AGENT_UNKNOWN', // no profile with that id
  'AGENT_NOT_INSTALLED', // the profile's command is not on PATH
  'PROFILE_INVALID', // the custom profiles file failed its schema
  'SESSION_EXITED', // write/resize on a session whose process has ended
  'SESSION_RUNNING', // relaunch asked for a session that still runs
  'AGENT_UNAVAILABLE', // the agent profile's circuit breaker is open
  'SPAWN_FAILED', // the OS refused to start the process
  'NO_INSTANCE', // (CLI) no running instance found through the endpoint file
  'KEYCHAIN_UNAVAILABLE', // no OS keychain could be reached: a key is never stored in plain text
  'INTERNAL', // a bug: anything not covered above
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The wire form of an error: `{ code, message, hint? }`. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  hint?: string;
}

/**
 * The one error type the backend throws across the contract.
 * @param code one of {@link ERROR_CODES}
 * @param message what was wrong, in words a user understands
 * @param hint what the user can do about it
 */
export class CortexError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CortexError';
  }

  /** The wire form of this error. */
  toPayload(): ErrorPayload {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }

  /** Rebuilds an error received over a transport. */
  static fromPayload(p: ErrorPayload): CortexError {
    return new CortexError(p.code, p.message, p.hint);
  }
}
