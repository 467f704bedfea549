import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { FLOW_CONTROL, type OutputBatch } from '@contract';
import { SessionStream, type TerminalSink } from './session-stream';
import type { CortexClient } from '../core/cortex-client';
import { TERMINAL_SCROLLBACK_LINES } from './terminal-themes';

/**
 * The attach protocol's bookkeeping with a scripted client: which batches reach the
 * terminal, in which order, and when acknowledgements go out. The same protocol runs
 * end to end against the real backend in the e2e tests (reconnect, recovery, paste).
 */
function setup() {
  const output$ = new Subject<OutputBatch>();
  const calls: { method: string; params: Record<string, unknown> }[] = [];
  const attaches: ((r: { snapshot: string; seq: number; cols: number; rows: number }) => void)[] = [];
  const client = {
    output$,
    call: (method: string, params: Record<string, unknown>) => {
      calls.push({ method, params });
      if (method === 'sessions.attach') return new Promise((resolve) => attaches.push(resolve));
      return Promise.resolve({ ok: true });
    },
  } as unknown as CortexClient;
  const written: string[] = [];
  const pendingCallbacks: (() => void)[] = [];
  const sink: TerminalSink & { size?: [number, number] } = {
    reset: () => written.splice(0),
    resize(cols: number, rows: number) {
      this.size = [cols, rows];
    },
    write: (data: string, done?: () => void) => {
      written.push(data);
      if (done) pendingCallbacks.push(done);
    },
  };
  const stream = new SessionStream(client, 's1', sink);
  const batch = (seq: number, data: string, sessionId = 's1'): OutputBatch => ({ sessionId, seq, data, chars: data.length }) as OutputBatch;
  const flush = () => pendingCallbacks.splice(0).forEach((f) => f());
  /** Answers the `n`-th `sessions.attach` call (default: the latest). */
  const answer = (r: { snapshot: string; seq: number; cols?: number; rows?: number }, n = attaches.length - 1) => attaches[n]!({ cols: 80, rows: 24, ...r });
  return { output$, calls, answer, written, sink, stream, batch, flush };
}

describe('SessionStream', () => {
  it('writes the snapshot first, then batches that arrived before the answer, each once, in order', async () => {
    const t = setup();
    const attached = t.stream.attach();
    t.output$.next(t.batch(3, 'c'));
    t.output$.next(t.batch(4, 'd'));
    t.output$.next(t.batch(1, 'x', 'other-session'));
    t.answer({ snapshot: 'SNAP', seq: 3, cols: 100, rows: 30 });
    expect(await attached).toEqual({ cols: 100, rows: 30 });
    expect(t.sink.size).toEqual([100, 30]);
    t.output$.next(t.batch(4, 'd'));
    t.output$.next(t.batch(5, 'e'));
    expect(t.written).toEqual(['SNAP', 'd', 'e']);
  });

  it('sends the attach at once but writes nothing until the sink is ready, then the snapshot and the batches in order', async () => {
    const t = setup();
    let ready!: () => void;
    const attached = t.stream.attach(new Promise<void>((r) => (ready = r)));
    expect(t.calls.map((c) => c.method)).toEqual(['sessions.attach']);
    t.answer({ snapshot: 'SNAP', seq: 2 });
    t.output$.next(t.batch(2, 'b'));
    t.output$.next(t.batch(3, 'c'));
    await Promise.resolve();
    expect(t.written).toEqual([]);
    expect(t.sink.size).toBeUndefined();
    ready();
    expect(await attached).toEqual({ cols: 80, rows: 24 });
    t.output$.next(t.batch(4, 'd'));
    expect(t.written).toEqual(['SNAP', 'c', 'd']);
  });

  it("states the terminal's scrollback and applies the batch after a gap the backend skipped", async () => {
    const t = setup();
    const attached = t.stream.attach();
    expect(t.calls[0]).toEqual({ method: 'sessions.attach', params: { id: 's1', flowControl: true, scrollbackLines: TERMINAL_SCROLLBACK_LINES } });
    t.answer({ snapshot: 'SNAP', seq: 2 });
    await attached;
    t.output$.next(t.batch(3, 'c'));
    t.output$.next(t.batch(6, 'f')); // 4 and 5 skipped: never sent
    t.output$.next(t.batch(5, 'e')); // older than the last applied: dropped
    t.output$.next(t.batch(7, 'g'));
    expect(t.written).toEqual(['SNAP', 'c', 'f', 'g']);
  });

  it('applies nothing when disposed while waiting for the sink', async () => {
    const t = setup();
    let ready!: () => void;
    const attached = t.stream.attach(new Promise<void>((r) => (ready = r)));
    t.answer({ snapshot: 'SNAP', seq: 1 });
    t.stream.dispose();
    ready();
    expect(await attached).toBeNull();
    expect(t.written).toEqual([]);
  });

  it('acknowledges processed output in steps of the contract ack size, never before xterm.js processed it', async () => {
    const t = setup();
    const attached = t.stream.attach();
    t.answer({ snapshot: '', seq: 0 });
    await attached;
    const half = 'x'.repeat(FLOW_CONTROL.ackSizeChars / 2);
    t.output$.next(t.batch(1, half));
    t.output$.next(t.batch(2, half));
    expect(t.calls.filter((c) => c.method === 'sessions.ack')).toEqual([]);
    t.flush();
    await Promise.resolve();
    expect(t.calls.filter((c) => c.method === 'sessions.ack')).toEqual([{ method: 'sessions.ack', params: { id: 's1', chars: FLOW_CONTROL.ackSizeChars } }]);
  });

  it('a second attach supersedes the first: the stale answer writes nothing', async () => {
    const t = setup();
    const first = t.stream.attach();
    const second = t.stream.attach();
    t.answer({ snapshot: 'NEW', seq: 7 }, 1);
    expect(await second).toEqual({ cols: 80, rows: 24 });
    t.answer({ snapshot: 'OLD', seq: 2 }, 0);
    expect(await first).toBeNull();
    expect(t.written).toEqual(['NEW']);
  });

  it('after dispose it writes nothing and detaches', async () => {
    const t = setup();
    const attached = t.stream.attach();
    t.answer({ snapshot: '', seq: 0 });
    await attached;
    t.stream.dispose();
    t.output$.next(t.batch(1, 'late'));
    expect(t.written).toEqual([]);
    expect(t.calls.at(-1)).toEqual({ method: 'sessions.detach', params: { id: 's1' } });
  });
});
