import type { Signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { EventName, EventPayload } from '@contract';
import type { MethodName, ParamsIn, Result } from '@contract';
import type { CortexError, OutputBatch } from '@contract';

/**
 * Where the renderer's link to the backend stands:
 * - `connecting`: the first connection is being made;
 * - `open`: calls and events flow;
 * - `reconnecting`: the link dropped and is being re-made (with backoff);
 * - `failed`: the link cannot be made without the user's help (e.g. no token).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'failed';

/**
 * The one way the renderer talks to the backend (DI contract, Tabby style). Two
 * implementations: {@link WsCortexClient} (browser mode) and {@link IpcCortexClient}
 * (Electron preload bridge); `provideCortexClient()` picks one at bootstrap.
 */
export abstract class CortexClient {
  /** The link's state, for banners. */
  abstract readonly connectionState: Signal<ConnectionState>;
  /** Emits each time the link opens again after a loss: reload lists, re-attach consoles. */
  abstract readonly reconnected$: Observable<void>;

  /**
   * Calls a contract method.
   * @returns the method's result
   * @throws CortexError with the server's code, message and hint; `INTERNAL` when the link
   *   dropped before an answer came
   */
  abstract call<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>>;

  /**
   * Calls a contract method without asking for its answer when it succeeds (a `quiet`
   * request): keystrokes, so that each echo is the only message coming back.
   * @param onError gets the server's failure (CortexError with its code), or `INTERNAL` when
   *   the frame could not be sent; a call still unanswered when the link drops is not reported
   */
  abstract callQuiet<M extends MethodName>(method: M, params: ParamsIn<M>, onError: (err: CortexError) => void): void;

  /**
   * A stream of one backend event. Hot: only events after subscribing are seen.
   * `session.output` is not among them: it comes through {@link output$}.
   */
  abstract events<E extends Exclude<EventName, 'session.output'>>(event: E): Observable<EventPayload<E>>;

  /**
   * Every `session.output` batch of every session this client is attached to, in order per
   * session. Hot. `data` is a string (Electron IPC) or the batch's UTF-8 bytes (browser
   * mode's binary frames); an xterm.js terminal writes either.
   */
  abstract readonly output$: Observable<OutputBatch>;
}
