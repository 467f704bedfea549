import { describe, expect, it } from 'vitest';
import { decodeOutputFrame, encodeOutputFrame, OUTPUT_FRAME_KIND, outputFrameToEvent, writeOutputFrameHeader } from './output-frame.js';

const ID = '6f1c2a8e-0b7d-4c55-9d0e-3f2a1b4c5d6e';

describe('binary session.output frames', () => {
  it('carry id, seq, the UTF-16 length and the UTF-8 of a batch, multi-byte and control chars included', () => {
    const data = 'ls\r\n\x1b[1;32mgrün\x1b[0m 日本語 😀 \u0000\x7f end';
    const bytes = encodeOutputFrame(ID, 4_000_000_000, data);
    expect(bytes[0]).toBe(OUTPUT_FRAME_KIND);
    const frame = decodeOutputFrame(bytes)!;
    expect(frame.sessionId).toBe(ID);
    expect(frame.seq).toBe(4_000_000_000);
    expect(frame.chars).toBe(data.length);
    expect(Buffer.from(frame.data).toString('utf8')).toBe(data);
    // Exactly header + id + UTF-8: nothing escaped, nothing padded.
    expect(bytes.length).toBe(10 + ID.length + Buffer.byteLength(data, 'utf8'));
    expect(outputFrameToEvent(frame)).toEqual({ t: 'evt', event: 'session.output', payload: { sessionId: ID, seq: 4_000_000_000, data } });
  });

  it('decode reads a frame inside a larger buffer (a Node Buffer from a pool) and an empty batch', () => {
    const inner = encodeOutputFrame(ID, 7, '');
    const pool = new Uint8Array(inner.length + 20);
    pool.set(inner, 13);
    const frame = decodeOutputFrame(pool.subarray(13, 13 + inner.length))!;
    expect(frame).toMatchObject({ sessionId: ID, seq: 7, chars: 0 });
    expect(frame.data.length).toBe(0);
  });

  it('decode refuses what is not an output frame: another kind, too short, an id longer than the frame', () => {
    expect(decodeOutputFrame(new Uint8Array([2, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(decodeOutputFrame(new Uint8Array([OUTPUT_FRAME_KIND, 1, 2]))).toBeNull();
    expect(decodeOutputFrame(new Uint8Array([OUTPUT_FRAME_KIND, 1, 0, 0, 0, 0, 0, 0, 0, 40, 65]))).toBeNull();
  });

  it('encode says what is wrong with an id or a seq it cannot carry', () => {
    expect(() => encodeOutputFrame('x'.repeat(256), 1, 'a')).toThrow(/at most 255 bytes/);
    expect(() => encodeOutputFrame('sessión', 1, 'a')).toThrow(/printable ASCII/);
    expect(() => encodeOutputFrame(ID, -1, 'a')).toThrow(/seq out of range/);
    expect(() => encodeOutputFrame(ID, 2 ** 32, 'a')).toThrow(/seq out of range/);
    expect(() => writeOutputFrameHeader(new Uint8Array(20), ID, 1, 1)).toThrow(/needs 46 bytes of header, the buffer has 20/);
  });
});
