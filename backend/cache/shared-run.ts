/**
 * One async run shared by several callers, each with its own AbortSignal. The run gets an
 * internal signal that aborts only when every caller that joined has aborted; a caller that
 * aborts is released at once (its promise rejects with its signal's reason) while the
 * others keep waiting.
 */
export function joinAbortable<T>(work: (signal: AbortSignal) => Promise<T>): {
  promise: Promise<T>;
  join(signal?: AbortSignal): Promise<T>;
} {
  const controller = new AbortController();
  let waiting = 0;
  const promise = Promise.resolve().then(() => work(controller.signal));
  promise.catch(() => undefined);
  return {
    promise,
    join(signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      waiting++;
      if (!signal) return promise;
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          waiting--;
          if (waiting === 0) controller.abort(signal.reason);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then(
          (v) => {
            signal.removeEventListener('abort', onAbort);
            resolve(v);
          },
          (e) => {
            signal.removeEventListener('abort', onAbort);
            reject(e);
          },
        );
      });
    },
  };
}
