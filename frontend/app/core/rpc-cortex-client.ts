import { signal } from '@angular/core';
import { Observable, Subject } from 'rxjs';
import type { EventName, EventPayload } from '@contract';
import type { RequestFrame, ServerFrame } from '@contract';
import type { MethodName, ParamsIn, Result } from '@contract';
import type { OutputBatch } from '@contract';
import { RpcClientCore, type CortexError } from '@contract';
import { CortexClient, type ConnectionState } from './cortex-client';

/**
 * The transport-independent half of both clients: an {@link RpcClientCore} numbering
 * requests, one private Subject per event name behind public Observables, and one for
 * output batches (from `session.output` events, or fed by a subclass's binary frames).
 * Subclasses carry frames with {@link sendFrame} and feed answers to {@link receive}.
 */
export abstract class RpcCortexClient extends CortexClient {
  protected readonly state = signal<ConnectionState>('connecting');
  protected readonly reconnectedSubject = new Subject<void>();
  protected readonly core = new RpcClientCore({ send: (frame) => this.sendFrame(frame) });
  private readonly subjects = new Map<EventName, Subject<unknown>>();
  private readonly outputSubject = new Subject<OutputBatch>();

  override readonly connectionState = this.state.asReadonly();
  override readonly reconnected$ = this.reconnectedSubject.asObservable();
  override readonly output$ = this.outputSubject.asObservable();

  constructor() {
    super();
    this.core.on('session.output', (o) => this.outputSubject.next({ ...o, chars: o.data.length }));
  }

  override call<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>> {
    return this.core.call(method, params);
  }

  override callQuiet<M extends MethodName>(method: M, params: ParamsIn<M>, onError: (err: CortexError) => void): void {
    this.core.callQuiet(method, params, onError);
  }

  override events<E extends Exclude<EventName, 'session.output'>>(event: E): Observable<EventPayload<E>> {
    let subject = this.subjects.get(event);
    if (!subject) {
      const created = new Subject<unknown>();
      this.core.on(event, (payload) => created.next(payload));
      this.subjects.set(event, created);
      subject = created;
    }
    return subject.asObservable() as Observable<EventPayload<E>>;
  }

  /** Feeds one frame from the backend. */
  protected receive(frame: ServerFrame): void {
    this.core.receive(frame);
  }

  /** Feeds one output batch that came outside the JSON frames (a binary frame). */
  protected receiveOutput(batch: OutputBatch): void {
    this.outputSubject.next(batch);
  }

  /** Carries one request frame to the backend. @throws Error when it cannot be sent */
  protected abstract sendFrame(frame: RequestFrame): void;
}
