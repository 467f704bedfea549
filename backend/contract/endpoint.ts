/**
 * Where the browser-mode server's WebSocket is, schema-free: the renderer's first screen
 * reads these without importing zod (`messages.ts`, beside the frame schemas, does).
 */

/** Name of the query parameter / header carrying the WebSocket token. */
export const TOKEN_PARAM = 'token';
/** Path of the WebSocket endpoint on the browser-mode server. */
export const WS_PATH = '/ws';
