import { FLOW_CONTROL } from '../../backend/contract/index.js';
import type { WsClient } from '../../backend/client/ws-client.js';

/** Chars acknowledged per `sessions.ack`, as the app's consoles do (the contract's flow control). */
export const ACK_SIZE_CHARS = FLOW_CONTROL.ackSizeChars;

/** A flow-controlled attachment that counts output chars and acks them at once. */
export interface CountingAttachment {
  /** Chars of `session.output` received since attach. */
  readonly chars: number;
  /** Resolves once `marker` has appeared in the output (it may span batches). */
  readonly sawMarker: Promise<number>;
  /** Called with each batch (after counting). */
  onBatch(listener: (data: string, at: number) => void): void;
  /** Stops listening and detaches. */
  close(): Promise<void>;
}

/**
 * Attaches `client` to session `id` with flow control and acknowledges every
 * {@link ACK_SIZE_CHARS} chars as soon as they arrive: a client that only counts bytes,
 * so flow control is exercised but never the bottleneck.
 * @param marker text whose arrival resolves `sawMarker` with its `performance.now()`
 */
export async function attachCounting(client: WsClient, id: string, marker: string | null): Promise<CountingAttachment> {
  let chars = 0;
  let unacked = 0;
  let tail = '';
  /** Batches that arrive before the attach answer; those after its seq are applied then. */
  let early: { seq: number; data: string }[] | null = [];
  let lastSeq = 0;
  const listeners: ((data: string, at: number) => void)[] = [];
  let resolveMarker: (at: number) => void = () => {};
  const sawMarker = new Promise<number>((r) => (resolveMarker = r));
  const apply = (o: { seq: number; data: string }) => {
    if (o.seq <= lastSeq) return;
    const at = performance.now();
    lastSeq = o.seq;
    chars += o.data.length;
    unacked += o.data.length;
    if (unacked >= ACK_SIZE_CHARS) {
      const n = unacked;
      unacked = 0;
      client.call('sessions.ack', { id, chars: n }).catch(() => undefined);
    }
    if (marker !== null) {
      tail = (tail + o.data.slice(-marker.length * 2)).slice(-marker.length * 2);
      if (tail.includes(marker) || o.data.includes(marker)) resolveMarker(at);
    }
    for (const l of listeners) l(o.data, at);
  };
  const off = client.on('session.output', (o) => {
    if (o.sessionId !== id) return;
    if (early) early.push(o);
    else apply(o);
  });
  const res = await client.call('sessions.attach', { id, flowControl: true });
  lastSeq = res.seq;
  // The marker may already be on the screen the snapshot carries (a fast prompt).
  if (marker !== null && res.snapshot.includes(marker)) resolveMarker(performance.now());
  const pending = early;
  early = null;
  for (const o of pending) apply(o);
  return {
    get chars() {
      return chars;
    },
    sawMarker,
    onBatch: (l) => listeners.push(l),
    close: async () => {
      off();
      await client.call('sessions.detach', { id }).catch(() => undefined);
    },
  };
}
