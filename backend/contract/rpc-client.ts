import { CortexError } from './errors.js';
import type { EventName, EventPayload } from './events.js';
import type { ServerFrame, RequestFrame } from './messages.js';
import type { MethodName, ParamsIn, Result } from './methods.js';

/**
 * Most quiet calls ({@link RpcClientCore.callQuiet}) whose failure the client still listens
 * for; the oldest is forgotten beyond. A failure is answered within one round trip, and no
 * one types a thousand keys within one round trip (a paste is one write); without a bound,
 * the listener of every call that succeeded (never answered) would be kept forever.
 */
export const QUIET_CALLS_HELD = 1_000;

/** Something that carries request frames one way and hands server frames back. */
export interface FrameSender {
  send(frame: RequestFrame): void;
}

/**
 * The client half of the protocol, shared by every client (renderer, CLI, tests):
 * numbers requests, matches responses to them, and fans events out to listeners.
 * Platform-free: the transport (WebSocket, IPC) feeds it frames with {@link receive}.
 */
export class RpcClientCore {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  /** Quiet calls' failure listeners by id, oldest first (at most {@link QUIET_CALLS_HELD}). */
  private readonly quiet = new Map<number, (err: CortexError) => void>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly sender: FrameSender) {}

  /**
   * Calls a method. @throws CortexError with the server's code, or `INTERNAL` when the
   * connection closed before an answer came.
   */
  call<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>> {
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      try {
        this.sender.send({ t: 'req', id, method, params: params ?? {} });
      } catch (err) {
        this.pending.delete(id);
        reject(new CortexError('INTERNAL', `Could not send ${method}: ${(err as Error).message}`));
      }
    });
  }

  /**
   * Calls a method without asking for its answer when it succeeds (a `quiet` request,
   * contract/messages.ts): for keystrokes, so that each is one message to the server and
   * none back. `onError` gets the server's failure (a CortexError with its code), or an
   * `INTERNAL` one when the frame could not be sent; a call that succeeded is never heard of
   * again, and nor is one still unanswered when the connection drops.
   */
  callQuiet<M extends MethodName>(method: M, params: ParamsIn<M>, onError: (err: CortexError) => void): void {
    const id = this.nextId++;
    this.quiet.set(id, onError);
    if (this.quiet.size > QUIET_CALLS_HELD) this.quiet.delete(this.quiet.keys().next().value!);
    try {
      this.sender.send({ t: 'req', id, method, params, quiet: true });
    } catch (err) {
      this.quiet.delete(id);
      onError(new CortexError('INTERNAL', `Could not send ${method}: ${(err as Error).message}`));
    }
  }

  /** Listens to an event. @returns a function that stops listening */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  /** Feeds a frame from the server. Unknown response ids are ignored. */
  receive(frame: ServerFrame): void {
    if (frame.t === 'res') {
      const onError = this.quiet.get(frame.id);
      if (onError) {
        this.quiet.delete(frame.id);
        if (!frame.ok) onError(CortexError.fromPayload(frame.error));
        return;
      }
      const p = this.pending.get(frame.id);
      if (!p) return;
      this.pending.delete(frame.id);
      if (frame.ok) p.resolve(frame.result);
      else p.reject(CortexError.fromPayload(frame.error));
    } else if (frame.t === 'evt') {
      for (const l of this.listeners.get(frame.event) ?? []) l(frame.payload);
    }
  }

  /** Fails every pending call (the connection is gone); quiet calls are forgotten. */
  failAll(reason: string): void {
    for (const p of this.pending.values()) p.reject(new CortexError('INTERNAL', reason));
    this.pending.clear();
    this.quiet.clear();
  }
}
