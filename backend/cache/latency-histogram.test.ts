import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './latency-histogram.js';

describe('LatencyHistogram', () => {
  it('reads percentiles as bucket upper bounds', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 98; i++) h.record(0.7);
    h.record(50);
    h.record(3000);
    const s = h.snapshot();
    expect(s.count).toBe(100);
    expect(s.p50Us).toBe(1);
    expect(s.p95Us).toBe(1);
    expect(s.p99Us).toBe(64); // the bucket (32, 64] holds rank 99
    expect(s.maxUs).toBe(3000);
  });
});
