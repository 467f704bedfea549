import { describe, expect, it } from 'vitest';
import { CortexError } from './errors.js';
import type { RequestFrame } from './messages.js';
import { QUIET_CALLS_HELD, RpcClientCore } from './rpc-client.js';

function client(): { core: RpcClientCore; sent: RequestFrame[] } {
  const sent: RequestFrame[] = [];
  return { core: new RpcClientCore({ send: (f) => sent.push(f) }), sent };
}

describe('RpcClientCore quiet calls', () => {
  it('sends the request marked quiet and hands a failure answer to onError', () => {
    const { core, sent } = client();
    const errors: CortexError[] = [];
    core.callQuiet('sessions.write', { id: 's1', data: 'a' }, (e) => errors.push(e));
    expect(sent).toEqual([{ t: 'req', id: 1, method: 'sessions.write', params: { id: 's1', data: 'a' }, quiet: true }]);
    core.receive({ t: 'res', id: 1, ok: false, error: { code: 'SESSION_EXITED', message: 'gone' } });
    expect(errors.map((e) => e.code)).toEqual(['SESSION_EXITED']);
    // Answered once: a second answer with that id is nobody's.
    core.receive({ t: 'res', id: 1, ok: false, error: { code: 'INTERNAL', message: 'again' } });
    expect(errors).toHaveLength(1);
  });

  it('leaves ordinary calls to their promises, before and after quiet ones', async () => {
    const { core } = client();
    const errors: CortexError[] = [];
    const first = core.call('app.info', {});
    core.callQuiet('sessions.write', { id: 's1', data: 'a' }, (e) => errors.push(e));
    const third = core.call('app.info', {});
    core.receive({ t: 'res', id: 3, ok: true, result: 'three' });
    core.receive({ t: 'res', id: 1, ok: true, result: 'one' });
    await expect(first).resolves.toBe('one');
    await expect(third).resolves.toBe('three');
    expect(errors).toEqual([]);
  });

  it('reports a frame that could not be sent as INTERNAL', () => {
    const core = new RpcClientCore({
      send: () => {
        throw new Error('socket closed');
      },
    });
    const errors: CortexError[] = [];
    core.callQuiet('sessions.write', { id: 's1', data: 'a' }, (e) => errors.push(e));
    expect(errors.map((e) => e.code)).toEqual(['INTERNAL']);
  });

  it(`listens for the failures of the last ${QUIET_CALLS_HELD} quiet calls only, and forgets them when the link drops`, () => {
    const { core } = client();
    const failed: number[] = [];
    for (let i = 1; i <= QUIET_CALLS_HELD + 1; i++) core.callQuiet('sessions.write', { id: 's1', data: 'a' }, () => failed.push(i));
    const fail = (id: number) => core.receive({ t: 'res', id, ok: false, error: { code: 'NOT_FOUND', message: 'no' } });
    fail(1); // the oldest, forgotten
    fail(2);
    fail(QUIET_CALLS_HELD + 1);
    expect(failed).toEqual([2, QUIET_CALLS_HELD + 1]);
    core.failAll('link lost');
    fail(3);
    expect(failed).toEqual([2, QUIET_CALLS_HELD + 1]);
  });
});
