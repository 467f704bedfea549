import { describe, expect, it } from 'vitest';
import { runSoak } from '../../test/support/soak.js';

/** How long the soak prints (ms); `CORTEX_SOAK_MS` overrides (the benchmark runs 10 minutes). */
const SOAK_MS = Number(process.env['CORTEX_SOAK_MS'] ?? 150_000);

describe.runIf(process.platform === 'linux')('bounded: a session printing for minutes', () => {
  it(`keeps backend RSS growth under 10 % after warm-up and open fds flat (${SOAK_MS / 1000} s)`, async () => {
    const r = await runSoak(SOAK_MS);
    const mib = (n: number) => (n / 2 ** 20).toFixed(1);
    console.log(
      `soak ${SOAK_MS / 1000} s: RSS floor ${mib(r.floorFirst)} → ${mib(r.floorLast)} MiB, mean ${mib(r.meanFirst)} → ${mib(r.meanLast)} MiB; fds ${r.fdsFirst} → ${r.fdsLast}`,
    );
    expect(r.floorLast / r.floorFirst).toBeLessThan(1.1);
    expect(r.meanLast / r.meanFirst).toBeLessThan(1.1);
    expect(Math.abs(r.fdsLast - r.fdsFirst)).toBeLessThanOrEqual(2);
    expect(r.screen).toMatch(/line \d+ of a long soak/);
  }, SOAK_MS + 60_000);
});
