import { CortexError } from './errors.js';
import type { EventName, EventPayload } from './events.js';
import type { ServerFrame, RequestFrame } from './messages.js';
import type { MethodName, ParamsIn, Result } from './methods.js';

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
      const p = this.pending.get(frame.id);
      if (!p) return;
      this.pending.delete(frame.id);
      if (frame.ok) p.resolve(frame.result);
      else p.reject(CortexError.fromPayload(frame.error));
    } else if (frame.t === 'evt') {
      for (const l of this.listeners.get(frame.event) ?? []) l(frame.payload);
    }
  }

  /** Fails every pending call (the connection is gone). */
  failAll(reason: string): void {
    for (const p of this.pending.values()) p.reject(new CortexError('INTERNAL', reason));
    this.pending.clear();
  }
}
