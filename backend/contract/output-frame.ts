import type { EventFrame } from './messages.js';

/**
 * Binary WebSocket frames for `session.output`, the one event that carries bulk data.
 * JSON would escape every control char of terminal output (`\r\n`, ESC) on the way out and
 * unescape it on the way in, and a browser decodes a text frame's UTF-8 before the page's
 * code sees it; a binary frame hands the page the bytes as they are.
 *
 * Layout (little-endian):
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 1 | kind: {@link OUTPUT_FRAME_KIND} |
 * | 1 | 4 | `seq` (u32) |
 * | 5 | 4 | `chars`: UTF-16 code units of the data, what the client acknowledges (u32) |
 * | 9 | 1 | `n`: bytes of the session id (u8, ASCII) |
 * | 10 | n | session id |
 * | 10 + n | rest | the data, UTF-8 |
 *
 * Only WebSocket clients get these (Electron IPC carries the event object as is); every
 * other frame stays JSON text. Batches are whole PTY chunks, which node-pty decodes to whole
 * code points (invalid UTF-8 becomes U+FFFD), so the UTF-8 of a batch never splits a
 * character; a lone surrogate would be sent as U+FFFD (TextEncoder). Runs in Node and in
 * the browser (no Node APIs).
 */
export const OUTPUT_FRAME_KIND = 1;
/** Bytes before the session id. */
const HEADER_BYTES = 10;
/** Longest session id a frame carries, in bytes (ids are UUIDs, 36). */
export const MAX_OUTPUT_FRAME_ID_BYTES = 255;

/**
 * One `session.output` batch as a client holds it, whichever way it came: a string (a JSON
 * text frame, Electron IPC) or the UTF-8 bytes of a binary frame, which xterm.js writes as
 * they are. `chars` is what the client acknowledges (UTF-16 code units of the batch).
 */
export interface OutputBatch {
  sessionId: string;
  seq: number;
  chars: number;
  data: string | Uint8Array;
}

/** A decoded output frame; `data` is the UTF-8 of the batch, unread. */
export interface OutputFrame extends OutputBatch {
  data: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes of a frame's header for `sessionId`: where its data starts. */
export function outputFrameHeaderBytes(sessionId: string): number {
  return HEADER_BYTES + sessionId.length;
}

/**
 * Writes the header of a `session.output` frame at the start of `target`.
 * @param sessionId ASCII, at most {@link MAX_OUTPUT_FRAME_ID_BYTES} bytes
 * @param seq batch number, 0 … 2^32 − 1
 * @param chars the batch's UTF-16 length
 * @returns the header's length: the offset where the UTF-8 data goes
 * @throws RangeError when the id is too long or not ASCII, `seq` is out of range, or
 *   `target` is shorter than the header
 */
export function writeOutputFrameHeader(target: Uint8Array, sessionId: string, seq: number, chars: number): number {
  if (sessionId.length > MAX_OUTPUT_FRAME_ID_BYTES || !/^[\x20-\x7e]*$/.test(sessionId)) {
    throw new RangeError(`session id must be printable ASCII of at most ${MAX_OUTPUT_FRAME_ID_BYTES} bytes: ${JSON.stringify(sessionId.slice(0, 40))}`);
  }
  if (!Number.isInteger(seq) || seq < 0 || seq > 0xffff_ffff) throw new RangeError(`seq out of range: ${seq}`);
  const start = outputFrameHeaderBytes(sessionId);
  if (target.length < start) throw new RangeError(`a frame for this id needs ${start} bytes of header, the buffer has ${target.length}`);
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  view.setUint8(0, OUTPUT_FRAME_KIND);
  view.setUint32(1, seq, true);
  view.setUint32(5, chars, true);
  view.setUint8(9, sessionId.length);
  for (let i = 0; i < sessionId.length; i++) target[HEADER_BYTES + i] = sessionId.charCodeAt(i);
  return start;
}

/**
 * Encodes one `session.output` batch (TextEncoder; the WebSocket server sizes the frame
 * exactly with Node's Buffer instead, see ws-server.ts).
 * @param sessionId ASCII, at most {@link MAX_OUTPUT_FRAME_ID_BYTES} bytes
 * @param seq batch number, 0 … 2^32 − 1
 * @param data the batch as a string (its UTF-16 length becomes `chars`)
 * @returns the frame's bytes
 * @throws RangeError as {@link writeOutputFrameHeader}
 */
export function encodeOutputFrame(sessionId: string, seq: number, data: string): Uint8Array {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const out = new Uint8Array(outputFrameHeaderBytes(sessionId) + data.length * 3);
  const start = writeOutputFrameHeader(out, sessionId, seq, data.length);
  const { written } = encoder.encodeInto(data, out.subarray(start));
  return out.subarray(0, start + written);
}

/**
 * Decodes a frame made by {@link encodeOutputFrame} without copying its data.
 * @returns the frame, or null when `bytes` is not an output frame (wrong kind, too short)
 */
export function decodeOutputFrame(bytes: Uint8Array): OutputFrame | null {
  if (bytes.length < HEADER_BYTES || bytes[0] !== OUTPUT_FRAME_KIND) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idBytes = view.getUint8(9);
  const start = HEADER_BYTES + idBytes;
  if (bytes.length < start) return null;
  let sessionId = '';
  for (let i = HEADER_BYTES; i < start; i++) sessionId += String.fromCharCode(bytes[i]!);
  return { sessionId, seq: view.getUint32(1, true), chars: view.getUint32(5, true), data: bytes.subarray(start) };
}

/** The `session.output` event a frame stands for, its data decoded to a string. */
export function outputFrameToEvent(frame: OutputFrame): EventFrame {
  return { t: 'evt', event: 'session.output', payload: { sessionId: frame.sessionId, seq: frame.seq, data: decoder.decode(frame.data) } };
}
