import * as z from 'zod';
import { ERROR_CODES } from './errors.js';

/**
 * The one wire format both transports carry (JSON over WebSocket, structured clone over IPC):
 * - request  `{ t: 'req', id, method, params }`
 * - response `{ t: 'res', id, ok: true, result }` or `{ t: 'res', id, ok: false, error }`
 * - event    `{ t: 'evt', event, payload }`
 * `id` is chosen by the client and echoed back; responses may arrive out of order.
 * A request with `quiet: true` is answered only when it fails: for keystrokes
 * (`sessions.write`), whose success response would be one more message on each echo's way
 * (one more wake-up of the server, the browser's network service and the page while the
 * echo is due).
 */
export const RequestFrameSchema = z.object({
  t: z.literal('req'),
  id: z.number().int().nonnegative(),
  method: z.string(),
  params: z.unknown().optional(),
  quiet: z.literal(true).optional(),
});
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

export const ErrorPayloadSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  hint: z.string().optional(),
});

export type ResponseFrame =
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: z.infer<typeof ErrorPayloadSchema> };

export interface EventFrame {
  t: 'evt';
  event: string;
  payload: unknown;
}

export type ServerFrame = ResponseFrame | EventFrame;

