import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../backend/pty/process-group.js';
import { burnersFromEnv, MAX_BURNERS, startBurners } from './burners.js';

/** CPU time (ticks) a process has used, from /proc/<pid>/stat (utime + stime). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

describe('CPU burners', () => {
  it('reads BENCH_BURNERS as a whole number in range, 0 when unset', () => {
    expect(burnersFromEnv(undefined)).toBe(0);
    expect(burnersFromEnv('')).toBe(0);
    expect(burnersFromEnv('3')).toBe(3);
    expect(() => burnersFromEnv('1.5')).toThrow(/whole number from 0 to/);
    expect(() => burnersFromEnv(String(MAX_BURNERS + 1))).toThrow(/BENCH_BURNERS/);
    expect(() => burnersFromEnv('many')).toThrow(/not "many"/);
  });

  it('spins real processes that use CPU, and stop() leaves none behind', async () => {
    const burners = startBurners(2);
    try {
      expect(burners.pids).toHaveLength(2);
      const start = burners.pids.map(cpuTicks);
      await new Promise((r) => setTimeout(r, 500));
      const used = burners.pids.map((p, i) => cpuTicks(p) - start[i]!);
      // Each spins: it used some CPU time in half a second, however loaded the machine.
      for (const u of used) expect(u).toBeGreaterThan(0);
    } finally {
      await burners.stop();
    }
    for (const p of burners.pids) expect(isAlive(p)).toBe(false);
  });
});
