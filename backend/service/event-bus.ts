import { Subject, type Observable } from 'rxjs';
import type { EventName, EventPayload } from '../contract/index.js';
import type { BroadcastEvent } from '../sessions/session-manager.js';

/**
 * Events for every client (all but `session.output`, which goes per attachment).
 * A private Subject behind a public Observable.
 */
export class EventBus {
  private readonly subject = new Subject<BroadcastEvent>();
  readonly events$: Observable<BroadcastEvent> = this.subject.asObservable();

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.subject.next({ event, payload } as BroadcastEvent);
  }

  /** Forwards every event of `source` onto this bus. @returns a function that stops it */
  forward(source: Observable<BroadcastEvent>): () => void {
    const sub = source.subscribe((e) => this.subject.next(e));
    return () => sub.unsubscribe();
  }

  complete(): void {
    this.subject.complete();
  }
}
