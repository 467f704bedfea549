import { ZodError } from 'zod';
import {
  CortexError,
  METHODS,
  RequestFrameSchema,
  isMethodName,
  type ErrorPayload,
  type ResponseFrame,
} from '../contract/index.js';
import type { CallContext, ClientConnection } from './call-context.js';
import type { Handlers } from './handlers/index.js';

/**
 * Checks and dispatches request frames: the frame's shape, the method's name and its
 * params are validated against the contract before any handler runs, and every failure
 * becomes a typed error response. Both transports use this one router.
 */
export class Router {
  /** @param onInternalError sees errors that are bugs (logged, reported as `INTERNAL`) */
  constructor(
    private readonly handlers: Handlers,
    private readonly onInternalError: (err: unknown, method: string) => void = (err, method) =>
      console.error(`[cortex] ${method} failed:`, err),
  ) {}

  /**
   * Handles one incoming frame and sends its response with `send` (for a `quiet` request
   * only when it failed); then runs the call's after-response hooks. Never throws.
   * @param raw a parsed JSON value (WebSocket) or a structured-clone value (IPC)
   */
  async handle(conn: ClientConnection, raw: unknown, send: (frame: ResponseFrame) => void): Promise<void> {
    const frame = RequestFrameSchema.safeParse(raw);
    if (!frame.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      send(errorFrame(id, { code: 'INVALID_REQUEST', message: `Malformed request frame: ${describeZod(frame.error)}` }));
      return;
    }
    const { id, method, params, quiet } = frame.data;
    const after: (() => void)[] = [];
    const ctx: CallContext = { connection: conn, afterResponse: (fn) => after.push(fn) };
    let response: ResponseFrame;
    try {
      if (!isMethodName(method)) {
        throw new CortexError('UNKNOWN_METHOD', `Unknown method "${method}".`, 'See docs/API.md for the methods of the contract.');
      }
      const parsed = METHODS[method].params.safeParse(params ?? {});
      if (!parsed.success) {
        throw new CortexError('INVALID_REQUEST', `Invalid params for ${method}: ${describeZod(parsed.error)}`);
      }
      const handler = this.handlers[method] as (p: unknown, c: CallContext) => unknown;
      response = { t: 'res', id, ok: true, result: await handler(parsed.data, ctx) };
    } catch (err) {
      response = errorFrame(id, this.toPayload(err, method));
    }
    // A quiet request is answered only when it failed (contract/messages.ts).
    if (!(quiet && response.ok)) send(response);
    for (const fn of after) fn();
  }

  private toPayload(err: unknown, method: string): ErrorPayload {
    if (err instanceof CortexError) return err.toPayload();
    this.onInternalError(err, method);
    return { code: 'INTERNAL', message: `Something went wrong in ${method}: ${(err as Error)?.message ?? String(err)}` };
  }
}

function errorFrame(id: number, error: ErrorPayload): ResponseFrame {
  return { t: 'res', id, ok: false, error };
}

/** "field.path: problem; other: problem" from a ZodError. */
export function describeZod(err: ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
