import type { RequestFrame, ServerFrame } from './messages.js';

/**
 * The narrow bridge the Electron preload exposes to the sandboxed renderer as
 * `window[BRIDGE_KEY]` (contextBridge). It carries contract frames and nothing else.
 */
export interface CortexBridge {
  /** Sends a request frame to the main process. */
  send(frame: RequestFrame): void;
  /** Listens to response and event frames. @returns a function that stops listening */
  onFrame(listener: (frame: ServerFrame) => void): () => void;
  /** `process.platform` of the main process, for keyboard hints. */
  readonly platform: string;
}

/** Global name of the bridge in the renderer: `window.cortex`. */
export const BRIDGE_KEY = 'cortex';
/** IPC channel of request frames, renderer → main. */
export const IPC_REQUEST_CHANNEL = 'cortex:request';
/** IPC channel of response and event frames, main → renderer. */
export const IPC_FRAME_CHANNEL = 'cortex:frame';
