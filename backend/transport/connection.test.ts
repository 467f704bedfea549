import { Subject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { ResponseFrame, ServerFrame } from '../contract/index.js';
import type { ClientConnection } from '../service/call-context.js';
import type { BroadcastEvent } from '../sessions/session-manager.js';
import { openConnection } from './connection.js';

function fakeHost() {
  const events = new Subject<BroadcastEvent>();
  let release: (() => void) | undefined;
  const handle = vi.fn(async (conn: ClientConnection, raw: unknown, send: (f: ResponseFrame) => void) => {
    if ((raw as { method?: string }).method === 'slow.attach') {
      await new Promise<void>((r) => (release = r));
      conn.attachments.set('s1', { detach: detachSlow } as never);
    }
    send({ t: 'res', id: (raw as { id: number }).id, ok: true, result: null });
  });
  const detachSlow = vi.fn();
  return { host: { bus: { events$: events.asObservable() }, router: { handle } }, events, handle, detachSlow, finishSlow: () => release?.() };
}

describe('openConnection', () => {
  it('forwards bus events and routes requests with their responses', async () => {
    const f = fakeHost();
    const sent: ServerFrame[] = [];
    const client = openConnection(f.host, (fr) => sent.push(fr));
    f.events.next({ event: 'project.removed', payload: { projectId: 'p' } } as BroadcastEvent);
    client.receive({ t: 'req', id: 1, method: 'app.info' });
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0]).toEqual({ t: 'evt', event: 'project.removed', payload: { projectId: 'p' } });
    expect(sent[1]).toMatchObject({ t: 'res', id: 1, ok: true });
  });

  it('on close stops events, detaches attachments and ignores further requests', () => {
    const f = fakeHost();
    const sent: ServerFrame[] = [];
    const client = openConnection(f.host, (fr) => sent.push(fr));
    const detach = vi.fn();
    client.connection.attachments.set('s', { detach } as never);
    client.close();
    client.close();
    expect(detach).toHaveBeenCalledOnce();
    f.events.next({ event: 'project.removed', payload: { projectId: 'p' } } as BroadcastEvent);
    client.receive({ t: 'req', id: 2, method: 'app.info' });
    expect(sent).toEqual([]);
    expect(f.handle).not.toHaveBeenCalled();
  });

  it('releases an attachment made by a call that was still running when the client went', async () => {
    const f = fakeHost();
    const client = openConnection(f.host, () => {});
    client.receive({ t: 'req', id: 3, method: 'slow.attach' });
    await vi.waitFor(() => expect(f.handle).toHaveBeenCalled());
    client.close();
    f.finishSlow();
    await vi.waitFor(() => expect(f.detachSlow).toHaveBeenCalledOnce());
    expect(client.connection.attachments.size).toBe(0);
  });
});
